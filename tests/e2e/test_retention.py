"""Retention pages in the browser: the run reports with the dry-run button, and legal holds.

Only a dry run is started (it changes no dossier); the hold form is submitted empty, so the
shared demo database keeps its data for the other browser tests.
"""

import pytest

pytestmark = pytest.mark.e2e

RUNS = "/privacy/bewaartermijnen/"
HOLDS = "/privacy/bewaarplicht/"
NEW_HOLD = "/privacy/bewaarplicht/nieuw/"


def test_quality_starts_a_dry_run_and_reads_the_report(open_session):
    session = open_session()
    session.sign_in("kwaliteit")
    session.goto(RUNS)
    assert not session.check_page("retention runs")
    session.screenshot("retention-runs")

    with session.page.expect_navigation():
        session.page.locator("main form[action$='/proefrun/'] button[type=submit]").click()
    assert session.path().startswith(RUNS) and session.path() != RUNS
    assert session.page.locator("main .alert--warning").count() == 1  # "dry run" notice
    rows = session.page.locator("main table").last.locator("tbody tr")
    assert rows.count() >= 1
    assert not session.check_page("retention dry-run report")
    session.screenshot("retention-dry-run-report")

    csv_link = session.page.locator("main a[href$='/csv/']")
    with session.page.expect_download() as download:
        csv_link.click()
    assert download.value.suggested_filename.startswith("bewaartermijnen-run-")


def test_quality_sees_legal_holds_and_the_hold_form_explains_errors(open_session):
    session = open_session()
    session.sign_in("kwaliteit")
    session.goto(HOLDS)
    assert session.page.locator("main table tbody tr").count() >= 1  # the demo hold
    assert not session.check_page("legal holds")
    session.screenshot("retention-legal-holds")

    session.goto(NEW_HOLD)
    with session.page.expect_navigation():
        session.page.locator("main form button[type=submit]").click()
    assert session.page.locator("#form-errors").count() == 1
    assert session.page.locator(".field--error").count() >= 2
    assert not session.check_page("legal hold form with errors")
    session.screenshot("retention-legal-hold-form-errors")


def test_worker_is_refused_the_retention_pages(open_session):
    session = open_session()
    session.sign_in("sociaalwerker")
    response = session.goto(RUNS)
    assert response.status == 403
    session.problems.clear()  # the 403 is the expected outcome here
