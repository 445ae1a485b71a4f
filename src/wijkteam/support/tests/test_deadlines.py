"""Deadline rules: computed in working days with Dutch holidays, stored once, met by events."""

import datetime

import pytest

from wijkteam.support import deadlines, services
from wijkteam.support.choices import (
    ContactKind,
    ConversationKind,
    DeadlineKind,
    DeadlineStatus,
    LegalFramework,
    ReferralCategory,
    ReferralStatus,
)
from wijkteam.support.models import CaseDeadline, Contact, Conversation, Referral
from wijkteam.support.tests.helpers import TODAY, D, register
from wijkteam.support.workflow import CaseState

pytestmark = pytest.mark.django_db

K = DeadlineKind


def stored(case) -> dict[str, CaseDeadline]:
    return {d.kind: d for d in CaseDeadline.objects.filter(case=case, referral__isnull=True)}


def contact(world, case, on, **kwargs):
    return services.record_contact(
        actor=world.worker,
        contact=Contact(case=case, date=on, duration_minutes=20, kind=ContactKind.PHONE, **kwargs),
    )


def conversation(world, case, on, kind=ConversationKind.KITCHEN_TABLE):
    return services.record_conversation(
        actor=world.worker,
        conversation=Conversation(case=case, held_on=on, kind=kind, outcome="Afspraken gemaakt."),
    )


def referral(world, case, sent_on, category=ReferralCategory.HOUSEHOLD_HELP):
    return services.send_referral(
        actor=world.worker,
        referral=Referral(case=case, category=category, provider="Windkracht058", sent_on=sent_on),
    )


# --- Which deadlines a request starts -------------------------------------------------------


@pytest.mark.parametrize(
    ("framework", "urgent", "kinds"),
    [
        (LegalFramework.BASIC, False, {K.FIRST_CONTACT}),
        (LegalFramework.YOUTH, False, {K.FIRST_CONTACT}),
        (LegalFramework.WMO, False, {K.WMO_RESEARCH}),
        (LegalFramework.DEBT, False, {K.DEBT_FIRST_CONVERSATION}),
        (LegalFramework.DEBT, True, {K.DEBT_FIRST_CONVERSATION}),
    ],
)
def test_a_request_stores_the_deadlines_of_its_legal_framework(world, framework, urgent, kinds):
    case = register(world, legal_framework=framework, urgent_debt_threat=urgent)
    assert set(stored(case)) == kinds
    for deadline in stored(case).values():
        assert deadline.started_on == case.received_on
        assert deadline.met_on is None
        assert deadline.computed_with


# --- The rules, with weekend and holiday edges -----------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2026, 4, 24), D(2026, 5, 4)),  # Friday; skips the weekend and Koningsdag 27-04
        (D(2026, 4, 1), D(2026, 4, 9)),  # Good Friday counts, Easter Monday 06-04 does not
        (D(2026, 5, 8), D(2026, 5, 18)),  # skips Ascension Day 14-05
        (D(2026, 5, 19), D(2026, 5, 27)),  # skips Whit Monday 25-05
        (D(2025, 12, 19), D(2025, 12, 30)),  # skips both Christmas days
        (D(2026, 10, 31), D(2026, 11, 6)),  # a request on a Saturday counts from Monday
    ],
)
def test_first_contact_is_due_five_working_days_after_the_request(world, received, due):
    case = register(world, received_on=received)
    assert stored(case)[K.FIRST_CONTACT].due_on == due


def test_first_contact_term_comes_from_the_settings(world, settings):
    settings.FIRST_CONTACT_WORKING_DAYS = 2
    case = register(world, received_on=D(2026, 4, 24))
    first = stored(case)[K.FIRST_CONTACT]
    assert first.due_on == D(2026, 4, 29)
    assert "+ 2 working days" in first.computed_with


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2026, 3, 20), D(2026, 5, 1)),  # 42 days land on a Friday: that day
        (D(2026, 4, 2), D(2026, 5, 15)),  # 42 days land on Ascension Day: the day after
        (D(2026, 3, 24), D(2026, 5, 6)),  # 42 days land on Liberation Day (Atw): the day after
        (D(2026, 3, 21), D(2026, 5, 4)),  # a Saturday request: 42 days later is a Saturday
        (D(2026, 4, 13), D(2026, 5, 26)),  # lands on Whit Monday 25-05
    ],
)
def test_wmo_research_is_due_six_weeks_after_the_request_then_next_working_day(
    world, received, due
):
    case = register(world, legal_framework=LegalFramework.WMO, received_on=received)
    assert stored(case)[K.WMO_RESEARCH].due_on == due


@pytest.mark.parametrize(
    ("received", "urgent", "due"),
    [
        (D(2026, 4, 1), False, D(2026, 4, 29)),  # four weeks
        (D(2026, 3, 30), False, D(2026, 4, 28)),  # four weeks land on Koningsdag
        (D(2026, 4, 24), True, D(2026, 4, 30)),  # 3 working days, skipping Koningsdag
        (D(2025, 12, 23), True, D(2025, 12, 30)),  # 3 working days over Christmas
    ],
)
def test_wgs_first_conversation_within_four_weeks_or_three_working_days_when_urgent(
    world, received, urgent, due
):
    case = register(
        world, legal_framework=LegalFramework.DEBT, received_on=received, urgent_debt_threat=urgent
    )
    first = stored(case)[K.DEBT_FIRST_CONVERSATION]
    assert first.due_on == due
    assert ("lid 2" in first.computed_with) is urgent


def test_a_wmo_referral_is_the_application_and_starts_a_two_week_decision_deadline(world):
    case = register(world, legal_framework=LegalFramework.WMO, received_on=D(2026, 3, 2))
    sent = referral(world, case, D(2026, 4, 13))  # + 14 days = Koningsdag 27-04
    decision = CaseDeadline.objects.get(referral=sent)
    assert (decision.kind, decision.started_on, decision.due_on) == (
        K.WMO_DECISION,
        D(2026, 4, 13),
        D(2026, 4, 28),
    )


@pytest.mark.parametrize(
    "framework", [LegalFramework.BASIC, LegalFramework.YOUTH, LegalFramework.DEBT]
)
def test_a_referral_outside_the_wmo_starts_no_deadline(world, framework):
    case = register(world, legal_framework=framework)
    sent = referral(world, case, D(2026, 9, 10))
    assert not CaseDeadline.objects.filter(referral=sent).exists()


def test_rules_are_pure_functions_of_the_facts(settings):
    settings.FIRST_CONTACT_WORKING_DAYS = 5
    rules = deadlines.on_registration(
        legal_framework=LegalFramework.BASIC, received_on=D(2026, 4, 24)
    )
    assert [(r.kind, r.due_on) for r in rules] == [(K.FIRST_CONTACT, D(2026, 5, 4))]


def test_retention_of_a_file_closed_on_29_february_ends_on_28_february():
    assert deadlines.retention_until(LegalFramework.DEBT, D(2028, 2, 29)) == D(2033, 2, 28)


# --- Stored, never recomputed ---------------------------------------------------------------


def test_a_stored_deadline_is_unchanged_when_the_settings_change_later(world, settings):
    settings.FIRST_CONTACT_WORKING_DAYS = 5
    early = register(world, received_on=D(2026, 4, 24))
    before = stored(early)[K.FIRST_CONTACT]

    settings.FIRST_CONTACT_WORKING_DAYS = 10
    later = register(world, received_on=D(2026, 4, 24))
    contact(world, early, D(2026, 4, 28))

    after = CaseDeadline.objects.get(pk=before.pk)
    assert (after.due_on, after.computed_with) == (before.due_on, before.computed_with)
    assert after.due_on == D(2026, 5, 4)
    # Ten working days skip Koningsdag and Liberation Day (05-05, an Atw holiday).
    assert stored(later)[K.FIRST_CONTACT].due_on == D(2026, 5, 12)


def test_changing_the_case_later_does_not_recompute_its_deadlines(world):
    case = register(world, legal_framework=LegalFramework.DEBT, received_on=D(2026, 4, 1))
    due = stored(case)[K.DEBT_FIRST_CONVERSATION].due_on
    case.urgent_debt_threat = True
    services.update_case(actor=world.worker, case=case, expected_version=case.version)
    assert stored(case)[K.DEBT_FIRST_CONVERSATION].due_on == due


# --- Met by events --------------------------------------------------------------------------


def test_the_first_contact_meets_the_first_contact_deadline(world):
    case = register(world, received_on=D(2026, 9, 1))
    contact(world, case, D(2026, 9, 3))
    contact(world, case, D(2026, 9, 10))
    assert stored(case)[K.FIRST_CONTACT].met_on == D(2026, 9, 3)


def test_a_contact_recorded_later_but_dated_earlier_counts_as_the_first(world):
    case = register(world, received_on=D(2026, 9, 1))
    contact(world, case, D(2026, 9, 10))
    contact(world, case, D(2026, 9, 2))
    assert stored(case)[K.FIRST_CONTACT].met_on == D(2026, 9, 2)


def test_a_conversation_is_a_contact_too(world):
    case = register(world, received_on=D(2026, 9, 1))
    conversation(world, case, D(2026, 9, 4))
    assert stored(case)[K.FIRST_CONTACT].met_on == D(2026, 9, 4)


def test_only_a_research_conversation_meets_the_wmo_research_deadline(world):
    case = register(world, legal_framework=LegalFramework.WMO, received_on=D(2026, 9, 1))
    conversation(world, case, D(2026, 9, 8), ConversationKind.KITCHEN_TABLE)
    assert stored(case)[K.WMO_RESEARCH].met_on is None
    conversation(world, case, D(2026, 9, 22), ConversationKind.RESEARCH)
    assert stored(case)[K.WMO_RESEARCH].met_on == D(2026, 9, 22)


def test_starting_the_plan_completes_the_wmo_research(world):
    case = register(world, legal_framework=LegalFramework.WMO, received_on=D(2026, 9, 1))
    services.transition_case(case, CaseState.INVESTIGATING, actor=world.worker, on=D(2026, 9, 2))
    services.transition_case(case, CaseState.PLAN_ACTIVE, actor=world.worker, on=D(2026, 10, 1))
    assert stored(case)[K.WMO_RESEARCH].met_on == D(2026, 10, 1)


def test_any_first_conversation_meets_the_wgs_deadline_but_a_phone_contact_does_not(world):
    case = register(world, legal_framework=LegalFramework.DEBT, received_on=D(2026, 9, 1))
    contact(world, case, D(2026, 9, 2))
    assert stored(case)[K.DEBT_FIRST_CONVERSATION].met_on is None
    conversation(world, case, D(2026, 9, 15), ConversationKind.OTHER)
    assert stored(case)[K.DEBT_FIRST_CONVERSATION].met_on == D(2026, 9, 15)


@pytest.mark.parametrize(
    "status", [ReferralStatus.ACCEPTED, ReferralStatus.REFUSED, ReferralStatus.WITHDRAWN]
)
def test_the_answer_to_a_referral_meets_its_own_decision_deadline_only(world, status):
    case = register(world, legal_framework=LegalFramework.WMO, received_on=D(2026, 9, 1))
    first = referral(world, case, D(2026, 10, 1))
    second = referral(world, case, D(2026, 10, 2), ReferralCategory.DAY_ACTIVITIES)
    services.answer_referral(
        actor=world.worker,
        referral=first,
        status=status,
        responded_on=D(2026, 10, 9),
        expected_version=first.version,
    )
    assert CaseDeadline.objects.get(referral=first).met_on == D(2026, 10, 9)
    assert CaseDeadline.objects.get(referral=second).met_on is None


# --- Status as shown ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "met", "status"),
    [
        (TODAY - datetime.timedelta(days=1), None, DeadlineStatus.OVERDUE),
        (TODAY, None, DeadlineStatus.DUE_SOON),
        (TODAY + datetime.timedelta(days=6), None, DeadlineStatus.DUE_SOON),
        (TODAY + datetime.timedelta(days=7), None, DeadlineStatus.OPEN),
        (D(2026, 9, 8), D(2026, 9, 8), DeadlineStatus.MET),
        (D(2026, 9, 8), D(2026, 9, 9), DeadlineStatus.MET_LATE),
    ],
)
def test_deadline_status_on_a_day(due, met, status):
    deadline = CaseDeadline(due_on=due, met_on=met, started_on=D(2026, 9, 1))
    assert deadline.status(TODAY) == status
