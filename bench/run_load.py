"""Load test: concurrent edits of the same residents and concurrent sign-ins lose nothing and
cause no server error. See bench/README.md.

1. Builds a scratch database (SQLite in var/bench/, or --database-url for PostgreSQL) with
   the demo data (fixed seed), editor accounts with API tokens for one team's residents and
   a pool of sign-in accounts with an authenticator (TOTP) each.
2. Serves it with gunicorn on 127.0.0.1 with production settings (DEBUG off).
3. Runs locust headless for --run-time seconds against 127.0.0.1 only (bench/locustfile.py).
4. Stops the server and checks the database against what the clients were told:
   - no request answered 5xx;
   - per resident, the saved changes form one unbroken chain of versions (no two saves
     from the same version: that would be a lost update), the final version counts them
     all, and the audit trail holds every saved change exactly once;
   - every refused edit was a reported conflict (Dutch message) and left no trace;
   - every sign-in reached the start page and left one "signed in" event.
Prints a summary with the conflict ratio and throughput; exits 1 when a check fails.

    .venv/bin/python bench/run_load.py [--run-time 60] [--editors 12] [--signins 6]
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SCRATCH = REPO / "var" / "bench"
BENCH_PASSWORD = "Bench-wachtwoord-2026!"
CONFLICT_MESSAGE = "Iemand anders"  # core.services.CONFLICT_MESSAGE in Dutch


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--run-time", type=int, default=60, help="seconds of load (default 60)")
    parser.add_argument("--editors", type=int, default=12, help="concurrent editors")
    parser.add_argument("--signins", type=int, default=6, help="concurrent sign-in users")
    parser.add_argument("--residents", type=int, default=4, help="residents edited by all")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scale", type=float, default=0.05, help="demo data scale")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (default SQLite)")
    parser.add_argument(
        "--max-p95-ms", type=float, default=20_000, help="generous ceiling on the 95th percentile"
    )
    return parser.parse_args()


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(database_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "WIJKTEAM_VAR_DIR": str(SCRATCH / "var"),
        "SECRET_KEY": "bench-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "SECURE_SSL": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
    }


def manage(*args, env):
    subprocess.run([str(BIN / "python"), str(REPO / "manage.py"), *args], cwd=REPO, env=env,
                   check=True)  # fmt: skip


def setup_django(env: dict) -> None:
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "wijkteam.settings"
    import django

    django.setup()


def prepare(args, env) -> dict:
    """Create the accounts and the plan the locust users follow (in the scratch database)."""
    setup_django({**env, "DEBUG": "1"})
    from django.db import transaction

    with transaction.atomic():  # one commit for all the accounts
        return _create_accounts(args)


def _create_accounts(args) -> dict:
    import secrets

    from django.contrib.auth.hashers import Argon2PasswordHasher
    from django.contrib.auth.models import Group
    from django.db.models import Count

    from django_otp.plugins.otp_totp.models import TOTPDevice
    from rest_framework.authtoken.models import Token

    from wijkteam.accounts.models import TeamMembership, User
    from wijkteam.accounts.roles import ROLES_BY_SLUG
    from wijkteam.residents.models import Resident

    busiest = Resident.objects.values("team").annotate(n=Count("id")).order_by("-n", "team").first()
    team_id = busiest["team"]
    residents = list(
        Resident.objects.filter(team_id=team_id).order_by("id").values_list("id", flat=True)
    )[: args.residents]
    # One Argon2 hash for every bench account: the server verifies it as in production.
    password_hash = Argon2PasswordHasher().encode(BENCH_PASSWORD, "benchsalt0123456")
    worker_group = Group.objects.get(name=ROLES_BY_SLUG["sociaal_werker"].name)
    editors = []
    for i in range(args.editors):
        user = User.objects.create(
            username=f"bench-editor-{i:02d}",
            first_name="Bench",
            last_name=f"Editor {i:02d}",
            password=password_hash,
        )
        user.groups.add(worker_group)
        TeamMembership.objects.create(user=user, team_id=team_id, start_date="2021-01-01")
        editors.append({"username": user.username, "token": Token.objects.create(user=user).key})
    # Enough sign-in accounts that none signs in twice (a TOTP code counts once).
    pool = max(200, args.signins * args.run_time)
    signin_accounts = []
    for i in range(pool):
        user = User.objects.create(
            username=f"bench-signin-{i:04d}",
            first_name="Bench",
            last_name=f"Aanmelder {i:04d}",
            password=password_hash,
        )
        user.groups.add(worker_group)
        TeamMembership.objects.create(user=user, team_id=team_id, start_date="2021-01-01")
        key = secrets.token_hex(20)
        TOTPDevice.objects.create(user=user, name="bench", key=key, confirmed=True)
        signin_accounts.append({"username": user.username, "totp_key": key})
    initial = {r.pk: r.version for r in Resident.objects.filter(pk__in=residents)}
    return {
        "seed": args.seed,
        "residents": residents,
        "initial_versions": {str(k): v for k, v in initial.items()},
        "editors": editors,
        "editor_weight": args.editors,
        "signin_weight": args.signins,
        "signin_accounts": signin_accounts,
        "signin_password": BENCH_PASSWORD,
    }


def wait_healthy(proc, url: str, timeout: int = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}; see var/bench/server.log")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise SystemExit(f"{url} did not answer within {timeout} s")


def verify(plan: dict, rows: list[dict], stats: dict) -> list[str]:
    """Compare what the clients were told with what the database holds."""
    from auditlog.models import LogEntry

    from wijkteam.core.models import AuthEvent
    from wijkteam.residents.models import Resident

    problems = []
    server_errors = [r for r in rows if r.get("status", 0) >= 500]
    problems += [f"server error: {r}" for r in server_errors[:10]]
    if stats.get("5xx"):
        problems.append(f"locust counted {stats['5xx']} responses with status 5xx")

    edits = [r for r in rows if r["kind"] == "edit"]
    by_resident = defaultdict(list)
    for row in edits:
        by_resident[row["resident"]].append(row)
    for resident_id in plan["residents"]:
        resident = Resident.objects.get(pk=resident_id)
        initial = plan["initial_versions"][str(resident_id)]
        saved = [r for r in by_resident[resident_id] if r["status"] == 200]
        refused = [r for r in by_resident[resident_id] if r["status"] in (400, 409)]
        base_versions = Counter(r["sent_version"] for r in saved)
        twice = [v for v, n in base_versions.items() if n > 1]
        if twice:
            problems.append(
                f"resident {resident_id}: two saves from version(s) {twice}: lost update"
            )
        chain = sorted(r["new_version"] for r in saved)
        if chain != list(range(initial + 1, initial + 1 + len(saved))):
            problems.append(f"resident {resident_id}: saved versions {chain} are not one chain")
        if resident.version != initial + len(saved):
            problems.append(
                f"resident {resident_id}: version {resident.version}, expected "
                f"{initial} + {len(saved)} saved changes"
            )
        history = Counter(
            (entry.changes_dict.get("street") or [None, None])[1]
            for entry in LogEntry.objects.get_for_object(resident)
        )
        missing = [r["marker"] for r in saved if history[r["marker"]] != 1]
        if missing:
            problems.append(
                f"resident {resident_id}: saved changes not in the history: {missing[:5]}"
            )
        leaked = [r["marker"] for r in refused if history[r["marker"]]]
        if leaked:
            problems.append(f"resident {resident_id}: refused changes were saved: {leaked[:5]}")
        unexplained = [r for r in refused if CONFLICT_MESSAGE not in r["message"]]
        if unexplained:
            problems.append(f"resident {resident_id}: refusals without a conflict message: "
                            f"{[r['message'][:120] for r in unexplained[:3]]}")  # fmt: skip
        if saved:
            last = max(saved, key=lambda r: r["new_version"])
            if resident.street != last["marker"]:
                problems.append(
                    f"resident {resident_id}: holds {resident.street!r}, last save was "
                    f"{last['marker']!r}"
                )
    other = [r for r in edits if r["status"] not in (200, 400, 409)]
    problems += [f"unexpected edit answer {r['status']}: {r.get('message', '')[:120]}"
                 for r in other[:5]]  # fmt: skip

    signins = [r for r in rows if r["kind"] == "signin"]
    failed = [r for r in signins if not r["ok"]]
    problems += [f"sign-in failed: {r}" for r in failed[:5]]
    users = [r["username"] for r in signins if r["ok"]]
    logged = Counter(
        AuthEvent.objects.filter(username__in=users, kind="login").values_list(
            "username", flat=True
        )
    )
    unlogged = [u for u in users if logged[u] != 1]
    if unlogged:
        problems.append(f"sign-ins without exactly one 'signed in' event: {unlogged[:5]}")
    return problems


def read_stats(csv_prefix: Path) -> dict:
    import csv

    stats = {"requests": 0, "failures": 0, "5xx": 0, "rps": 0.0, "p95_ms": 0}
    with open(f"{csv_prefix}_stats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                stats["requests"] = int(row["Request Count"])
                stats["failures"] = int(row["Failure Count"])
                stats["rps"] = float(row["Requests/s"])
                stats["p95_ms"] = row.get("95%", "")
    failures = Path(f"{csv_prefix}_failures.csv")
    if failures.exists():
        with failures.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if "50" in row["Error"][:40] and "HTTPError" in row["Error"]:
                    stats["5xx"] += int(row["Occurrences"])
    return stats


def main() -> int:
    args = parse_args()
    shutil.rmtree(SCRATCH, ignore_errors=True)
    (SCRATCH / "var").mkdir(parents=True)
    database_url = args.database_url or f"sqlite:///{SCRATCH / 'bench.sqlite3'}"
    env = base_env(database_url)
    if args.database_url:
        log("PostgreSQL: the database must exist and be empty")
    log(f"scratch database {database_url}: migrate, demo data (seed {args.seed})")
    manage("migrate", "--noinput", "-v", "0", env={**env, "DEBUG": "1"})
    manage("load_demo_data", "--seed", str(args.seed), "--scale", str(args.scale),
           env={**env, "DEBUG": "1"})  # fmt: skip
    manage("collectstatic", "--noinput", "-v", "0", env={**env, "DEBUG": "0"})
    plan = prepare(args, env)
    plan_path, results_path = SCRATCH / "plan.json", SCRATCH / "results.jsonl"
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    results_path.write_text("", encoding="utf-8")

    port = free_port()
    host = f"http://127.0.0.1:{port}"
    log(f"gunicorn ({args.workers} workers, DEBUG off) on {host}")
    server_log = (SCRATCH / "server.log").open("w")
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "wijkteam.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--threads", "4", "--timeout", "60"],
        cwd=REPO, env={**env, "DEBUG": "0"}, stdout=server_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_healthy(server, host + "/health/")
        users = args.editors + args.signins
        log(f"locust: {args.editors} editors on {len(plan['residents'])} residents, "
            f"{args.signins} sign-in users, {args.run_time} s")  # fmt: skip
        csv_prefix = SCRATCH / "locust"
        locust = subprocess.run(
            [str(BIN / "locust"), "-f", str(REPO / "bench" / "locustfile.py"), "--headless",
             "--host", host, "-u", str(users), "-r", str(users), "--run-time",
             f"{args.run_time}s", "--stop-timeout", "10", "--csv", str(csv_prefix),
             "--only-summary", "--loglevel", "WARNING"],
            cwd=REPO,
            env={**env, "BENCH_PLAN": str(plan_path), "BENCH_RESULTS": str(results_path)},
            timeout=args.run_time + 120,
            check=False,
        )  # fmt: skip
        log(f"locust exited with {locust.returncode}")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        server_log.close()

    rows = [json.loads(line) for line in results_path.read_text().splitlines() if line]
    stats = read_stats(csv_prefix)
    problems = verify(plan, rows, stats)
    edits = [r for r in rows if r["kind"] == "edit"]
    saved = sum(r["status"] == 200 for r in edits)
    conflicts = sum(r["status"] in (400, 409) for r in edits)
    signins = [r for r in rows if r["kind"] == "signin"]
    print()
    print("=== load test summary ===")
    print(
        f"requests           {stats['requests']} ({stats['rps']:.1f}/s, p95 {stats['p95_ms']} ms)"
    )
    print(f"edit attempts      {len(edits)}: {saved} saved, {conflicts} refused as conflicts")
    ratio = conflicts / len(edits) if edits else 0.0
    print(f"conflict ratio     {ratio:.2f} (conflicts / edit attempts)")
    print(f"sign-ins           {sum(r['ok'] for r in signins)} of {len(signins)} reached the "
          f"start page")  # fmt: skip
    print(f"server errors      {stats['5xx'] + sum(r.get('status', 0) >= 500 for r in rows)}")
    if stats["p95_ms"] and float(stats["p95_ms"]) > args.max_p95_ms:
        problems.append(f"p95 {stats['p95_ms']} ms is over the ceiling of {args.max_p95_ms} ms")
    if not edits or not signins:
        problems.append("the run made no edits or no sign-ins: nothing was measured")
    if problems:
        print("FAILED:")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print("passed: no lost update, every conflict reported, every sign-in recorded, no 5xx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
