"""Browser: a worker finds a BSN outside the team, breaks the glass with a reason and sees the
file; quality staff find it on their review list and record a review; the access review and
the access log show it. Every page is checked with axe and screenshotted."""

import re

import pytest

pytestmark = pytest.mark.e2e

RESIDENTS = "/inwoners/"
GRANTS = "/toezicht/noodtoegangen/"
ACCESS_REVIEW = "/toezicht/inzagecontrole/"
ACCESS_LOG = "/logboek/inzage/"
# The demo data is dated around its own "today" (31 October 2026): that week has a finding of
# every kind.
DEMO_WEEK = "?date_from=2026-10-25&date_to=2026-10-31"
REASON = (
    "Wijkagent belt: acute zorgen om de veiligheid van deze inwoner, het eigen team is "
    "vandaag niet bereikbaar."
)


def submit(page):
    with page.expect_navigation():
        page.locator("main form.form button[type=submit]").click()


def own_team(session) -> str:
    """The team of the worker's residents (the Team column of the resident list)."""
    session.goto(RESIDENTS)
    return session.page.locator("#resident-results tbody tr td:nth-child(4)").first.inner_text()


def bsn_outside(session, team: str) -> str:
    """A BSN of a resident whose file another team holds, found by the teammanager (who sees
    two teams): page through the list, open a file of the other team, read the BSN."""
    page = session.page
    for number in range(1, 30):
        session.goto(f"{RESIDENTS}?page={number}")
        rows = page.locator("#resident-results tbody tr")
        for index in range(rows.count()):
            row = rows.nth(index)
            if row.locator("td").count() < 4 or row.locator("td").nth(3).inner_text() == team:
                continue
            href = row.locator("a").first.get_attribute("href")
            session.goto(href)
            bsn = page.locator("dl.details dt:text-is('BSN') + dd").inner_text().strip()
            if bsn.isdigit():
                return bsn
            session.goto(f"{RESIDENTS}?page={number}")
    pytest.fail("no resident of another team with a BSN found")


def test_break_the_glass_review_and_access_review(open_session):
    worker = open_session()
    worker.sign_in("sociaalwerker")
    team = own_team(worker)

    manager = open_session()
    manager.sign_in("teammanager")
    bsn = bsn_outside(manager, team)

    # 1. The worker searches the BSN: nothing is shown but the fact that a file exists.
    page = worker.page
    worker.goto(f"{RESIDENTS}?q={bsn}")
    notice = page.locator("#resident-results .alert--warning")
    assert "Er is een dossier buiten je team" in notice.inner_text()
    assert page.locator("#resident-results tbody a").count() == 0
    assert not worker.check_page("search: file outside the team")
    worker.screenshot("oversight-1-search-outside-team")

    # 2. Break the glass: first with too short a reason (refused, nothing opened), then right.
    notice.get_by_role("link", name="Dossier openen met een reden").click()
    page.wait_for_url(re.compile(r"/toezicht/noodtoegang/"))
    assert page.locator("#id_term").input_value() == bsn
    page.locator("input[name=category][value=acute_safety]").check()
    page.fill("#id_reason", "Even kijken.")
    page.locator("#id_acknowledge").check()
    submit(page)
    assert "minstens 20 tekens" in page.locator("main").inner_text()
    assert "/toezicht/noodtoegang/" in worker.path()
    assert not worker.check_page("break-the-glass form with errors")
    worker.screenshot("oversight-2-break-glass-refused")
    page.fill("#id_reason", REASON)
    submit(page)

    # 3. The file opens, with a banner that it was opened by break-the-glass.
    assert re.search(r"/inwoners/\d+/$", worker.path()), worker.path()
    resident_path = worker.path()
    assert "U heeft toegang tot dit dossier tot" in page.locator(".messages").inner_text()
    banner = page.locator("main h1 + .alert--warning").inner_text()
    assert "noodtoegang (#" in banner
    grant_number = re.search(r"#(\d+)", banner).group(1)
    assert bsn in page.locator("dl.details").inner_text()
    assert not worker.check_page("file opened by break-the-glass")
    worker.screenshot("oversight-3-file-opened")

    # 4. Quality staff: the grant is on the to-do list; open it and record a review.
    quality = open_session()
    quality.sign_in("kwaliteit")
    qpage = quality.page
    quality.goto(GRANTS)
    assert not quality.check_page("break-the-glass list")
    quality.screenshot("oversight-4-review-list")
    link = qpage.locator(f"a[href='{GRANTS}{grant_number}/']")
    assert link.count() == 1
    todo = int(qpage.locator(".cards .card .figure").first.inner_text())
    link.click()
    qpage.wait_for_url(re.compile(rf"{GRANTS}{grant_number}/$"))
    main = qpage.locator("main").inner_text()
    assert REASON in main and "Te beoordelen" in main
    assert "Dossier van inwoner" in main  # what was viewed under it
    assert not quality.check_page("break-the-glass detail")
    quality.screenshot("oversight-5-grant-detail")
    # "Not justified" needs a note: refused first, in Dutch.
    qpage.locator("input[name=outcome][value=not_justified]").check()
    submit(qpage)
    assert "Licht de uitkomst" in qpage.locator("main").inner_text()
    assert not quality.check_page("review refused")
    qpage.locator("input[name=outcome][value=justified]").check()
    qpage.fill("#id_note", "Navraag bij de wijkagent bevestigt de melding.")
    submit(qpage)
    assert "De beoordeling is vastgelegd" in qpage.locator(".messages").inner_text()
    assert "Terecht" in qpage.locator("main h1").inner_text()
    assert not quality.check_page("grant reviewed")
    quality.screenshot("oversight-6-reviewed")
    quality.goto(GRANTS)
    assert int(qpage.locator(".cards .card .figure").first.inner_text()) == todo - 1

    # 5. The access review: this week shows the new grant; the demo week every kind of finding.
    quality.goto(ACCESS_REVIEW)
    assert qpage.locator(f"#grants-title ~ div a[href='{GRANTS}{grant_number}/']").count() == 1
    assert not quality.check_page("access review (this week)")
    quality.goto(ACCESS_REVIEW + DEMO_WEEK)
    figures = [int(f) for f in qpage.locator(".cards .card .figure").all_inner_texts()]
    assert len(figures) == 4 and all(figures), figures
    assert not quality.check_page("access review (demo week)")
    quality.screenshot("oversight-7-access-review")
    # Drill down from a finding to the access log.
    qpage.locator("#bursts-title ~ div table a").first.click()
    qpage.wait_for_url(re.compile(r"/logboek/inzage/\?person="))
    assert not quality.check_page("access log drill-down")

    # 6. The access log links the worker's entries to the grant.
    quality.goto(f"{ACCESS_LOG}?person=sociaalwerker")
    assert qpage.locator(f"a[href='{GRANTS}{grant_number}/']").count() >= 2
    assert not quality.check_page("access log with break-the-glass links")
    quality.screenshot("oversight-8-access-log")

    # The worker's access ends with the grant; meanwhile nobody else sees the file.
    manager.goto(resident_path)
    assert "noodtoegang" not in manager.page.locator("main").inner_text()
