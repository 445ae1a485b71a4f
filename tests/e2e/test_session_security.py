"""The idle-timeout warning in Chromium: it appears, takes focus and keeps the session alive."""

import re

import pytest

pytestmark = pytest.mark.e2e

HOME = "/"


def test_idle_warning_offers_to_stay_signed_in(open_session):
    session = open_session()
    session.sign_in("sociaalwerker")
    page = session.page

    # Shorten the timeout on this one page so the warning (one minute before) shows at once.
    def short_timeout(route):
        response = route.fetch()
        body = re.sub(r'data-idle-timeout="\d+"', 'data-idle-timeout="62"', response.text())
        route.fulfill(response=response, body=body)

    page.route(session.url(HOME), short_timeout)
    session.goto(HOME)
    warning = page.locator("#idle-warning")
    warning.wait_for(state="visible", timeout=10_000)
    assert warning.get_attribute("role") == "alertdialog"
    assert "over 1 minuut uitgelogd" in warning.inner_text()
    stay = page.get_by_role("button", name="Ingelogd blijven")
    assert stay.evaluate("el => el === document.activeElement")
    failures = session.check_page("idle warning")

    with page.expect_response(lambda r: "/sessie/verlengen/" in r.url) as keep_alive:
        stay.click()
    assert keep_alive.value.status == 204
    warning.wait_for(state="hidden")
    failures += session.check_page("after keep-alive")
    assert not failures, "\n".join(failures)
