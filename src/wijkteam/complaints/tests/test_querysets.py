"""The QuerySet helpers the quality overview builds on: one query each, counted in the
database, unscoped (the caller decides who sees figures)."""

import pytest

from wijkteam.complaints import services
from wijkteam.complaints.choices import Outcome
from wijkteam.complaints.models import Complaint, ComplaintCategory
from wijkteam.complaints.tests.helpers import TODAY, D, complaint_in, register
from wijkteam.complaints.workflow import ComplaintState

pytestmark = pytest.mark.django_db
S = ComplaintState


@pytest.fixture
def year(world):
    avg = ComplaintCategory.objects.get(code="avg-gegevensdeling")
    rows = {
        "jan": register(world, received_on=D(2026, 1, 12), category=avg),
        "decided": complaint_in(S.DECIDED, world),
        "closed": complaint_in(S.CLOSED, world, team=world.team_b),
        "open": register(world, received_on=D(2026, 11, 20)),
    }
    withdrawn = register(world, received_on=D(2026, 11, 16))
    services.transition_complaint(
        withdrawn, S.CLOSED, actor=world.quality, on=TODAY, reason="Ingetrokken."
    )
    rows["withdrawn"] = withdrawn
    return rows


def test_count_by_category_in_one_query(year, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = list(
            Complaint.objects.received_between(D(2026, 1, 1), D(2026, 12, 31)).count_by_category()
        )
    counts = {row["category__name"]: row["count"] for row in rows}
    assert counts == {"Gegevensdeling en privacy (AVG)": 1, "Bejegening": 4}


def test_count_by_outcome_team_state_and_month(year, django_assert_num_queries):
    with django_assert_num_queries(4):
        outcomes = {r["outcome"]: r["count"] for r in Complaint.objects.count_by_outcome()}
        teams = {r["team__name"]: r["count"] for r in Complaint.objects.count_by_team()}
        states = {r["state"]: r["count"] for r in Complaint.objects.count_by_state()}
        months = {r["month"].month: r["count"] for r in Complaint.objects.count_by_month()}
    assert outcomes == {"": 2, Outcome.UNFOUNDED: 2, Outcome.WITHDRAWN: 1}
    assert teams == {"Wijkteam A": 4, "Wijkteam B": 1}
    assert states == {S.RECEIVED: 2, S.DECIDED: 1, S.CLOSED: 2}
    assert months == {1: 1, 11: 4}


def test_open_undecided_overdue_and_decided_between(year):
    def names(qs):
        pks = set(qs.values_list("pk", flat=True))
        return {name for name, c in year.items() if c.pk in pks}

    qs = Complaint.objects
    assert names(qs.open()) == {"jan", "decided", "open"}
    assert names(qs.undecided()) == {"jan", "open"}
    assert names(qs.overdue(TODAY)) == {"jan"}
    assert names(qs.acknowledgement_overdue(TODAY)) == {"jan"}
    assert names(qs.decision_overdue(TODAY)) == {"jan"}
    assert names(qs.due_this_week(TODAY)) == {"open"}  # acknowledge by 27 November
    assert names(qs.decided_between(D(2026, 11, 1), D(2026, 11, 30))) == {
        "decided",
        "closed",
        "withdrawn",
    }
    assert names(qs.decided_between(D(2026, 11, 17), None)) == {"withdrawn"}


def test_helpers_chain_with_team_and_category(year, world):
    avg = ComplaintCategory.objects.get(code="avg-gegevensdeling")
    assert Complaint.objects.for_team(world.team_b).count() == 1
    assert Complaint.objects.in_category(avg).open().count() == 1
