"""A complaint from the public form to its closing, in Chromium.

A resident submits the public form without an account and gets a reference number; the
quality staff member (kwaliteit) finds the complaint, acknowledges it, takes it into handling
as its handler, records the decision (gegrond) and closes it. Every page is checked with axe
and screenshotted to var/screenshots/complaints-*.png.
"""

import re

import pytest

pytestmark = pytest.mark.e2e

PUBLIC_FORM = "/klachten/indienen/"
COMPLAINTS = "/klachten/"


def test_a_complaint_from_the_public_form_to_closing(open_session):
    failures: list[str] = []

    # --- A resident, without an account -------------------------------------------------
    resident = open_session()
    page = resident.page
    resident.goto(PUBLIC_FORM)
    assert page.get_by_role("heading", level=1).inner_text() == "Een klacht indienen"
    assert "inloggen" not in resident.path()
    failures += resident.check_page("public complaint form")
    resident.screenshot("complaints-1-public-form")

    page.get_by_label("Uw naam").fill("Anna de Boer")
    page.get_by_label("E-mailadres").fill("anna.deboer@example.nl")
    page.get_by_label("Over welk wijk- of dorpenteam gaat het?").select_option(
        label="Wijkteam Centrum-Oost"
    )
    page.get_by_label("Waar gaat het over?").select_option(label="Bejegening")
    page.locator("#id_description").fill(
        "Ik ben aan de balie onvriendelijk te woord gestaan en niemand heeft teruggebeld."
    )
    page.get_by_label("Wat wilt u dat wij doen?").fill("Excuses en een nieuw gesprek.")
    with page.expect_navigation():
        page.get_by_role("button", name="Klacht versturen").click()
    assert resident.path() == "/klachten/indienen/ontvangen/"
    reference = page.locator(".reference").inner_text()
    assert re.fullmatch(r"K-\d{4}-\d{4}", reference), reference
    text = page.locator("main").inner_text()
    assert "Anna de Boer" not in text and "balie" not in text  # only the reference
    failures += resident.check_page("acknowledgement page")
    resident.screenshot("complaints-2-reference")

    # --- The quality staff member handles it --------------------------------------------
    quality = open_session()
    quality.sign_in("kwaliteit")
    page = quality.page
    quality.goto(COMPLAINTS)
    failures += quality.check_page("complaint list")
    quality.screenshot("complaints-3-list")
    with page.expect_navigation():
        page.get_by_role("link", name=reference, exact=True).click()
    detail = quality.path()
    assert "Anna de Boer" in page.locator("main").inner_text()
    failures += quality.check_page("complaint page, received")
    quality.screenshot("complaints-4-received")

    def step(button: str, name: str, fill=None) -> None:
        nonlocal failures
        with page.expect_navigation():
            page.get_by_role("link", name=button, exact=True).click()
        if fill:
            fill()
        failures += quality.check_page(f"step form: {button}")
        quality.screenshot(f"complaints-{name}-form")
        with page.expect_navigation():
            page.get_by_role("button", name="Stap opslaan").click()
        assert quality.path().split("#")[0] == detail, page.locator("main").inner_text()[:500]
        failures += quality.check_page(f"after: {button}")
        quality.screenshot(f"complaints-{name}-done")

    step("Ontvangst bevestigen", "5-acknowledge")
    assert "Ontvangst bevestigd" in page.locator("#state").inner_text()

    def assign():
        page.get_by_label("Behandelaar").select_option(label="Demo Kwaliteitsmedewerker")
        page.get_by_label("Formele behandeling").check()

    step("In behandeling nemen", "6-handling", assign)
    assert "Demo Kwaliteitsmedewerker" in page.locator("#state").inner_text()

    def decide():
        page.get_by_label("Gegrond", exact=True).check()
        page.get_by_label("Besluit en motivering").fill(
            "De klacht is gegrond: de klager is niet teruggebeld. Excuses aangeboden; het "
            "terugbellen is opnieuw afgesproken in het team."
        )

    step("Besluit vastleggen", "7-decision", decide)
    state = page.locator("#state").inner_text()
    assert "Besloten" in state and "Gegrond" in state

    step("Klacht afsluiten", "8-close")
    state = page.locator("#state").inner_text()
    assert "Afgesloten" in state
    history = page.locator("#history").inner_text()
    for entry in ("Ontvangen", "Ontvangst bevestigd", "In behandeling", "Besloten", "Afgesloten"):
        assert entry in history

    assert not failures, "\n".join(failures)
