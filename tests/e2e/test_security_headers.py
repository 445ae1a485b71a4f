"""Security headers and the Content Security Policy on one page of every kind, in Chromium.

Each page must send a strict CSP (``script-src 'self'``, no ``'unsafe-inline'``; the one
documented exception is DRF's browsable API and Swagger UI under /api/v1/, see
docs/security.md), ``X-Frame-Options: DENY``, a ``Referrer-Policy``, ``nosniff`` and a
``Permissions-Policy``, and the browser must report no CSP violation while showing it
(Chromium logs each violation to the console; a listener on ``securitypolicyviolation``
reports it too).
"""

import re

import pytest

pytestmark = pytest.mark.e2e

# Installed before any page script; runs through DevTools, so the page's CSP does not apply.
VIOLATION_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""
RELAXED_PREFIX = "/api/v1/"
PUBLIC_COMPLAINT = "/klachten/indienen/"
# Not visited here: static files (the DEBUG test server serves them without middleware;
# tests/security/test_headers.py checks WhiteNoise's) and the 404 page (DEBUG shows Django's
# technical page; tests/security/test_error_pages.py checks ours).


class HeaderWatch:
    """Attach to a BrowserSession: checks headers of each page and collects CSP reports."""

    def __init__(self, session):
        self.session = session
        self.violations: list[str] = []
        session.context.add_init_script(VIOLATION_LISTENER)
        session.page.on("console", self._on_console)

    def _on_console(self, message):
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text or "CSP" in text):
            self.violations.append(f"{self.session.page.url}: {text}")

    def visit(self, path: str, *, kind: str) -> list[str]:
        response = self.session.goto(path)
        assert response is not None, f"{path}: no response"
        self.session.page.wait_for_load_state("networkidle")
        problems = header_problems(response.all_headers(), self.session.path(), response.status)
        problems += self.violations
        self.violations.clear()
        return [f"{kind} ({path}): {p}" for p in problems]


def header_problems(headers: dict, path: str, status: int) -> list[str]:
    problems = []
    if status >= 500:
        problems.append(f"status {status}")
    csp = headers.get("content-security-policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    if directives.get("script-src", [None])[0] != "'self'":
        problems.append(f"script-src is not 'self': {csp!r}")
    if "'unsafe-inline'" in directives.get("script-src", []) and not path.startswith(
        RELAXED_PREFIX
    ):
        problems.append("'unsafe-inline' scripts allowed outside the documented API pages")
    if "'unsafe-eval'" in csp:
        problems.append("'unsafe-eval' allowed")
    if directives.get("frame-ancestors") != ["'none'"]:
        problems.append(f"frame-ancestors is not 'none': {csp!r}")
    if directives.get("object-src") != ["'none'"]:
        problems.append(f"object-src is not 'none': {csp!r}")
    if headers.get("x-frame-options") != "DENY":
        problems.append(f"X-Frame-Options: {headers.get('x-frame-options')!r}")
    if headers.get("referrer-policy") not in {"same-origin", "no-referrer", "strict-origin"}:
        problems.append(f"Referrer-Policy: {headers.get('referrer-policy')!r}")
    if headers.get("x-content-type-options") != "nosniff":
        problems.append(f"X-Content-Type-Options: {headers.get('x-content-type-options')!r}")
    permissions = headers.get("permissions-policy", "")
    if not all(f"{feature}=()" in permissions for feature in ("camera", "microphone")):
        problems.append(f"Permissions-Policy: {permissions!r}")
    return problems


def first_link(session, pattern: str) -> str:
    hrefs = session.page.eval_on_selector_all("main a[href]", "els => els.map(e => e.href)")
    for href in hrefs:
        path = re.sub(r"^https?://[^/]+", "", href)
        if re.fullmatch(pattern, path):
            return path
    raise AssertionError(f"no link matching {pattern} on {session.path()}")


def test_public_pages_send_the_security_headers(open_session):
    session = open_session()
    watch = HeaderWatch(session)
    problems = watch.visit("/account/inloggen/", kind="login")
    assert not session.check_page("security headers: login")
    # The public complaint form, where the complaints module offers one (asked without
    # rendering: the test server runs with DEBUG, whose 404 page has inline styles).
    if session.context.request.get(session.url(PUBLIC_COMPLAINT)).status == 200:
        problems += watch.visit(PUBLIC_COMPLAINT, kind="public complaint form")
        assert not session.check_page("security headers: public complaint form")
        session.screenshot("security-headers-public-complaint")
    problems += watch.visit("/health/", kind="health check")
    session.problems.clear()  # a plain-text page makes Chromium ask for /favicon.ico (404)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "username",
    ["sociaalwerker", "teammanager", "kwaliteit", "gemeente", "beheer", "bestuurder"],
)
def test_start_page_of_every_role_sends_the_security_headers(open_session, username):
    session = open_session()
    watch = HeaderWatch(session)
    session.sign_in(username)
    problems = watch.visit("/", kind=f"start page {username}")
    assert not session.check_page(f"security headers: start page {username}")
    assert not problems, "\n".join(problems)


def test_casework_pages_send_the_security_headers(open_session):
    session = open_session()
    watch = HeaderWatch(session)
    session.sign_in("sociaalwerker")
    problems = watch.visit("/inwoners/", kind="list")
    detail = first_link(session, r"/inwoners/\d+/")
    problems += watch.visit("/inwoners/?q=a", kind="search results")
    problems += watch.visit(detail, kind="detail")
    session.screenshot("security-headers-detail")
    problems += watch.visit(detail + "wijzigen/", kind="edit form")
    problems += watch.visit("/inwoners/nieuw/", kind="create form")
    problems += watch.visit("/ondersteuning/", kind="case list")
    problems += watch.visit("/logboek/inzage/", kind="page refused to this role (403)")
    session.problems.clear()  # the 403 is on purpose
    problems += watch.visit("/inwoners/", kind="list again")
    assert not session.check_page("security headers: casework")
    assert not problems, "\n".join(problems)


def test_log_search_and_api_pages_send_the_security_headers(open_session):
    session = open_session()
    watch = HeaderWatch(session)
    session.sign_in("kwaliteit")
    problems = watch.visit("/logboek/inzage/?person=sociaalwerker", kind="log search")
    assert not session.check_page("security headers: log search")
    problems += watch.visit("/api/v1/docs/", kind="API docs (Swagger UI)")
    session.screenshot("security-headers-api-docs")
    problems += watch.visit("/api/v1/", kind="browsable API")
    problems += watch.visit("/api/v1/?format=json", kind="API JSON")
    session.problems.clear()  # Swagger UI's own console output is not the app's
    assert not problems, "\n".join(problems)
