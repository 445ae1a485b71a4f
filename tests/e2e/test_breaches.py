"""Browser: a worker reports a data breach; quality staff assess it, record the AP
notification and close it. Every page is checked with axe and screenshotted."""

import datetime
import re

import pytest

pytestmark = pytest.mark.e2e


def local_input(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def submit(page):
    with page.expect_navigation():
        page.locator("main form.form button[type=submit]").click()


def test_breach_from_report_to_closed(open_session):
    worker = open_session()
    worker.sign_in("sociaalwerker")
    worker.goto("/datalekken/")
    assert not worker.check_page("breach list (worker)")
    worker.page.get_by_role("link", name="Datalek melden").first.click()
    worker.page.wait_for_url(re.compile(r"/datalekken/melden/"))
    discovered = datetime.datetime.now() - datetime.timedelta(hours=3)
    page = worker.page
    page.fill("#id_discovered_at", local_input(discovered))
    page.locator("input[name=kind][value=misdirected]").check()
    page.fill("#id_description", "Verslag per e-mail naar een verkeerde ketenpartner gestuurd.")
    page.locator("input[name=data_categories][value=contact]").check()
    page.locator("input[name=data_categories][value=health]").check()
    page.fill("#id_persons_affected", "1")
    assert not worker.check_page("breach report form")
    worker.screenshot("breaches-1-report-form")
    submit(page)
    assert re.search(r"/datalekken/\d+/$", worker.path()), worker.path()
    breach_path = worker.path()
    assert "Het datalek is gemeld" in page.locator(".messages").inner_text()
    assert "Gemeld" in page.locator("main .lead").inner_text()
    assert not worker.check_page("breach detail (worker)")
    worker.screenshot("breaches-2-reported")
    # The worker cannot take the next step.
    assert page.locator("a[href*='/stap/']").count() == 0

    quality = open_session()
    quality.sign_in("kwaliteit")
    quality.goto("/datalekken/termijn/")
    assert not quality.check_page("AP deadline list")
    quality.screenshot("breaches-3-deadlines")
    quality.goto(breach_path)
    qpage = quality.page

    qpage.get_by_role("link", name="Risico beoordelen").click()
    qpage.wait_for_url(re.compile(r"to=assessed"))
    qpage.locator("input[name=risk_level][value=risk]").check()
    qpage.fill("#id_risk_rationale", "Gezondheidsgegevens bij een derde; niet terug te halen.")
    assert not quality.check_page("assessment form")
    quality.screenshot("breaches-4-assess")
    submit(qpage)
    assert "Beoordeeld" in qpage.locator("main .lead").inner_text()

    # Not notifying is offered, but refused at this risk, with a Dutch message.
    qpage.get_by_role("link", name="Besluiten niet te melden bij de AP").click()
    qpage.fill("#id_no_notification_reason", "Geen zin.")
    submit(qpage)
    assert "moet dus bij de AP worden gemeld" in qpage.locator("main").inner_text()
    assert not quality.check_page("refused step")
    quality.screenshot("breaches-5-refused")

    quality.goto(breach_path)
    qpage.get_by_role("link", name="Melding bij de AP vastleggen").click()
    qpage.fill(
        "#id_ap_notified_at", local_input(datetime.datetime.now() - datetime.timedelta(hours=1))
    )
    qpage.fill("#id_ap_reference", "AP-E2E-1")
    submit(qpage)
    assert "Gemeld bij de AP" in qpage.locator("main .lead").inner_text()
    assert "AP-E2E-1" in qpage.locator("#assessment").inner_text()

    qpage.get_by_role("link", name="Datalek afsluiten").click()
    qpage.fill("#id_measures", "Ketenpartner gevraagd te verwijderen; adresboek opgeschoond.")
    submit(qpage)
    assert "Afgesloten" in qpage.locator("main .lead").inner_text()
    history = qpage.locator("#history tbody tr")
    assert history.count() == 4
    assert not quality.check_page("closed breach")
    quality.screenshot("breaches-6-closed")
