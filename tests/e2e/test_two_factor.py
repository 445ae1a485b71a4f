"""Two-step verification in Chromium: the code page, a lost phone reset and a new enrolment."""

import re

import pytest

from .conftest import OTP_ENROL_PATH, OTP_VERIFY_PATH, totp_code

pytestmark = pytest.mark.e2e

STAFF = "/account/medewerkers/"


def test_verification_page_refuses_a_wrong_code_in_dutch_then_signs_in(open_session):
    session = open_session()
    session.submit_password("kwaliteit")
    page = session.page
    assert session.path().startswith(OTP_VERIFY_PATH), session.path()
    # Nothing but the second step is reachable yet.
    session.goto("/logboek/inzage/")
    assert session.path().startswith(OTP_VERIFY_PATH), "the logs opened before the second step"
    assert page.locator("main h1").inner_text() == "Tweestapsverificatie"
    assert page.locator("nav.main-nav").count() == 0, "no menu before the second step"
    session.screenshot("2fa-verify")
    failures = session.check_page("verification page")

    real = session.server.demo_otp("kwaliteit")
    wrong = "000000" if real != "000000" else "111111"
    session.submit_otp(wrong)
    error = page.locator("main [role=alert]")
    assert error.is_visible()
    assert "Deze code klopt niet" in page.locator("main").inner_text()
    session.screenshot("2fa-verify-wrong-code")
    failures += session.check_page("verification page with a wrong code")

    page.wait_for_timeout(1200)  # django-otp throttles for a second after a wrong code
    response = session.submit_otp(session.server.demo_otp("kwaliteit"))
    assert response.status == 200
    assert session.path() == "/logboek/inzage/", f"not back where it was asked: {session.path()}"
    failures += session.check_page("logs after the second step")
    assert not failures, "\n".join(failures)


def test_beheer_resets_a_lost_phone_and_the_user_sets_up_a_new_app(open_session):
    beheer = open_session()
    beheer.sign_in("beheer")
    page = beheer.page
    beheer.goto(f"{STAFF}?q=bestuurder")
    link = page.locator("main table a[href^='/account/medewerkers/']").first
    with page.expect_navigation():
        link.click()
    assert re.fullmatch(r"/account/medewerkers/\d+/", beheer.path())
    with page.expect_navigation():
        page.get_by_role("button", name="Tweestapsverificatie resetten").click()
    assert "is gereset" in page.locator("main .messages").inner_text()
    assert "nog niet ingesteld" in page.locator("main dl").inner_text()
    beheer.screenshot("2fa-beheer-reset")
    failures = beheer.check_page("staff page after a reset")

    user = open_session()
    user.submit_password("bestuurder")
    page = user.page
    assert user.path().startswith(OTP_ENROL_PATH), user.path()
    qr = page.locator("main img[src^='data:image/svg+xml']")
    assert qr.is_visible() and qr.get_attribute("alt")
    assert qr.evaluate("img => img.naturalWidth") > 0, "the QR code did not load (CSP?)"
    secret = page.locator("#otp-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{4})+", secret), secret
    user.screenshot("2fa-enrol")
    failures += user.check_page("enrolment page")

    user.submit_otp("12345")
    assert "Vul de 6 cijfers in" in page.locator("main").inner_text()
    failures += user.check_page("enrolment page with a wrong code")

    user.submit_otp(totp_code(secret))
    assert user.path().startswith("/account/tweestaps/herstelcodes/"), user.path()
    codes = page.locator("main ul.recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{4}-[a-z2-7]{4}", c) for c in codes)
    user.screenshot("2fa-recovery-codes")
    failures += user.check_page("recovery codes")
    with page.expect_navigation():
        page.get_by_role("link", name="Ik heb de codes bewaard, verder").click()
    assert user.path() == "/"
    assert page.locator("main h1").count() == 1

    # The demo command now gives the new app's code, so later sign-ins keep working.
    again = open_session()
    assert again.sign_in("bestuurder").status == 200
    assert again.path() == "/"
    assert not failures, "\n".join(failures)
