"""Browser: the quality overview as quality staff (full figures) and as the municipality
(small numbers suppressed). Pages checked with axe and screenshotted."""

import re

import pytest

pytestmark = pytest.mark.e2e

OVERVIEW = "/kwaliteit/overzicht/?kind=year&year=2026"


def cells(page, selector):
    return page.eval_on_selector_all(selector, "cells => cells.map(c => c.innerText.trim())")


def test_quality_staff_see_full_figures(open_session):
    session = open_session()
    session.sign_in("kwaliteit")
    session.goto(OVERVIEW)
    page = session.page
    assert page.locator("main h1").inner_text() == "Kwaliteitsoverzicht"
    numbers = cells(page, "main td.num")
    assert numbers and not any(n.startswith("<") for n in numbers)
    assert page.locator("main p[role=note]").count() == 0
    assert not session.check_page("quality overview (kwaliteit)")
    session.screenshot("quality-1-kwaliteit")
    session.goto("/kwaliteit/overzicht/?kind=quarter&year=2026&quarter=3")
    assert "K3 2026" in page.locator("main").inner_text()
    assert not session.check_page("quality overview quarter")


def test_municipality_sees_small_numbers_suppressed(open_session):
    session = open_session()
    session.sign_in("gemeente")
    session.goto(OVERVIEW)
    page = session.page
    numbers = cells(page, "main td.num")
    assert any(n == "<5" for n in numbers), numbers
    assert not any(re.fullmatch(r"[1-4]", n) for n in numbers), numbers
    assert "worden getoond als" in page.locator("main p[role=note]").inner_text()
    assert not session.check_page("quality overview (gemeente)")
    session.screenshot("quality-2-gemeente")
