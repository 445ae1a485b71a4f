"""The overview page and API: who sees what, small-number suppression, periods, queries."""

import datetime

from django.urls import reverse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijkteam.incidents.tests.factories import IncidentFactory
from wijkteam.quality.periods import Period
from wijkteam.quality.reports import Comparison, show, show_change
from wijkteam.quality.tests.builders import build

pytestmark = pytest.mark.django_db

YEAR_2026 = {"kind": "year", "year": "2026"}


def incidents(world, n, team=None, year=2026):
    for _ in range(n):
        IncidentFactory(
            team=team or world.team_a, reporter=world.worker, occurred_on=datetime.date(year, 3, 2)
        )


def test_quality_staff_see_exact_small_numbers(client, world):
    incidents(world, 3)
    incidents(world, 2, year=2025)
    client.force_login(world.quality)
    figures = client.get(reverse("quality:overview"), YEAR_2026).context["figures"]
    assert figures["suppressed"] is False
    assert figures["incidents"]["current"] == {"value": 3, "display": "3"}
    assert figures["incidents"]["change"] == "+50%"


@pytest.mark.parametrize("role", ["gemeente", "bestuurder"])
def test_municipality_and_board_see_small_numbers_suppressed(client, world, role):
    incidents(world, 3)
    incidents(world, 7, team=world.team_b)
    incidents(world, 2, year=2025)
    client.force_login(world.users[role])
    response = client.get(reverse("quality:overview"), YEAR_2026)
    figures = response.context["figures"]
    assert figures["suppressed"] is True
    assert figures["incidents"]["current"] == {"value": 10, "display": "10"}
    assert figures["incidents"]["previous"] == {"value": None, "display": "<5"}
    assert figures["incidents"]["change"] == "—"  # would give the hidden 2 away
    body = response.content.decode()
    assert "&lt;5" in body
    assert "worden getoond als" in body
    zero_rows = [r for r in figures["incidents_by_kind"] if r["current"]["value"] == 0]
    assert zero_rows and all(r["current"]["display"] == "0" for r in zero_rows)


def test_api_gives_the_same_suppressed_figures(client, world):
    incidents(world, 3)
    client.force_login(world.municipality)
    data = client.get(reverse("quality-figures-list"), YEAR_2026).json()
    assert data["incidents"]["current"] == {"value": None, "display": "<5"}
    assert data["period"] == {"label": "2026", "start": "2026-01-01", "end": "2026-12-31"}


def test_teammanager_sees_own_teams_in_full_and_not_other_teams(client, world):
    incidents(world, 3)
    incidents(world, 8, team=world.team_b)
    client.force_login(world.manager)
    figures = client.get(reverse("quality:overview"), YEAR_2026).context["figures"]
    assert figures["teams"] == [world.team_a.pk]
    assert figures["incidents"]["current"] == {"value": 3, "display": "3"}
    response = client.get(reverse("quality:overview"), {**YEAR_2026, "team": world.team_b.pk})
    assert response.context["figures"] is None
    assert (
        "geen beschikbare keuze" in response.content.decode()
        or "Selecteer een geldige" in response.content.decode()
    )


def test_quality_staff_choose_a_team(client, world):
    incidents(world, 3)
    incidents(world, 8, team=world.team_b)
    client.force_login(world.quality)
    response = client.get(reverse("quality:overview"), {**YEAR_2026, "team": world.team_b.pk})
    assert response.context["figures"]["incidents"]["current"]["value"] == 8


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "quarter", "year": "2026"}, "Kies een kwartaal."),
        ({"kind": "custom", "start": "2026-05-01"}, "begin- en de einddatum"),
        ({"kind": "custom", "start": "2026-05-01", "end": "2026-04-01"}, "einddatum"),
        ({"kind": "year", "year": "1850"}, "2000"),
    ],
)
def test_bad_period_gets_a_dutch_message(client, world, params, message):
    client.force_login(world.quality)
    response = client.get(reverse("quality:overview"), params)
    assert response.status_code == 200
    assert response.context["figures"] is None
    assert message in response.content.decode()
    api = client.get(reverse("quality-figures-list"), params)
    assert api.status_code == 400


def test_quarter_and_custom_periods(client, world):
    IncidentFactory(team=world.team_a, reporter=world.worker, occurred_on=datetime.date(2026, 4, 1))
    client.force_login(world.quality)
    q2 = client.get(
        reverse("quality:overview"), {"kind": "quarter", "year": "2026", "quarter": "2"}
    )
    assert q2.context["figures"]["incidents"]["current"]["value"] == 1
    q1 = client.get(
        reverse("quality:overview"), {"kind": "quarter", "year": "2026", "quarter": "1"}
    )
    assert q1.context["figures"]["incidents"]["current"]["value"] == 0
    custom = client.get(
        reverse("quality:overview"), {"kind": "custom", "start": "2026-04-01", "end": "2026-04-01"}
    )
    assert custom.context["figures"]["incidents"]["current"]["value"] == 1


@pytest.mark.parametrize("n", [4, 20])
def test_page_uses_a_fixed_number_of_queries(client, world, django_assert_num_queries, n):
    build(world, n, seed=n)
    client.force_login(world.quality)
    client.get(reverse("quality:overview"), YEAR_2026)
    # session, user, 2FA device, permissions (2), teams of the form, header roles, and the
    # eleven of quality_figures
    with django_assert_num_queries(18):
        client.get(reverse("quality:overview"), YEAR_2026)


# --- arithmetic ------------------------------------------------------------------------------


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_change_is_rounded_percent_of_the_previous_count(current, previous):
    shown = show_change(Comparison(current, previous), suppress=False)
    if previous == 0:
        assert shown == "—"
    else:
        value = round((current - previous) * 100 / previous)
        assert shown == (f"+{value}%" if value > 0 else f"{value}%")


@given(st.integers(0, 100_000))
def test_suppression_hides_exactly_one_to_threshold_minus_one(value):
    shown = show(value, suppress=True)
    assert (shown == "<5") == (1 <= value <= 4)
    assert show(value, suppress=False).replace(".", "") == str(value)


@given(st.dates(datetime.date(2001, 1, 1), datetime.date(2099, 12, 31)), st.integers(0, 800))
def test_previous_period_is_the_same_period_one_year_earlier(start, length):
    period = Period(start, start + datetime.timedelta(days=length))
    previous = period.previous_year()
    assert previous.start.year == period.start.year - 1
    assert (previous.start.month, previous.end.month) == (period.start.month, period.end.month)
    assert abs((period.end - period.start) - (previous.end - previous.start)) <= datetime.timedelta(
        days=1
    )


@given(st.integers(2001, 2099), st.integers(1, 4))
def test_quarters_tile_the_year(year, quarter):
    period = Period.quarter(year, quarter)
    if quarter == 1:
        assert period.start == datetime.date(year, 1, 1)
    if quarter == 4:
        assert period.end == datetime.date(year, 12, 31)
    else:
        assert Period.quarter(year, quarter + 1).start == period.end + datetime.timedelta(days=1)
