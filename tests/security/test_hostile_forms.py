"""Every form of every page gets random and hostile input: no server error, nothing half
saved, and every message in Dutch.

The pages come from the permission matrix (docs/permissions.md and docs/permissions/*.md):
each page is requested as a role that may see it, for an object in that role's scope, and
every form in the HTML it serves (a browser's view: inputs, selects, textareas, hidden
version fields) is submitted with values hypothesis draws: huge strings, control
characters, NUL bytes, unusual unicode, SQL and markup snippets, negative and huge numbers,
impossible dates, repeated or missing fields, wrong version numbers and unknown extra
fields. A new app's pages are covered as soon as they are in the matrix.

Each example runs in a savepoint that is rolled back, so examples do not influence each
other and a failure replays exactly.
"""

import os
from urllib.parse import urlsplit

from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijkteam.core.tests.test_permission_matrix import MATRIX, url_kwargs

from .hostile import (
    CLASSIC_TEXT,
    ENGLISH_DEFAULTS,
    SECURITY,
    changed_tables,
    db_fingerprint,
    error_messages,
    form_payload,
    log_tables,
    looks_english,
    parse_forms,
    short,
    tracked_tables,
)

pytestmark = pytest.mark.django_db

# Forms that only sign out or keep a session alive carry no input worth fuzzing.
XSS_PROBES = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')
# Phrases that can only be an untranslated Django default, wherever they appear on a page.
PAGE_WIDE_ENGLISH = ENGLISH_DEFAULTS[:14]


def role_for(name: str) -> str | None:
    """The visitor to fuzz a page as: anonymous where the public may use it, else the first
    role the matrix allows (the objects in url_kwargs are in the worker's scope)."""
    roles = MATRIX[(name, "GET")]
    if roles.get("anonymous"):
        return "anonymous"
    return next((role for role, allowed in roles.items() if allowed), None)


PAGES = sorted(
    name for (name, method) in MATRIX if method == "GET" and ":" in name and role_for(name)
)
VERBOSE = bool(os.environ.get("SECURITY_VERBOSE"))
# A form reachable from several pages (the same view and fields) is fuzzed once per run.
FUZZED: set[tuple] = set()


def form_key(form) -> tuple:
    try:
        view = resolve(form.action).view_name
    except Resolver404:
        view = form.action
    return (form.method, view, form.names)


def is_sign_in_redirect(response) -> bool:
    """A page the matrix allows must be served, not bounced to the login or second step
    (that would make this test pass without fuzzing anything)."""
    if response.status_code != 302:
        return False
    try:
        name = resolve(urlsplit(response["Location"]).path).url_name or ""
    except Resolver404:
        return False
    return any(word in name for word in ("login", "otp", "two-factor", "verify"))


def without_echo(message: str, payload: dict) -> str:
    """An error may quote the user's own input; that part is not ours to translate."""
    for value in payload.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and len(item) > 2:
                message = message.replace(item, " ")
    return message


def check_response(response, payload: dict, *, method: str, baseline, tables, where: str):
    status = response.status_code
    assert status < 500, f"{where}: server error {status} for {short(payload)}"
    if status in (301, 302, 303, 307, 308):
        target = urlsplit(response["Location"])
        assert target.netloc in ("", "testserver") and not response["Location"].startswith("//"), (
            f"{where}: redirect off the site to {response['Location']!r} for {short(payload)}"
        )
    body = ""
    if "text/html" in response.get("Content-Type", "") and hasattr(response, "content"):
        body = response.content.decode(errors="replace")
    messages = error_messages(body)
    refused = status >= 400 or (status == 200 and method == "post" and bool(messages))
    if method == "get" or refused:
        try:
            changed = changed_tables(baseline, db_fingerprint(tables))
        except transaction.TransactionManagementError as exc:  # pragma: no cover - reported
            pytest.fail(f"{where}: a database error was swallowed for {short(payload)}: {exc}")
        if method == "get" and status < 400:
            changed = [t for t in changed if t not in log_tables()]
        kind = "a GET request" if method == "get" else f"a refused request ({status})"
        assert not changed, f"{where}: {kind} changed {changed} for {short(payload)}"
    english = [m for m in messages if looks_english(without_echo(m, payload))]
    assert not english, f"{where}: English message(s) {english} for {short(payload)}"
    page_wide = [p for p in PAGE_WIDE_ENGLISH if p in body]
    assert not page_wide, f"{where}: untranslated Django text {page_wide} for {short(payload)}"
    for probe in XSS_PROBES:
        sent = any(probe in str(v) for v in payload.values())
        assert not (sent and probe in body), f"{where}: {probe!r} reflected unescaped"


def fuzz_form(client, form, *, where: str):
    if VERBOSE:
        print(f"fuzzing {where}: {form.method.upper()} {form.action} {list(form.names)}")  # noqa: T201
    tables = tracked_tables()
    baseline = db_fingerprint(tables)
    today = timezone.localdate().isoformat()

    def attempt(payload, htmx):
        headers = {"HX-Request": "true"} if htmx else {}
        with transaction.atomic():
            try:
                try:
                    if form.method == "get":
                        response = client.get(form.action, payload, headers=headers)
                    else:
                        response = client.post(form.action, payload, headers=headers)
                except Exception as exc:
                    raise AssertionError(
                        f"{where} -> {form.method.upper()} {form.action}: server error "
                        f"{type(exc).__name__}: {exc} for {short(payload)}"
                    ) from exc
                check_response(
                    response,
                    payload,
                    method=form.method,
                    baseline=baseline,
                    tables=tables,
                    where=f"{where} -> {form.method.upper()} {form.action}",
                )
            finally:
                transaction.set_rollback(True)

    fields = [f for f in form.fuzzable if f.kind != "file"]
    names = sorted({f.name for f in fields})
    current = {f.name: f.value for f in fields if f.kind not in {"checkbox", "radio"} or f.checked}
    attempt({}, False)
    for value in CLASSIC_TEXT:
        attempt(dict.fromkeys(names, value), False)
    # One field at a time, the others as the page filled them in: a bad value in another
    # field must not hide a crash behind an ordinary validation error.
    for value in CLASSIC_TEXT[:3] if form.method == "get" else CLASSIC_TEXT[::2]:
        for name in names:
            attempt({**current, name: value}, False)

    @SECURITY
    @given(payload=form_payload(form, valid_date=today), htmx=st.booleans())
    def run(payload, htmx):
        attempt(payload, htmx)

    run()


@pytest.mark.parametrize("name", PAGES)
def test_hostile_form_input_is_refused_in_dutch(client, matrix_world, name):
    role = role_for(name)
    if role != "anonymous":
        client.force_login(matrix_world.users[role])
    url = reverse(name, kwargs=url_kwargs(name, matrix_world))
    response = client.get(url)
    assert response.status_code < 500
    in_sign_in_flow = any(word in name for word in ("login", "otp", "two-factor"))
    assert in_sign_in_flow or not is_sign_in_redirect(response), (
        f"{name} as {role}: sent to sign in, so nothing was fuzzed"
    )
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return
    for form in parse_forms(response.content.decode(), url):
        key = form_key(form)
        if not form.fuzzable or key in FUZZED:
            continue
        FUZZED.add(key)
        fuzz_form(client, form, where=f"{name} as {role}")
