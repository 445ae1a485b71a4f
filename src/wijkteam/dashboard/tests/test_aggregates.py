"""Figures: computed in the database, small numbers hidden, consent respected for outsiders."""

from django.urls import reverse

import pytest

from wijkteam.dashboard import aggregates
from wijkteam.residents.tests.factories import ConsentFactory, ResidentFactory
from wijkteam.support.tests.factories import SupportCaseFactory

pytestmark = pytest.mark.django_db


def open_cases(figures, team_name):
    return next(f for f in figures if f.label == team_name)


def make_cases(team, n, consented):
    for _ in range(n):
        resident = ResidentFactory(team=team)
        SupportCaseFactory(resident=resident)
        if consented:
            ConsentFactory(resident=resident)


def test_municipality_counts_only_residents_who_consented(world):
    # world.resident_a has consent, world.resident_b has none
    make_cases(world.team_a, 6, consented=True)
    make_cases(world.team_a, 4, consented=False)
    all_cases = aggregates.open_cases_per_team(consented_only=False)
    consented = aggregates.open_cases_per_team(consented_only=True)
    assert open_cases(all_cases, "Wijkteam A").value == 11
    assert open_cases(consented, "Wijkteam A").value == 7


def test_withdrawn_consent_no_longer_counts(world):
    import datetime

    make_cases(world.team_a, 5, consented=True)
    before = aggregates.cases_per_framework(consented_only=True)
    from wijkteam.residents.models import Consent

    Consent.objects.update(withdrawn_on=datetime.date.today())
    after = aggregates.cases_per_framework(consented_only=True)
    assert sum(f.value or 0 for f in before) == 6
    assert sum(f.value or 0 for f in after) == 0


def test_small_counts_are_suppressed(world, settings):
    settings.SMALL_NUMBER_THRESHOLD = 5
    make_cases(world.team_a, 2, consented=True)
    figure = open_cases(aggregates.open_cases_per_team(), "Wijkteam A")
    assert figure.suppressed and figure.display == "<5"
    zero = aggregates.suppress("x", 0)
    assert (zero.suppressed, zero.display) == (False, "0")


def test_start_page_tells_the_municipality_that_only_consented_residents_count(client, world):
    client.force_login(world.municipality)
    body = client.get(reverse("dashboard:home")).content.decode()
    assert "toestemming" in body
    client.force_login(world.manager)
    body = client.get(reverse("dashboard:home")).content.decode()
    assert "Alleen inwoners die toestemming" not in body


def test_municipality_role_cannot_see_internal_figures(world):
    assert aggregates.consented_only_for(world.municipality) is True
    assert aggregates.consented_only_for(world.manager) is False
    assert aggregates.consented_only_for(world.board) is False
