"""Walk the app as each demo role in Chromium: panels, navigation, accessibility, logs.

Every page visited is screenshotted to var/screenshots/, checked with axe-core (WCAG 2.1
A/AA; serious and critical violations fail, all findings go to axe-report.txt) and must
not log console errors, page errors (CSP violations show up there) or failed requests.
"""

import re
from dataclasses import dataclass

from django.utils import translation

import pytest

pytestmark = pytest.mark.e2e

LOGIN_PATH = "/account/inloggen/"
RESIDENTS = "/inwoners/"
LOGS = "/logboek/"
STAFF = "/account/medewerkers/"
ACCESS_LOG = "/logboek/inzage/"
AUTH_EVENTS = "/logboek/aanmeldingen/"

CASEWORK = "section[aria-labelledby=casework-title]"
FIGURES = "section[aria-labelledby=figures-title]"
LOGS_PANEL = "section[aria-labelledby=logs-title]"
MASTER_DATA = "section[aria-labelledby=master-title]"


@dataclass(frozen=True)
class RoleView:
    """What a role's start page shows and hides, and which menu sections it gets."""

    username: str
    panels: tuple[str, ...]
    hidden: tuple[str, ...]
    nav_has: tuple[str, ...] = ()
    nav_lacks: tuple[str, ...] = ()


ROLE_VIEWS = (
    RoleView(
        "sociaalwerker",
        panels=(CASEWORK, f"{CASEWORK} form[role=search] #id_q"),
        hidden=(FIGURES, LOGS_PANEL, MASTER_DATA),
        nav_has=(RESIDENTS,),
        nav_lacks=(LOGS,),
    ),
    RoleView(
        "teammanager",
        panels=(CASEWORK, f"{FIGURES} table"),
        hidden=(LOGS_PANEL, MASTER_DATA),
        nav_has=(RESIDENTS, STAFF),
        nav_lacks=(LOGS,),
    ),
    RoleView(
        "kwaliteit",
        panels=(LOGS_PANEL, f"{LOGS_PANEL} a[href='{ACCESS_LOG}']", f"{FIGURES} table"),
        hidden=(CASEWORK, MASTER_DATA),
        nav_has=(LOGS,),
        nav_lacks=(RESIDENTS,),
    ),
    RoleView(
        "gemeente",
        panels=(f"{FIGURES} table",),
        hidden=(CASEWORK, LOGS_PANEL, MASTER_DATA, f"a[href^='{RESIDENTS}']"),
        nav_lacks=(RESIDENTS, LOGS, STAFF),
    ),
    RoleView(
        "beheer",
        panels=(MASTER_DATA, LOGS_PANEL),
        hidden=(CASEWORK, f"a[href^='{RESIDENTS}']"),
        nav_has=(LOGS, STAFF),
        nav_lacks=(RESIDENTS,),
    ),
    RoleView(
        "bestuurder",
        panels=(f"{FIGURES} table",),
        hidden=(CASEWORK, LOGS_PANEL, MASTER_DATA),
        nav_has=(STAFF,),
        nav_lacks=(RESIDENTS, LOGS),
    ),
)


def slug(path: str) -> str:
    """``/organisatie/teams/`` -> ``organisatie-teams``; ``/`` -> ``start``."""
    return re.sub(r"[^a-z0-9]+", "-", path.strip("/").lower()).strip("-") or "start"


def nav_links(session) -> list[tuple[str, str]]:
    """(label, path) of every link in the main navigation."""
    links = session.page.locator("nav.main-nav a")
    return [
        (links.nth(i).inner_text().strip(), links.nth(i).get_attribute("href"))
        for i in range(links.count())
    ]


def table_rows(page, table: str = "main table") -> list[list[str]]:
    return page.eval_on_selector(
        table,
        "t => [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.innerText.trim()))",
    )


def dutch(text) -> str:
    with translation.override("nl"):
        return str(text)


def english(text) -> str:
    with translation.override("en"):
        return str(text)


def sign_in_ok(session, username: str) -> None:
    response = session.sign_in(username)
    assert response.status == 200, f"{username}: start page answered {response.status}"
    assert session.path() == "/", f"{username}: not on the start page after signing in"


@pytest.mark.parametrize("view", ROLE_VIEWS, ids=lambda v: v.username)
def test_each_role_sees_its_own_start_page_and_every_menu_page_is_accessible(open_session, view):
    session = open_session()
    sign_in_ok(session, view.username)
    page = session.page
    failures = []

    assert page.locator("main h1").count() == 1, "the start page needs exactly one h1"
    assert page.locator("main h1").inner_text().strip()
    for selector in view.panels:
        assert page.locator(selector).count() >= 1, f"{view.username} should see {selector}"
    for selector in view.hidden:
        assert page.locator(selector).count() == 0, f"{view.username} must not see {selector}"
    if RESIDENTS not in view.nav_has:
        inwoners = page.get_by_role("link", name=re.compile(r"^\s*Inwoners\s*$", re.I))
        assert inwoners.count() == 0, f"{view.username} must not see a link to Inwoners"

    session.screenshot(f"{view.username}-start")
    failures += session.check_page(f"{view.username} start page")

    links = nav_links(session)
    hrefs = [href for _label, href in links]
    for expected in view.nav_has:
        assert any(h.startswith(expected) for h in hrefs), (
            f"{view.username}: menu lacks {expected}: {links}"
        )
    for unexpected in view.nav_lacks:
        assert not any(h.startswith(unexpected) for h in hrefs), (
            f"{view.username}: menu must not offer {unexpected}: {links}"
        )

    for label, href in links:
        where = f"{view.username} menu '{label}' ({href})"
        response = session.goto(href)
        if response is None or response.status != 200:
            failures.append(f"{where}: HTTP {response.status if response else 'no response'}")
            continue
        if session.path() != href:
            failures.append(f"{where}: redirected to {session.path()}")
            continue
        if page.locator("main h1").count() != 1:
            failures.append(f"{where}: expected one h1 in main")
        session.screenshot(f"{view.username}-{slug(href)}")
        failures += session.check_page(where)

    assert not failures, "\n".join(failures)


def test_live_search_finds_a_resident_and_kwaliteit_sees_the_file_read_in_the_access_log(
    open_session,
):
    from wijkteam.core.models import AccessAction

    worker = open_session()
    sign_in_ok(worker, "sociaalwerker")
    page = worker.page
    assert worker.goto(RESIDENTS).status == 200
    first_link = page.locator("#resident-results tbody tr td:first-child a").first
    last_name = first_link.inner_text().split(",")[0].strip()
    assert last_name, "the residents page should list at least one resident"

    # A marker on window survives an htmx swap but not a full page load.
    page.evaluate("() => { window.__e2eSamePage = true; }")
    with page.expect_response(
        lambda r: "q=" in r.url and r.request.headers.get("hx-request") == "true"
    ) as search:
        page.fill("#id_q", last_name)
    assert search.value.status == 200
    page.wait_for_url(re.compile(r"/inwoners/\?(.*&)?q="))
    hits = page.locator("#resident-results tbody tr td:first-child a", has_text=last_name)
    hits.first.wait_for()
    assert last_name in page.locator("#resident-results caption").inner_text()
    assert page.evaluate("() => window.__e2eSamePage === true"), "the search reloaded the page"
    failures = worker.check_page("resident live search")

    with page.expect_navigation() as opened:
        hits.first.click()
    assert opened.value.status == 200
    match = re.fullmatch(r"/inwoners/(\d+)/", worker.path())
    assert match, f"expected a resident file, got {worker.path()}"
    resident_id = match.group(1)
    assert last_name in page.locator("main h1").inner_text()
    worker.screenshot("sociaalwerker-resident-file")
    failures += worker.check_page("resident file")

    auditor = open_session()
    sign_in_ok(auditor, "kwaliteit")
    assert auditor.goto(ACCESS_LOG).status == 200
    auditor.page.fill("#id_person", "sociaalwerker")
    with auditor.page.expect_navigation():
        auditor.page.locator("main form[role=search] button[type=submit]").click()
    assert "person=sociaalwerker" in auditor.path()
    rows = table_rows(auditor.page)
    viewed = dutch(AccessAction.VIEW.label)
    assert any(
        row[1] == "sociaalwerker" and row[2] == resident_id and row[3] == viewed for row in rows
    ), f"no '{viewed}' of resident {resident_id} by sociaalwerker in {rows[:5]}"
    assert all(row[1] == "sociaalwerker" for row in rows), "the person filter was not applied"
    auditor.screenshot("kwaliteit-logboek-inzage-sociaalwerker")
    failures += auditor.check_page("access log filtered by person")
    assert not failures, "\n".join(failures)


def test_wrong_password_shows_a_dutch_error_and_kwaliteit_sees_the_failed_sign_in(
    open_session,
):
    from wijkteam.accounts.forms import LoginForm
    from wijkteam.core.models import AuthEventKind

    visitor = open_session()
    response = visitor.sign_in("teammanager", "not-the-password-1")
    assert response.status == 200
    assert visitor.path().startswith("/account/inloggen/"), "a wrong password must not sign in"
    page = visitor.page
    error = page.locator("main [role=alert]")
    assert error.is_visible(), "no error message is announced (role=alert)"
    failures = []
    for field, word in (("id_username", "Gebruikersnaam"), ("id_password", "Wachtwoord")):
        label = page.inner_text(f"label[for={field}]")
        if word.lower() not in label.lower():
            failures.append(f"label of #{field} is {label!r}, expected Dutch {word!r}")
    source = english(LoginForm.error_messages["invalid_login"])
    expected = dutch(LoginForm.error_messages["invalid_login"])
    if expected == source:
        failures.append(f"the sign-in error is not translated into Dutch: {source!r}")
    if expected not in error.inner_text():
        failures.append(f"error shown is {error.inner_text()!r}, expected {expected!r}")
    visitor.screenshot("anonymous-sign-in-failed")
    failures += visitor.check_page("failed sign-in page")

    auditor = open_session()
    sign_in_ok(auditor, "kwaliteit")
    assert auditor.goto(AUTH_EVENTS).status == 200
    auditor.page.fill("#id_person", "teammanager")
    with auditor.page.expect_navigation():
        auditor.page.locator("main form[role=search] button[type=submit]").click()
    rows = table_rows(auditor.page)
    assert rows, "no sign-in events for teammanager"
    newest = rows[0]
    failed = dutch(AuthEventKind.LOGIN_FAILED.label)
    assert newest[1] == "teammanager" and newest[2] == failed, (
        f"the newest event for teammanager should be '{failed}', got {newest}"
    )
    auditor.screenshot("kwaliteit-logboek-aanmeldingen")
    failures += auditor.check_page("sign-in events filtered by person")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("width", "height", "scale"),
    [(640, 800, 2), (768, 1024, 1)],
    ids=["640x800-zoom200", "768x1024-tablet"],
)
def test_pages_reflow_without_horizontal_scrolling_at_200_percent_zoom_and_on_a_tablet(
    open_session, width, height, scale
):
    session = open_session(viewport={"width": width, "height": height}, device_scale_factor=scale)
    sign_in_ok(session, "sociaalwerker")
    failures = []
    for label, href in nav_links(session):
        if href != "/":
            session.goto(href)
        overflow = session.page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        session.screenshot(f"sociaalwerker-{slug(href)}-{width}x{height}")
        if overflow[0] > overflow[1]:
            failures.append(
                f"{label} ({href}) at {width}x{height}: scrollWidth {overflow[0]} > "
                f"innerWidth {overflow[1]}"
            )
        failures += [f"{label}: {p}" for p in session.problems]
        session.problems.clear()
    assert not failures, "\n".join(failures)


def _skip_link_failures(session, where: str) -> list[str]:
    page = session.page
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
          const el = document.activeElement;
          const box = el.getBoundingClientRect();
          return {isSkip: el.classList.contains("skip-link"), href: el.getAttribute("href"),
                  text: el.innerText, x: box.left, y: box.top, right: box.right,
                  bottom: box.bottom, vw: window.innerWidth, vh: window.innerHeight};
        }"""
    )
    if not focused["isSkip"]:
        return [f"{where}: first Tab focused {focused['text']!r} ({focused['href']})"]
    inside = (
        focused["x"] >= 0
        and focused["y"] >= 0
        and focused["right"] <= focused["vw"]
        and focused["bottom"] <= focused["vh"]
        and focused["right"] > focused["x"]
    )
    if not inside or not page.locator(".skip-link").is_visible():
        return [f"{where}: the focused skip link is not visible in the viewport: {focused}"]
    page.keyboard.press("Enter")
    if page.evaluate("() => document.activeElement.id") != "main":
        return [f"{where}: activating the skip link did not move focus to #main"]
    return []


def test_first_tab_on_any_page_focuses_the_visible_skip_link(open_session):
    anonymous = open_session()
    anonymous.goto(LOGIN_PATH)
    failures = _skip_link_failures(anonymous, "sign-in page")
    for username in ("sociaalwerker", "beheer"):
        session = open_session()
        sign_in_ok(session, username)
        for label, href in nav_links(session):
            session.goto(href)
            failures += _skip_link_failures(session, f"{username} '{label}' ({href})")
    assert not failures, "\n".join(failures)


def test_worker_walks_a_case_records_a_contact_with_htmx_and_opens_plan_and_timeline(
    open_session,
):
    """The support cycle pages a worker uses daily: case, quick contact, plan, timeline."""
    session = open_session()
    session.sign_in("sociaalwerker")
    page = session.page
    failures = []
    assert session.goto("/ondersteuning/?state=plan_active").status == 200
    session.screenshot("sociaalwerker-cases")
    failures += session.check_page("case list")
    first_case = page.locator("main table a[href^='/ondersteuning/']").first
    assert first_case.count() == 1, "the demo worker should have an active case"
    with page.expect_navigation():
        first_case.click()
    case_path = session.path()
    session.screenshot("sociaalwerker-case")
    failures += session.check_page("case page")

    rows_before = page.locator("#contact-rows tr").count()
    page.evaluate("() => { window.__e2eSamePage = true; }")
    page.locator("#contacts input[type=radio]").first.check()
    page.locator("#contacts input[name=duration_minutes]").fill("25")
    with page.expect_response(lambda r: "/contacten/nieuw/" in r.url) as answer:
        page.locator("#contacts button[type=submit]").click()
    assert answer.value.status == 200
    page.wait_for_function(
        f"() => document.querySelectorAll('#contact-rows tr').length > {rows_before}"
    )
    assert page.evaluate("() => window.__e2eSamePage === true"), (
        "recording a contact reloaded the page"
    )
    assert session.path() == case_path
    failures += session.check_page("case page after quick contact")

    plan_link = page.locator("#plan a[href^='/plannen/']").first
    if plan_link.count():
        with page.expect_navigation():
            plan_link.click()
        session.screenshot("sociaalwerker-plan")
        failures += session.check_page("plan page")
        page.go_back()

    resident_href = page.evaluate(
        "() => [...document.querySelectorAll('main a')].map(a => a.getAttribute('href'))"
        ".find(h => /^\\/inwoners\\/\\d+\\/$/.test(h))"
    )
    assert resident_href, "the case page should link to the resident's file"
    assert session.goto(resident_href).status == 200
    with page.expect_navigation():
        page.locator("a[href$='/tijdlijn/']").first.click()
    assert page.locator("ol.timeline li").count() >= 1
    session.screenshot("sociaalwerker-timeline")
    failures += session.check_page("timeline")
    assert not failures, "\n".join(failures)


def test_manager_reads_due_list_caseload_and_progress_report(open_session):
    session = open_session()
    session.sign_in("teammanager")
    failures = []
    for path, name in (
        ("/ondersteuning/termijnen/", "due-list"),
        ("/ondersteuning/caseload/", "caseload"),
        ("/plannen/voortgang/", "progress-report"),
    ):
        response = session.goto(path)
        assert response.status == 200, path
        session.screenshot(f"teammanager-{name}")
        failures += session.check_page(name)
    assert not failures, "\n".join(failures)
