"""The timeline: every kind of event for a resident and their household, newest first."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from wijkteam.core.models import AccessLogEntry
from wijkteam.plans.tests.factories import GoalFactory, SupportPlanFactory
from wijkteam.support.tests.factories import (
    ContactFactory,
    ConversationFactory,
    ReferralFactory,
    SupportCaseFactory,
)
from wijkteam.support.timeline import timeline

pytestmark = pytest.mark.django_db


def fill(world, n=1, start=datetime.date(2026, 9, 2)):
    case = world.case_a
    for i in range(n):
        day = start + datetime.timedelta(days=i)
        ContactFactory(case=case, date=day, recorded_by=world.worker)
        ConversationFactory(case=case, held_on=day, recorded_by=world.worker)
        ReferralFactory(case=case, sent_on=day, recorded_by=world.worker)
    plan = SupportPlanFactory(case=case, created_by=world.worker)
    for _ in range(n):
        GoalFactory(plan=plan)
    return plan


def test_timeline_shows_every_kind_of_event_newest_first(world):
    fill(world)
    entries = timeline(user=world.worker, resident_ids=[world.resident_a.pk])
    kinds = {e.kind for e in entries}
    assert {"request", "contact", "conversation", "referral", "plan", "goal", "consent"} <= kinds
    dates = [e.on for e in entries]
    assert dates == sorted(dates, reverse=True)


def test_household_timeline_includes_cases_of_other_members(world):
    from wijkteam.residents.models import HouseholdMember
    from wijkteam.residents.tests.factories import ResidentFactory

    partner = ResidentFactory(team=world.team_a)
    HouseholdMember.objects.create(
        household=world.household_a, resident=partner, relation="partner"
    )
    SupportCaseFactory(resident=partner, household=world.household_a)
    entries = timeline(
        user=world.worker,
        resident_ids=[world.resident_a.pk, partner.pk],
        household_ids=[world.household_a.pk],
    )
    assert {e.resident_id for e in entries if e.kind == "request"} == {
        world.resident_a.pk,
        partner.pk,
    }


def test_timeline_never_contains_cases_outside_the_scope(world):
    entries = timeline(user=world.worker, resident_ids=[world.resident_b.pk])
    assert [e for e in entries if e.kind != "consent"] == []


def test_timeline_query_count_does_not_grow_with_history(world):
    fill(world, n=1)
    timeline(user=world.worker, resident_ids=[world.resident_a.pk])  # warm permission caches
    with CaptureQueriesContext(connection) as small:
        timeline(user=world.worker, resident_ids=[world.resident_a.pk])
    fill(world, n=8, start=datetime.date(2026, 9, 10))
    with CaptureQueriesContext(connection) as large:
        timeline(user=world.worker, resident_ids=[world.resident_a.pk])
    assert len(small.captured_queries) == len(large.captured_queries)


def test_timeline_page_is_logged_and_out_of_scope_is_404(client, world):
    plan = fill(world)
    client.force_login(world.worker)
    response = client.get(reverse("residents:resident-timeline", args=[world.resident_a.pk]))
    assert response.status_code == 200
    assert reverse("plans:plan-detail", args=[plan.pk]) in response.content.decode()
    assert AccessLogEntry.objects.filter(resident_id=world.resident_a.pk).exists()
    other = reverse("residents:resident-timeline", args=[world.resident_b.pk])
    assert client.get(other).status_code == 404
    household = reverse("residents:household-timeline", args=[world.household_a.pk])
    assert client.get(household).status_code == 200
