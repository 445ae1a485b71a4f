"""Complaint terms: acknowledgement in working days, decision in calendar weeks with the
Algemene termijnenwet shift, one extension; all stored when the complaint enters the state."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import translation

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkteam.complaints import deadlines
from wijkteam.complaints.choices import ComplaintChannel, EventKind
from wijkteam.complaints.models import Complaint
from wijkteam.complaints.services import extend_decision_term
from wijkteam.complaints.tests.helpers import TODAY, D, complaint_in, register
from wijkteam.complaints.workflow import ComplaintState
from wijkteam.core.services import ConflictError
from wijkteam.core.workingdays import is_working_day, working_days_between

S = ComplaintState


# --- The pure rules --------------------------------------------------------------------------


def test_acknowledgement_is_due_five_working_days_after_receipt():
    assert deadlines.acknowledgement_term(D(2026, 11, 2)).due_on == D(2026, 11, 9)  # Mon -> Mon
    assert deadlines.acknowledgement_term(D(2026, 11, 6)).due_on == D(2026, 11, 13)  # Fri -> Fri


def test_acknowledgement_skips_christmas_and_new_year():
    # Thu 24 Dec: 25 Dec (holiday), 28, 29, 30, 31 Dec, 1 Jan (holiday), 4 Jan is the fifth.
    assert deadlines.acknowledgement_term(D(2026, 12, 24)).due_on == D(2027, 1, 4)


def test_decision_is_due_six_calendar_weeks_after_receipt():
    assert deadlines.decision_term(D(2026, 11, 2)).due_on == D(2026, 12, 14)


def test_a_decision_date_on_a_saturday_moves_to_monday():
    assert deadlines.decision_term(D(2026, 11, 7)).due_on == D(2026, 12, 21)  # Sat 19 Dec + 2


def test_a_decision_date_on_christmas_moves_past_the_weekend():
    # 13 Nov + 42 days = Friday 25 December; 26-27 December is a weekend: Monday 28.
    assert deadlines.decision_term(D(2026, 11, 13)).due_on == D(2026, 12, 28)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2026, 3, 24), D(2026, 5, 6)),  # 5 May (Bevrijdingsdag, every year in the Atw)
        (D(2027, 3, 16), D(2027, 4, 28)),  # 27 April (Koningsdag)
        (D(2026, 2, 23), D(2026, 4, 7)),  # Easter Monday 6 April
        (D(2026, 2, 21), D(2026, 4, 7)),  # Saturday 4 April, Sunday, Easter Monday
    ],
)
def test_a_decision_date_on_an_atw_holiday_moves_to_the_next_working_day(received, due):
    assert deadlines.decision_term(received).due_on == due


def test_good_friday_is_a_working_day_for_the_atw():
    # 20 Feb 2026 + 42 days = Good Friday 3 April 2026: not an Atw holiday, no shift.
    assert deadlines.decision_term(D(2026, 2, 20)).due_on == D(2026, 4, 3)


def test_the_extension_counts_from_the_original_end_not_from_the_shifted_date():
    # Received 13 Nov: the term ends on Friday 25 Dec, shifted to Monday 28 Dec. Four more
    # weeks from the original end: Friday 22 Jan (not 25 Jan).
    term = deadlines.extended_decision_term(D(2026, 11, 13), decision_weeks=6)
    assert term.due_on == D(2027, 1, 22)


def test_the_extension_end_is_shifted_too():
    # Received Saturday 7 Nov + 10 weeks = Saturday 16 Jan: Monday 18 Jan.
    assert deadlines.extended_decision_term(D(2026, 11, 7), 6).due_on == D(2027, 1, 18)


def test_the_rules_follow_the_settings(settings):
    settings.COMPLAINT_ACKNOWLEDGE_WORKING_DAYS = 3
    settings.COMPLAINT_DECISION_WEEKS = 10
    settings.COMPLAINT_EXTENSION_WEEKS = 2
    assert deadlines.acknowledgement_term(D(2026, 11, 2)).due_on == D(2026, 11, 5)
    assert deadlines.decision_term(D(2026, 11, 2)).due_on == D(2027, 1, 11)
    assert deadlines.extended_decision_term(D(2026, 11, 2), 10).due_on == D(2027, 1, 25)


@settings(max_examples=300, deadline=None)
@given(
    received=st.dates(D(2020, 1, 1), D(2035, 12, 31)),
    weeks=st.integers(1, 12),
    days=st.integers(1, 15),
)
def test_terms_always_end_on_a_working_day_within_a_few_days_of_the_plain_count(
    received, weeks, days
):
    decision = deadlines.decision_term(received, weeks).due_on
    plain = received + datetime.timedelta(weeks=weeks)
    assert is_working_day(decision)
    assert plain <= decision <= plain + datetime.timedelta(days=4)
    if is_working_day(plain):
        assert decision == plain
    ack = deadlines.acknowledgement_term(received, days).due_on
    assert is_working_day(ack)
    assert working_days_between(received, ack) == days
    extended = deadlines.extended_decision_term(received, weeks, 4).due_on
    assert extended >= decision + datetime.timedelta(days=24)
    assert is_working_day(extended)


# --- Stored when the complaint is received ---------------------------------------------------


@pytest.mark.django_db
def test_both_terms_are_stored_at_receipt_with_their_rule(world):
    complaint = register(world, received_on=D(2026, 11, 13))
    assert complaint.acknowledge_by == D(2026, 11, 20)
    assert complaint.decide_by == complaint.decision_due_on == D(2026, 12, 28)
    assert complaint.decision_weeks == 6
    assert "5 working days" in complaint.acknowledge_rule
    assert "Awb 9:11" in complaint.decide_rule and "Atw" in complaint.decide_rule


@pytest.mark.django_db
def test_a_letter_received_on_liberation_day_counts_from_that_day(world):
    complaint = register(world, received_on=D(2026, 3, 24), channel=ComplaintChannel.LETTER)
    assert complaint.decide_by == D(2026, 5, 6)


@pytest.mark.django_db
def test_changing_the_settings_later_leaves_stored_terms_alone(world, settings):
    complaint = register(world)
    settings.COMPLAINT_ACKNOWLEDGE_WORKING_DAYS = 1
    settings.COMPLAINT_DECISION_WEEKS = 2
    complaint.refresh_from_db()
    assert (complaint.acknowledge_by, complaint.decide_by) == (D(2026, 11, 9), D(2026, 12, 14))
    # The extension adds to the weeks stored at receipt, not to the new setting.
    extend_decision_term(actor=world.quality, complaint=complaint, reason="Hoor en wederhoor.")
    assert complaint.extended_decide_by == D(2027, 1, 11)


# --- The extension ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_extension_stores_the_new_date_keeps_the_old_one_and_is_in_the_history(world):
    complaint = complaint_in(S.IN_HANDLING, world)
    version = complaint.version
    extend_decision_term(
        actor=world.quality,
        complaint=complaint,
        reason="Medewerker is met verlof; hoor en wederhoor duurt langer.",
        on=D(2026, 11, 20),
        expected_version=version,
    )
    stored = Complaint.objects.get(pk=complaint.pk)
    assert stored.decide_by == D(2026, 12, 14)
    assert stored.extended_decide_by == stored.decision_due_on == D(2027, 1, 11)
    assert stored.extended_on == D(2026, 11, 20)
    assert stored.extension_reason.startswith("Medewerker is met verlof")
    assert "Awb 9:11 lid 2" in stored.extension_rule
    assert stored.version == version + 1
    event = stored.events.order_by("-id").first()
    assert (event.kind, event.due_on, event.actor) == (
        EventKind.EXTENSION,
        D(2027, 1, 11),
        world.quality,
    )
    assert stored.state == S.IN_HANDLING  # an extension is not a state change


@pytest.mark.django_db
def test_a_second_extension_is_refused(world):
    complaint = complaint_in(S.IN_HANDLING, world)
    extend_decision_term(actor=world.quality, complaint=complaint, reason="Eerste keer.")
    events = complaint.events.count()
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        extend_decision_term(actor=world.quality, complaint=complaint, reason="Nog eens.")
    assert exc.value.error_dict["reason"][0].code == "already_extended"
    assert "maar één keer" in " ".join(exc.value.messages)
    complaint.refresh_from_db()
    assert complaint.extended_decide_by == D(2027, 1, 11)
    assert complaint.events.count() == events


@pytest.mark.django_db
def test_an_extension_needs_a_reason(world):
    complaint = complaint_in(S.ACKNOWLEDGED, world)
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        extend_decision_term(actor=world.quality, complaint=complaint, reason="   ")
    assert "reden" in " ".join(exc.value.messages).lower()
    complaint.refresh_from_db()
    assert complaint.extended_decide_by is None


@pytest.mark.django_db
def test_a_term_that_has_run_out_cannot_be_extended(world):
    complaint = complaint_in(S.IN_HANDLING, world, received_on=D(2026, 10, 1))  # due 12 Nov
    with pytest.raises(ValidationError) as exc:
        extend_decision_term(actor=world.quality, complaint=complaint, reason="Te laat.")
    assert exc.value.error_dict["on"][0].code == "term_expired"


@pytest.mark.django_db
@pytest.mark.parametrize("state", [S.DECIDED, S.CLOSED])
def test_after_the_decision_the_term_cannot_be_extended(world, state):
    complaint = complaint_in(state, world)
    with pytest.raises(ValidationError) as exc:
        extend_decision_term(actor=world.quality, complaint=complaint, reason="x")
    assert exc.value.error_dict["reason"][0].code == "not_pending"


@pytest.mark.django_db
def test_a_stale_extension_is_refused(world):
    complaint = complaint_in(S.IN_HANDLING, world)
    with pytest.raises(ConflictError):
        extend_decision_term(
            actor=world.quality, complaint=complaint, reason="x", expected_version=1
        )


@pytest.mark.django_db
def test_an_extended_complaint_is_no_longer_overdue(world):
    complaint = complaint_in(S.IN_HANDLING, world, received_on=D(2026, 10, 16))  # due 27 Nov
    extend_decision_term(actor=world.quality, complaint=complaint, reason="Meer tijd nodig.")
    after_original = D(2026, 12, 1)
    assert not Complaint.objects.decision_overdue(after_original).filter(pk=complaint.pk).exists()
    assert Complaint.objects.decision_overdue(D(2026, 12, 29)).filter(pk=complaint.pk).exists()


# --- Status of a term ------------------------------------------------------------------------


@pytest.mark.django_db
def test_term_status_open_due_soon_overdue_met_and_met_late(world):
    complaint = register(world)  # acknowledge by 9 Nov, decide by 14 Dec
    assert complaint.acknowledgement_status(D(2026, 11, 2)) == "open"
    assert complaint.acknowledgement_status(D(2026, 11, 3)) == "due_soon"
    assert complaint.acknowledgement_status(D(2026, 11, 10)) == "overdue"
    assert complaint.decision_status(D(2026, 11, 2)) == "open"
    assert complaint.decision_status(D(2026, 12, 10)) == "due_soon"
    from wijkteam.complaints.services import transition_complaint

    transition_complaint(complaint, S.ACKNOWLEDGED, actor=world.quality, on=D(2026, 11, 12))
    assert complaint.acknowledgement_status(TODAY) == "met_late"
    on_time = register(world)
    transition_complaint(on_time, S.ACKNOWLEDGED, actor=world.quality, on=D(2026, 11, 9))
    assert on_time.acknowledgement_status(TODAY) == "met"


@pytest.mark.django_db
def test_a_withdrawal_before_acknowledgement_leaves_no_term_to_meet(world):
    from wijkteam.complaints.services import transition_complaint

    complaint = register(world)
    transition_complaint(complaint, S.CLOSED, actor=world.quality, on=TODAY, reason="Ingetrokken.")
    assert complaint.acknowledgement_status(TODAY) == "not_needed"
    assert complaint.decision_status(TODAY) == "not_needed"
    assert not Complaint.objects.overdue(D(2027, 6, 1)).exists()
