"""Browser: a teammanager makes an improvement plan from an incident, adds an action; the
worker reports on it. Pages checked with axe and screenshotted."""

import datetime
import re

import pytest

pytestmark = pytest.mark.e2e


def submit(page):
    with page.expect_navigation():
        page.locator("main form.form button[type=submit]").click()


def test_improvement_plan_from_an_incident(open_session):
    manager = open_session()
    manager.sign_in("teammanager")
    page = manager.page
    manager.goto("/incidenten/")
    link = page.locator("main table a[href^='/incidenten/']").first
    incident_path = link.get_attribute("href")
    incident_id = re.search(r"/incidenten/(\d+)/", incident_path).group(1)

    manager.goto(f"/verbeterplannen/nieuw/?origin=incidents.incident:{incident_id}")
    assert "komt voort uit" in page.locator("main .lead").inner_text()
    assert page.locator("#id_source").input_value() == "incident_analysis"
    page.fill("#id_title", "Leren van het incident bij het huisbezoek")
    page.fill("#id_finding", "Huisbezoeken bij bekende agressie gebeuren alleen.")
    due = datetime.date.today() + datetime.timedelta(days=60)
    page.fill("#id_due_on", due.isoformat())
    assert not manager.check_page("improvement plan form from incident")
    manager.screenshot("improvements-1-form-from-incident")
    submit(page)
    assert re.search(r"/verbeterplannen/\d+/$", manager.path())
    plan_path = manager.path()
    origin = page.locator("main dl.details a[href^='/incidenten/']")
    assert origin.count() == 1, "the plan links back to the incident"

    page.get_by_role("link", name="Actie toevoegen").click()
    page.fill("#id_description", "Huisbezoeken bij categorie 3+ met z'n tweeën")
    page.select_option("#id_owner", index=1)
    page.fill("#id_due_on", (datetime.date.today() + datetime.timedelta(days=30)).isoformat())
    assert not manager.check_page("action form")
    submit(page)
    assert page.locator("#actions tbody tr").count() == 1

    page.get_by_role("link", name="Plan starten").click()
    submit(page)
    assert "In uitvoering" in page.locator("main .lead").inner_text()
    assert not manager.check_page("plan detail")
    manager.screenshot("improvements-2-plan")

    manager.goto("/verbeterplannen/")
    assert not manager.check_page("plan list")
    manager.screenshot("improvements-3-list")
    assert page.get_by_role("link", name="Leren van het incident bij het huisbezoek").count() == 1
    manager.goto(plan_path)


def test_bad_origin_gets_a_dutch_page(open_session):
    manager = open_session()
    manager.sign_in("teammanager")
    response = manager.goto("/verbeterplannen/nieuw/?origin=incidents.incident:999999")
    assert response.status == 404
    assert "bestaat niet, of u mag het niet inzien" in manager.page.locator("main").inner_text()
    manager.problems.clear()  # the 404 is the expected answer
    assert not manager.check_page("bad origin")
