"""Demo incidents: the seed's proportions, valid rows, deterministic."""

import datetime

import pytest

from wijkteam.accounts.tests.factories import UserFactory
from wijkteam.incidents.demo import write_demo
from wijkteam.incidents.models import Calamity, CareNeed, FollowUpAction, Incident, IncidentEvent
from wijkteam.incidents.workflow import (
    AFTERCARE_OPEN_STATES,
    CALAMITY_OPEN_STATES,
    CalamityState,
    IncidentState,
)
from wijkteam.residents.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 10, 31)
YEAR = datetime.timedelta(days=365)


@pytest.fixture
def staffed(world):
    """Teams A and B with a handful of workers and residents, as the demo would have."""
    UserFactory.create_batch(4, role="sociaal_werker", teams=[world.team_a])
    UserFactory.create_batch(4, role="sociaal_werker", teams=[world.team_b])
    ResidentFactory.create_batch(10, team=world.team_a)
    ResidentFactory.create_batch(10, team=world.team_b)
    return world


@pytest.fixture
def demo(staffed, clock):
    clock.today = TODAY
    counts = write_demo(seed=7, scale=1, today=TODAY, progress=None)
    return counts


def test_a_year_of_53_incidents_and_37_in_the_year_before(demo):
    recent = Incident.objects.filter(occurred_on__gt=TODAY - YEAR, occurred_on__lte=TODAY)
    prior = Incident.objects.filter(occurred_on__gt=TODAY - 2 * YEAR, occurred_on__lte=TODAY - YEAR)
    assert recent.count() == 53
    assert prior.count() == 37
    assert round(recent.count() / prior.count() - 1, 2) == pytest.approx(0.45, abs=0.03)


def test_the_ladder_split_is_more_serious_in_the_recent_year_and_6_only_recent(demo):
    recent = dict(
        Incident.objects.filter(occurred_on__gt=TODAY - YEAR)
        .by_category()
        .values_list("category", "incidents")
    )
    prior = dict(
        Incident.objects.filter(occurred_on__lte=TODAY - YEAR)
        .by_category()
        .values_list("category", "incidents")
    )
    assert recent == {1: 10, 2: 14, 3: 13, 4: 9, 5: 4, 6: 3}
    assert 6 not in prior
    assert sum(v for k, v in recent.items() if k >= 4) > sum(v for k, v in prior.items() if k >= 4)


def test_13_people_needed_more_than_basic_support_in_the_recent_year(demo):
    needs = CareNeed.objects.filter(incident__occurred_on__gt=TODAY - YEAR)
    assert needs.count() == 13
    assert all(n.mental_health_problems for n in needs)


def test_aftercare_mostly_on_time_a_few_overdue(demo):
    done = Incident.objects.filter(aftercare_done_on__isnull=False)
    late = done.aftercare_late().count()
    assert late / done.count() < 0.2
    overdue = Incident.objects.aftercare_overdue(TODAY).count()
    assert 1 <= overdue <= 5


def test_a_calamity_or_two_and_every_category_5_and_6_flagged(demo):
    flagged = Incident.objects.filter(category__gte=5)
    assert Calamity.objects.count() == flagged.count()
    assert 1 <= Incident.objects.calamities().count() <= 2
    assert Calamity.objects.filter(state=CalamityState.NOT_CALAMITY).exists()


def test_demo_rows_respect_the_workflow_invariants(demo):
    for incident in Incident.objects.all():
        incident.full_clean()
        if incident.state == IncidentState.CLOSED:
            assert not incident.follow_ups.open().exists()
            state = Calamity.objects.filter(incident=incident).values_list("state", flat=True)
            assert not set(state) & CALAMITY_OPEN_STATES
        assert (incident.state in AFTERCARE_OPEN_STATES) == (incident.aftercare_done_on is None)
        assert incident.events.filter(kind="reported").count() == 1
    for action in FollowUpAction.objects.select_related("incident"):
        action.full_clean()
    for need in CareNeed.objects.all():
        need.full_clean()
    assert IncidentEvent.objects.count() > Incident.objects.count()


def test_reporters_are_members_of_the_incidents_team(demo):
    from wijkteam.accounts.models import TeamMembership

    for team_id, reporter_id in Incident.objects.values_list("team_id", "reporter_id"):
        assert TeamMembership.objects.filter(team_id=team_id, user_id=reporter_id).exists()


def test_the_demo_is_deterministic(staffed, clock):
    from django.db import transaction

    clock.today = TODAY

    def snapshot():
        return list(
            Incident.objects.order_by("occurred_on", "occurred_time", "reported_at").values_list(
                "occurred_on",
                "occurred_time",
                "category",
                "kind",
                "team_id",
                "reporter_id",
                "state",
                "resident_id",
            )
        )

    with transaction.atomic():
        write_demo(seed=3, scale=1, today=TODAY, progress=None)
        first = snapshot()
        transaction.set_rollback(True)
    assert not Incident.objects.exists()
    write_demo(seed=3, scale=1, today=TODAY, progress=None)
    assert snapshot() == first
    assert len(first) == 90


def test_small_scale_keeps_a_handful(staffed, clock):
    clock.today = TODAY
    counts = write_demo(seed=7, scale=0.02, today=TODAY, progress=None)
    assert counts["incidents"] == 12 + 8
    assert Calamity.objects.exists()
