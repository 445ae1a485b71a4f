"""AVG rights in the browser: a teammanager produces an inzage (PDF and JSON in one step),
downloads the PDF and looks at its first page, restricts processing and lifts it again;
the municipality downloads the pseudonymised monitoring export.

The restriction is lifted at the end, so the shared demo database keeps its figures for the
other browser tests. The PDF's first page is rendered to var/screenshots with poppler's
pdftoppm (WeasyPrint no longer renders PNG) when it is installed.
"""

import shutil
import subprocess

import pytest

from .conftest import SCREENSHOT_DIR

pytestmark = pytest.mark.e2e

RESIDENTS = "/inwoners/"


def open_first_resident(session) -> str:
    session.goto(RESIDENTS)
    with session.page.expect_navigation():
        session.page.locator("main table tbody tr a").first.click()
    return session.page.locator("main h1").inner_text().strip()


def test_teammanager_produces_an_inzage_and_downloads_the_pdf(open_session, tmp_path):
    session = open_session()
    session.sign_in("teammanager")
    name = open_first_resident(session)
    resident_path = session.path()
    assert session.page.locator("main #privacy").count() == 1
    assert not session.check_page("resident page with the privacy section")
    session.screenshot("privacy-resident-page")

    with session.page.expect_navigation():
        session.page.get_by_role("link", name="Inzage maken").click()
    assert not session.check_page("inzage form")
    session.screenshot("privacy-inzage-form")
    # The PDF is rendered in the request: allow for a slow (busy) machine.
    with session.page.expect_navigation(timeout=60_000):
        session.page.locator("main form button[type=submit]").click(no_wait_after=True)
    assert session.path().startswith("/privacy/inzage/")
    assert session.page.locator("main .alert--success, .messages").count() >= 1
    assert not session.check_page("inzage produced")
    session.screenshot("privacy-inzage-detail")

    with session.page.expect_download() as download:
        session.page.get_by_role("link", name="PDF downloaden").click()
    pdf = tmp_path / "inzage.pdf"
    download.value.save_as(pdf)
    assert download.value.suggested_filename.endswith(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert name in text
        assert "Inzage in uw persoonsgegevens" in text
        assert "Wie heeft uw dossier bekeken" in text
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-f",
                "1",
                "-l",
                "2",
                str(pdf),
                str(SCREENSHOT_DIR / "privacy-inzage-pdf"),
            ],
            check=True,
        )

    with session.page.expect_download() as download:
        session.page.get_by_role("link", name="JSON downloaden").click()
    assert download.value.suggested_filename.endswith(".json")

    # The resident page now lists the inzage.
    session.goto(resident_path)
    assert session.page.locator("main a[href^='/privacy/inzage/']").count() >= 1


def test_teammanager_restricts_processing_and_lifts_it(open_session):
    session = open_session()
    session.sign_in("teammanager")
    open_first_resident(session)
    resident_path = session.path()

    with session.page.expect_navigation():
        session.page.get_by_role("link", name="Verwerking beperken").click()
    with session.page.expect_navigation():
        session.page.locator("main form button[type=submit]").click()  # empty: refused
    assert session.page.locator("#form-errors").count() == 1
    assert not session.check_page("restriction form with errors")
    session.page.fill("#id_reason", "De inwoner betwist de juistheid van het verslag.")
    with session.page.expect_navigation():
        session.page.locator("main form button[type=submit]").click()
    assert session.path() == resident_path
    banner = session.page.locator("main .restriction-banner")
    assert banner.count() == 1
    assert "Verwerking beperkt" in banner.inner_text()
    assert session.page.get_by_role("link", name="Delen met een collega").count() == 0
    assert not session.check_page("resident page, processing restricted")
    session.screenshot("privacy-restricted-resident")

    with session.page.expect_navigation():
        banner.get_by_role("link", name="Beperking opheffen").click()
    session.page.fill("#id_lift_reason", "Verslag gecorrigeerd; de inwoner is ingelicht.")
    with session.page.expect_navigation():
        session.page.locator("main form button[type=submit]").click()
    assert session.page.locator("main .restriction-banner").count() == 0
    assert not session.check_page("restriction lifted")


def test_teammanager_reads_the_change_history(open_session):
    session = open_session()
    session.sign_in("teammanager")
    open_first_resident(session)
    with session.page.expect_navigation():
        session.page.get_by_role("link", name="Alle wijzigingen in de persoonsgegevens").click()
    assert session.page.locator("main table tbody tr").count() >= 1
    assert not session.check_page("change history")
    session.screenshot("privacy-change-history")


def test_municipality_downloads_the_monitoring_export(open_session):
    session = open_session()
    session.sign_in("gemeente")
    session.goto("/privacy/export/gemeente/")
    assert not session.check_page("monitoring export form")
    session.screenshot("privacy-monitoring-export")
    with session.page.expect_download() as download:
        session.page.locator("main form button[type=submit]").click()
    assert download.value.suggested_filename.endswith(".csv")
    with open(download.value.path(), encoding="utf-8") as exported:
        header = exported.readline()
    assert header.startswith("resident_pseudonym,case_pseudonym,age_band")


def test_worker_cannot_produce_an_inzage(open_session):
    session = open_session()
    session.sign_in("sociaalwerker")
    open_first_resident(session)
    assert session.page.get_by_role("link", name="Inzage maken").count() == 0
    assert session.page.locator("main #privacy").count() == 1
    assert not session.check_page("resident page as worker")
