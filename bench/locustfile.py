"""Locust users for bench/run_load.py: concurrent editors of the same residents and
concurrent sign-ins. Run through bench/run_load.py, which prepares the scratch database,
the plan (BENCH_PLAN) and reads the outcome (BENCH_RESULTS) afterwards.

Editors (API, token authentication): read a resident, then send a change with the version
they read. Several editors share the same few residents, so many changes race: each must
be saved (200, new version) or refused as a conflict (Dutch message, nothing saved). Every
attempt is written to BENCH_RESULTS so the runner can check that no saved change was lost
and every conflict was reported.

Sign-ins (the real login form and, where the account has an authenticator, the second
step): each sign-in uses a fresh account from a pool, so a time-based code is never used
twice.
"""

import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time
from pathlib import Path

from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ["BENCH_PLAN"]).read_text(encoding="utf-8"))
RESULTS = open(os.environ["BENCH_RESULTS"], "a", encoding="utf-8")  # noqa: SIM115
SEED = int(PLAN["seed"])
_editor_ids = itertools.count()
_signin_accounts = iter(PLAN["signin_accounts"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def record(**row):
    RESULTS.write(json.dumps(row) + "\n")
    RESULTS.flush()


@events.quitting.add_listener
def _close(environment, **kwargs):
    RESULTS.close()


def totp(key_hex: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 code for a django-otp TOTP device key (hex)."""
    counter = int((at if at is not None else time.time()) // step)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


class Editor(HttpUser):
    """Edits the shared residents through the API with optimistic concurrency."""

    weight = PLAN["editor_weight"]
    wait_time = between(0.05, 0.3)

    def on_start(self):
        self.index = next(_editor_ids)
        account = PLAN["editors"][self.index % len(PLAN["editors"])]
        self.client.headers["Authorization"] = f"Token {account['token']}"
        self.username = account["username"]
        self.random = random.Random(SEED * 1000 + self.index)
        self.sequence = itertools.count(1)

    @task
    def edit_a_shared_resident(self):
        resident = self.random.choice(PLAN["residents"])
        url = f"/api/v1/residents/{resident}/"
        with self.client.get(url, name="GET resident", catch_response=True) as read:
            if read.status_code != 200:
                read.failure(f"read {read.status_code}")
                record(kind="read_error", resident=resident, status=read.status_code)
                return
            version = read.json()["version"]
        # A short pause between reading and saving, as a person would have.
        time.sleep(self.random.uniform(0, 0.2))
        marker = f"bench {self.username} #{next(self.sequence)}"
        body = {"version": version, "street": marker}
        with self.client.patch(url, json=body, name="PATCH resident", catch_response=True) as r:
            row = {
                "kind": "edit",
                "resident": resident,
                "sent_version": version,
                "marker": marker,
                "status": r.status_code,
            }
            if r.status_code == 200:
                row["new_version"] = r.json().get("version")
                r.success()
            elif r.status_code in (400, 409):
                row["message"] = r.text[:500]
                r.success()  # a refused conflict is a correct answer
            else:
                row["message"] = r.text[:500]
                r.failure(f"edit answered {r.status_code}")
            record(**row)


class SignIn(HttpUser):
    """Signs in through the login form (and the second step when asked), then out."""

    weight = PLAN["signin_weight"]
    wait_time = between(0.2, 0.6)

    @task
    def sign_in_and_out(self):
        try:
            account = next(_signin_accounts)
        except StopIteration:
            self.stop()
            return
        self.client.cookies.clear()
        page = self.client.get("/account/inloggen/", name="GET login")
        token = CSRF.search(page.text)
        if page.status_code != 200 or not token:
            record(kind="signin", username=account["username"], ok=False, step="login page",
                   status=page.status_code)  # fmt: skip
            return
        answer = self.client.post(
            "/account/inloggen/",
            {
                "csrfmiddlewaretoken": token.group(1),
                "username": account["username"],
                "password": PLAN["signin_password"],
            },
            name="POST login",
        )
        if 'name="otp_token"' in answer.text:  # the second step
            token = CSRF.search(answer.text)
            answer = self.client.post(
                answer.url,
                {"csrfmiddlewaretoken": token.group(1), "otp_token": totp(account["totp_key"])},
                name="POST second step",
            )
        home = self.client.get("/", name="GET start page")
        ok = home.status_code == 200 and "/account/inloggen/" not in home.url
        record(kind="signin", username=account["username"], ok=ok, status=home.status_code,
               final_url=home.url, step="start page")  # fmt: skip
        token = CSRF.search(home.text)
        if ok and token:
            self.client.post(
                "/account/uitloggen/",
                {"csrfmiddlewaretoken": token.group(1)},
                name="POST logout",
            )
