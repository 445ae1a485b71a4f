"""The support cycle of the demo cases: valid states, stored deadlines, some overdue."""

from io import StringIO

from django.core.management import call_command

import pytest

from wijkteam.demo.generator import DEMO_TODAY, build_demo_data
from wijkteam.support.models import CaseDeadline, CaseTransition, SupportCase
from wijkteam.support.workflow import TRANSITIONS, CaseState


@pytest.fixture(scope="module")
def data():
    return build_demo_data(seed=2, scale=0.1)


def test_the_cycle_does_not_change_people_or_dates_of_the_cases():
    with_cycle = build_demo_data(seed=5, scale=0.02)
    assert all(case.cycle is not None for case in with_cycle.cases)
    assert with_cycle.digest() == build_demo_data(seed=5, scale=0.02).digest()


def test_every_demo_case_walks_the_workflow_table(data):
    for case in data.cases:
        steps = case.cycle.transitions
        assert steps[0] == ("", CaseState.REGISTERED, case.received_on)
        for (_f, previous, on_before), (from_state, to_state, on) in zip(
            steps, steps[1:], strict=False
        ):
            assert from_state == previous
            assert to_state in TRANSITIONS[from_state]
            assert on_before <= on <= (case.closed_on or DEMO_TODAY)
        assert (case.cycle.state == CaseState.CLOSED) == bool(case.closed_on)
        assert bool(case.cycle.closure_reason) == bool(case.closed_on)


def test_recorded_events_fall_between_the_request_and_its_closing(data):
    for case in data.cases:
        end = case.closed_on or DEMO_TODAY
        dates = [c[0] for c in case.cycle.contacts] + [c[0] for c in case.cycle.conversations]
        dates += [r[2] for r in case.cycle.referrals] + [r[4] for r in case.cycle.referrals if r[4]]
        assert all(case.received_on <= on <= end for on in dates)


@pytest.mark.django_db
def test_loaded_demo_has_overdue_and_due_this_week_deadlines(settings):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo_data", "--seed", "2", "--scale", "0.1", stdout=StringIO())
    assert CaseDeadline.objects.overdue(DEMO_TODAY).exists()
    assert CaseDeadline.objects.due_this_week(DEMO_TODAY).exists()
    assert CaseDeadline.objects.filter(met_on__isnull=False).exists()
    for case in SupportCase.objects.all()[:200]:
        case.full_clean()
        last = CaseTransition.objects.filter(case=case).order_by("on", "id").last()
        assert last.to_state == case.state
    closed = SupportCase.objects.filter(state=CaseState.CLOSED)
    assert not closed.filter(retention_until__isnull=True).exists()
