"""Browser tests: a real server on its own database, driven by Debian's Chromium.

pytest-django's ``live_server`` is not used: the log tables are append-only (database
triggers), so its transactional flush between tests fails. Instead one session fixture
builds a separate database (a temporary SQLite file, or ``<name>_e2e`` on PostgreSQL when
the run's DATABASE_URL points there), migrates it, loads the demo data and serves it with
``runserver`` in a subprocess. The tests only talk HTTP to it, so they can read each
other's traces (an access-log entry written by one user is searched by another).
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from .axe import blocking, describe, run_axe

REPO_DIR = Path(__file__).resolve().parents[2]
MANAGE = REPO_DIR / "manage.py"
SCREENSHOT_DIR = REPO_DIR / "var" / "screenshots"
SERVER_LOG = REPO_DIR / "var" / "e2e-server.log"
AXE_REPORT = SCREENSHOT_DIR / "axe-report.txt"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "wijkteam-demo"
DEMO_SEED, DEMO_SCALE = "7", "0.02"
LOGIN_PATH = "/account/inloggen/"
OTP_VERIFY_PATH = "/account/tweestaps/"
OTP_ENROL_PATH = "/account/tweestaps/instellen/"
START_TIMEOUT = 60


def pytest_collection_modifyitems(config, items):
    """Run the browser tests last.

    Sync Playwright keeps an asyncio loop "running" in the main thread while the browser
    is open; Django refuses database access there. Keeping the browser session after every
    unit test means the unit tests never see that loop.
    """
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


# --------------------------------------------------------------------------- server


@dataclass
class E2EServer:
    base_url: str
    database_url: str
    # The server's environment, for management commands against its database (demo_otp).
    env: dict[str, str] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.base_url + path

    def demo_otp(self, username: str) -> str:
        """The current two-step verification code of a demo account (``manage.py demo_otp``)."""
        result = subprocess.run(
            [sys.executable, str(MANAGE), "demo_otp", username],
            cwd=REPO_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0:
            pytest.fail(f"manage.py demo_otp {username} failed:\n{result.stderr[-3000:]}")
        return result.stdout.strip().splitlines()[-1]


def totp_code(secret: str) -> str:
    """The current code for a key as the enrolment page shows it (base32 in groups)."""
    from base64 import b32decode

    from django_otp.oath import totp

    key = secret.replace(" ", "").upper()
    key += "=" * (-len(key) % 8)
    return f"{totp(b32decode(key)):06d}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_admin(url: str):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    )


def _recreate_postgres_database(url: str, name: str, *, create: bool) -> None:
    from psycopg import sql

    with _postgres_admin(url) as conn:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        conn.execute(drop.format(sql.Identifier(name)))
        if create:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _manage(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, str(MANAGE), *args],
        cwd=REPO_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-5000:]}",
            pytrace=False,
        )


def _wait_until_healthy(proc: subprocess.Popen, url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(
                f"runserver exited with {proc.returncode}; see {SERVER_LOG}:\n"
                + SERVER_LOG.read_text(errors="replace")[-5000:],
                pytrace=False,
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    pytest.fail(f"{url} did not answer 200 within {START_TIMEOUT} s; see {SERVER_LOG}")


@pytest.fixture(scope="session")
def e2e_server(tmp_path_factory) -> Iterator[E2EServer]:
    run_url = os.environ.get("DATABASE_URL", "")
    postgres_name = None
    if run_url.startswith(("postgres://", "postgresql://", "pgsql://")):
        parts = urlsplit(run_url)
        postgres_name = f"{parts.path.lstrip('/') or 'wijkteam'}_e2e"
        database_url = urlunsplit(parts._replace(path="/" + postgres_name))
        _recreate_postgres_database(run_url, postgres_name, create=True)
    else:
        database_url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'e2e.sqlite3'}"

    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    proc = None
    SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
    try:
        _manage(["migrate", "--noinput"], env)
        _manage(["load_demo_data", "--seed", DEMO_SEED, "--scale", DEMO_SCALE], env)
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        with SERVER_LOG.open("w") as log:
            proc = subprocess.Popen(
                [sys.executable, str(MANAGE), "runserver", f"127.0.0.1:{port}", "--noreload"],
                cwd=REPO_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        _wait_until_healthy(proc, base_url + "/health/")
        yield E2EServer(base_url=base_url, database_url=database_url, env=env)
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        if postgres_name:
            _recreate_postgres_database(run_url, postgres_name, create=False)


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium", pytrace=False)
    from playwright.sync_api import sync_playwright

    # The sync API runs an asyncio loop in this thread; Django's async-safety check would
    # refuse in-process ORM calls while it is open. The e2e tests use no ORM and run last
    # (see pytest_collection_modifyitems); the flag is restored when the browser closes.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def axe_findings() -> Iterator[list[str]]:
    """Every axe violation of the run (all impacts), written to var/screenshots at the end."""
    shutil.rmtree(SCREENSHOT_DIR, ignore_errors=True)
    findings: list[str] = []
    yield findings
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    AXE_REPORT.write_text("\n".join(findings) + "\n" if findings else "No violations.\n")


@dataclass
class BrowserSession:
    """One browser context (one user) that records what its pages complain about."""

    context: object
    server: E2EServer
    axe_findings: list[str]
    problems: list[str] = field(default_factory=list)
    _failed_urls: set[str] = field(default_factory=set)

    def __post_init__(self):
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        self.page.on("response", self._on_response)
        self.page.on("requestfailed", self._on_request_failed)

    def _on_console(self, message):
        if message.type != "error":
            return
        source = message.location.get("url") or self.page.url
        if source in self._failed_urls and message.text.startswith("Failed to load resource"):
            return  # already reported with its HTTP status by _on_response
        self.problems.append(f"console error ({source}): {message.text}")

    def _on_response(self, response):
        if response.status >= 400:
            self._failed_urls.add(response.url)
            self.problems.append(f"HTTP {response.status} for {response.url}")

    def _on_request_failed(self, request):
        # ERR_ABORTED follows an error status (reported above) or a superseded navigation.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def url(self, path: str) -> str:
        return self.server.url(path)

    def goto(self, path: str):
        return self.page.goto(self.url(path))

    def path(self) -> str:
        parts = urlsplit(self.page.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def sign_in(self, username: str, password: str = DEMO_PASSWORD):
        """Use the real sign-in form and second step; returns the response of the page after.

        The code comes from ``manage.py demo_otp`` (demo accounts have an authenticator);
        an account without one is enrolled on the way, with the key the page shows. A wrong
        password stops on the login page.
        """
        navigation = self.submit_password(username, password)
        path = urlsplit(self.page.url).path
        if path == OTP_ENROL_PATH:
            return self.enrol_authenticator()
        if path != OTP_VERIFY_PATH:
            return navigation
        return self.submit_otp(self.server.demo_otp(username))

    def submit_password(self, username: str, password: str = DEMO_PASSWORD):
        """Only the first step: the login form. Returns the response of the next page."""
        self.goto(LOGIN_PATH)
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        with self.page.expect_navigation() as navigation:
            self.page.locator("main form button[type=submit]").click()
        return navigation.value

    def submit_otp(self, code: str):
        """Type a code on the verification or enrolment page and submit it."""
        self.page.fill("#id_otp_token", code)
        with self.page.expect_navigation() as navigation:
            self.page.locator("main form:has(#id_otp_token) button[type=submit]").click()
        return navigation.value

    def enrol_authenticator(self):
        """On the enrolment page: confirm with a code for the key shown, then continue."""
        secret = self.page.locator("#otp-secret").inner_text()
        self.submit_otp(totp_code(secret))
        with self.page.expect_navigation() as navigation:
            self.page.locator("main a.button").first.click()
        return navigation.value

    def screenshot(self, name: str) -> Path:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def check_page(self, where: str) -> list[str]:
        """Axe (serious/critical block) plus console/page errors since the last check."""
        failures = []
        violations = run_axe(self.page)
        if violations:
            self.axe_findings.append(describe(violations, where))
        serious = blocking(violations)
        if serious:
            failures.append("accessibility:\n" + describe(serious, where))
        failures.extend(f"{where}: {problem}" for problem in self.problems)
        self.problems.clear()
        return failures


@pytest.fixture
def open_session(browser, e2e_server, axe_findings) -> Iterator:
    """Factory: ``open_session(viewport=..., device_scale_factor=...)`` -> BrowserSession."""
    contexts = []

    def factory(**context_options) -> BrowserSession:
        context_options.setdefault("viewport", {"width": 1280, "height": 900})
        context_options.setdefault("locale", "nl-NL")
        context = browser.new_context(**context_options)
        contexts.append(context)
        return BrowserSession(context=context, server=e2e_server, axe_findings=axe_findings)

    yield factory
    for context in contexts:
        context.close()
