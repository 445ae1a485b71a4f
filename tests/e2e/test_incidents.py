"""Incidents in Chromium: a sociaal werker reports an incident on one page, the teammanager
sees it and confirms the aftercare conversation; the quality officer sees the deadlines.

Every page is checked with axe (WCAG 2.1 AA) and for console errors, and screenshotted to
var/screenshots/incidents-*.png.
"""

import re
import time

import pytest

pytestmark = pytest.mark.e2e

LIST = "/incidenten/"
CREATE = "/incidenten/melden/"
DEADLINES = "/incidenten/termijnen/"
DESCRIPTION = "E2E: bewoner schreeuwde en dreigde bij het huisbezoek."


def test_a_worker_reports_on_one_page_and_the_teammanager_confirms_the_aftercare(open_session):
    worker = open_session()
    worker.sign_in("sociaalwerker")
    page = worker.page
    failures = []

    assert worker.goto(LIST).status == 200
    worker.screenshot("incidents-01-list-worker")
    failures += worker.check_page("incident list (sociaal werker)")

    with page.expect_navigation():
        page.get_by_role("link", name="Incident melden").first.click()
    assert worker.path() == CREATE
    worker.screenshot("incidents-02-report-form")
    failures += worker.check_page("report form")

    # One page: a single form, no steps; the ladder descriptions stand next to the choices.
    assert page.locator("main form.form").count() == 1
    assert page.get_by_text("stemverheffing, lichte dreiging").count() == 1
    assert page.get_by_text("ongeval bewoner").count() == 1
    required_empty = page.eval_on_selector_all(
        "main form.form input, main form.form select, main form.form textarea",
        """els => els.filter(e => e.type !== 'hidden' && e.type !== 'checkbox'
                 && e.type !== 'radio' && !e.value && e.closest('.field')
                 && e.closest('.field').querySelector('.field__required')).length""",
    )
    assert required_empty <= 2, f"{required_empty} required fields start empty"

    started = time.monotonic()
    page.get_by_label("Huisbezoek (bij de bewoner thuis)").check()
    page.locator("#id_kind").select_option("threat")
    page.get_by_label("Categorie 3: bedreiging (persoonlijk)").check()
    page.locator("#id_description").fill(DESCRIPTION)
    page.locator("#id_immediate_measures").fill("Huisbezoek afgebroken.")
    page.get_by_label("de politie kwam").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Incident melden").click()
    filled_in = time.monotonic() - started
    assert filled_in < 120

    detail = worker.path()
    assert re.fullmatch(r"/incidenten/\d+/", detail), detail
    assert "Het incident is gemeld" in page.locator(".messages").inner_text()
    assert DESCRIPTION in page.locator("main").inner_text()
    worker.screenshot("incidents-03-reported")
    failures += worker.check_page("incident page (reporter)")
    assert page.get_by_role("link", name="Nazorggesprek bevestigen").count() == 0

    manager = open_session()
    manager.sign_in("teammanager")
    mpage = manager.page
    assert manager.goto(LIST).status == 200
    link = mpage.locator(f"main table a[href='{detail}']")
    assert link.count() == 1, "the teammanager should see the new report of the team"
    manager.screenshot("incidents-04-list-teammanager")
    failures += manager.check_page("incident list (teammanager)")

    with mpage.expect_navigation():
        link.click()
    manager.screenshot("incidents-05-incident-teammanager")
    failures += manager.check_page("incident page (teammanager)")

    with mpage.expect_navigation():
        mpage.get_by_role("link", name="Nazorggesprek bevestigen").click()
    manager.screenshot("incidents-06-confirm-aftercare")
    failures += manager.check_page("confirm aftercare")
    mpage.get_by_label("Gesprek gevoerd").check()
    mpage.locator("#id_note").fill("Nabesproken; medewerker weet waar hij terecht kan.")
    with mpage.expect_navigation():
        mpage.locator("main form.form button[type=submit]").click()
    assert manager.path().startswith(detail)
    body = mpage.locator("main").inner_text()
    assert "Nazorg gedaan" in body
    assert "Gesprek gevoerd" in body
    manager.screenshot("incidents-07-aftercare-done")
    failures += manager.check_page("incident page after aftercare")

    assert manager.goto(DEADLINES).status == 200
    manager.screenshot("incidents-08-deadlines-teammanager")
    failures += manager.check_page("deadlines (teammanager)")

    assert not failures, "\n".join(failures)


def test_the_quality_officer_sees_every_incident_and_the_calamity_deadlines(open_session):
    quality = open_session()
    quality.sign_in("kwaliteit")
    failures = []
    assert quality.goto(LIST).status == 200
    quality.screenshot("incidents-09-list-kwaliteit")
    failures += quality.check_page("incident list (kwaliteit)")
    assert quality.goto(DEADLINES).status == 200
    assert quality.page.locator("#calamity-title").count() == 1
    quality.screenshot("incidents-10-deadlines-kwaliteit")
    failures += quality.check_page("deadlines (kwaliteit)")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("username", ["gemeente", "bestuurder"])
def test_municipality_and_board_never_open_an_incident(open_session, username):
    session = open_session()
    session.sign_in(username)
    response = session.goto(LIST)
    assert response.status == 403
    session.problems.clear()  # the 403 itself is the expected outcome
