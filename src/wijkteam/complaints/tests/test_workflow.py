"""The complaint workflow: the transition table, each move's requirements and the history."""

from django.core.exceptions import ValidationError
from django.utils import translation

import pytest
from auditlog.models import LogEntry

from wijkteam.complaints import workflow
from wijkteam.complaints.choices import EventKind, HandlingRoute, Outcome
from wijkteam.complaints.models import Complaint, ComplaintEvent
from wijkteam.complaints.services import transition_complaint
from wijkteam.complaints.tests.helpers import TODAY, D, complaint_in, register, step_kwargs
from wijkteam.complaints.workflow import TRANSITIONS, UNDECIDED_STATES, ComplaintState
from wijkteam.core.models import AppendOnlyError
from wijkteam.core.services import ConflictError

pytestmark = pytest.mark.django_db

STATES = ComplaintState.values
S = ComplaintState


def messages_of(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- The table itself ------------------------------------------------------------------------


def test_every_state_has_a_row_in_the_table():
    assert set(TRANSITIONS) == set(STATES)
    assert all(targets <= set(STATES) for targets in TRANSITIONS.values())


def test_no_state_moves_to_itself():
    assert all(state not in TRANSITIONS[state] for state in STATES)


def test_closed_is_final():
    assert TRANSITIONS[S.CLOSED] == frozenset()


def test_withdrawal_is_possible_from_every_undecided_state_and_needs_a_reason():
    for state in UNDECIDED_STATES:
        assert workflow.is_allowed(state, S.CLOSED)
        needs = workflow.requirement(state, S.CLOSED)
        assert needs.withdrawal and needs.reason


def test_closing_a_decided_complaint_is_not_a_withdrawal():
    assert not workflow.requirement(S.DECIDED, S.CLOSED).withdrawal


def test_every_decision_needs_an_outcome_and_a_category():
    for from_state, targets in TRANSITIONS.items():
        if S.DECIDED in targets:
            needs = workflow.requirement(from_state, S.DECIDED)
            assert needs.outcome and needs.category


def test_requirements_only_name_transitions_of_the_table():
    for from_state, to_state in workflow.REQUIREMENTS:
        assert workflow.is_allowed(from_state, to_state)


def test_every_state_is_reachable_from_received():
    seen, todo = {workflow.INITIAL_STATE}, [workflow.INITIAL_STATE]
    while todo:
        for target in TRANSITIONS[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    assert seen == set(STATES)


def test_every_allowed_move_has_a_dutch_button_label():
    with translation.override("nl"):
        for from_state in STATES:
            for to in workflow.allowed_targets(from_state):
                label = str(workflow.action_label(from_state, to))
                assert label and label != ComplaintState(to).label, (from_state, to)


# --- The whole state x state matrix, through the service ------------------------------------


@pytest.mark.parametrize("to_state", STATES)
@pytest.mark.parametrize("from_state", STATES)
def test_transition_is_allowed_exactly_when_the_table_says_so(world, from_state, to_state):
    complaint = complaint_in(from_state, world)
    history = ComplaintEvent.objects.filter(complaint=complaint).count()
    version = complaint.version
    allowed = to_state in TRANSITIONS[from_state]
    kwargs = step_kwargs(world, from_state, to_state) if allowed else {}

    if allowed:
        transition_complaint(complaint, to_state, actor=world.quality, on=TODAY, **kwargs)
        stored = Complaint.objects.get(pk=complaint.pk)
        assert stored.state == to_state
        assert stored.version == version + 1
        last = ComplaintEvent.objects.filter(complaint=complaint).order_by("-id").first()
        assert (last.kind, last.from_state, last.to_state) == (
            EventKind.TRANSITION,
            from_state,
            to_state,
        )
        assert (last.actor, last.on) == (world.quality, TODAY)
    else:
        with translation.override("nl"), pytest.raises(ValidationError) as exc:
            transition_complaint(complaint, to_state, actor=world.quality, on=TODAY)
        assert exc.value.error_dict["to"][0].code == "illegal_transition"
        assert "Een klacht kan niet van" in messages_of(exc.value)
        stored = Complaint.objects.get(pk=complaint.pk)
        assert (stored.state, stored.version) == (from_state, version)
        assert ComplaintEvent.objects.filter(complaint=complaint).count() == history


# --- Requirements ----------------------------------------------------------------------------


def test_taking_into_handling_stores_handler_and_route(world):
    complaint = complaint_in(S.ACKNOWLEDGED, world)
    transition_complaint(
        complaint,
        S.IN_HANDLING,
        actor=world.quality,
        on=TODAY,
        handler=world.manager,
        route=HandlingRoute.MEDIATION,
    )
    complaint.refresh_from_db()
    assert (complaint.handler, complaint.route) == (world.manager, HandlingRoute.MEDIATION)
    event = complaint.events.order_by("-id").first()
    assert (event.handler, event.route) == (world.manager, HandlingRoute.MEDIATION)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"route": HandlingRoute.FORMAL}, "handler"),
        ({"handler": "worker", "route": HandlingRoute.FORMAL}, "handler"),
        ({"handler": "quality", "route": ""}, "route"),
    ],
)
def test_taking_into_handling_needs_an_eligible_handler_and_a_route(world, kwargs, field):
    complaint = complaint_in(S.ACKNOWLEDGED, world)
    if "handler" in kwargs:
        kwargs = {**kwargs, "handler": getattr(world, kwargs["handler"])}
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        transition_complaint(complaint, S.IN_HANDLING, actor=world.quality, on=TODAY, **kwargs)
    assert field in exc.value.error_dict
    complaint.refresh_from_db()
    assert complaint.state == S.ACKNOWLEDGED


def test_a_decision_needs_an_outcome_a_summary_and_a_category(world):
    complaint = complaint_in(S.IN_HANDLING, world, category=None)
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        transition_complaint(complaint, S.DECIDED, actor=world.quality, on=TODAY)
    assert set(exc.value.error_dict) == {"outcome", "decision_summary", "category"}
    assert "categorie" in messages_of(exc.value)


def test_withdrawn_is_not_a_decision_outcome(world):
    complaint = complaint_in(S.IN_HANDLING, world)
    with pytest.raises(ValidationError) as exc:
        transition_complaint(
            complaint,
            S.DECIDED,
            actor=world.quality,
            on=TODAY,
            outcome=Outcome.WITHDRAWN,
            decision_summary="x",
        )
    assert "outcome" in exc.value.error_dict


@pytest.mark.parametrize("outcome", [Outcome.FOUNDED, Outcome.PARTLY_FOUNDED, Outcome.UNFOUNDED])
def test_a_decision_stores_outcome_date_and_summary(world, outcome):
    complaint = complaint_in(S.IN_HANDLING, world)
    transition_complaint(
        complaint,
        S.DECIDED,
        actor=world.quality,
        on=TODAY,
        outcome=outcome,
        decision_summary="Excuses aangeboden.",
    )
    complaint.refresh_from_db()
    assert (complaint.outcome, complaint.decided_on) == (outcome, TODAY)
    assert complaint.decision_summary == "Excuses aangeboden."


@pytest.mark.parametrize("state", sorted(UNDECIDED_STATES))
def test_withdrawal_closes_with_outcome_withdrawn_and_needs_a_reason(world, state):
    complaint = complaint_in(state, world)
    with pytest.raises(ValidationError) as exc:
        transition_complaint(complaint, S.CLOSED, actor=world.quality, on=TODAY)
    assert "reason" in exc.value.error_dict
    transition_complaint(
        complaint, S.CLOSED, actor=world.quality, on=TODAY, reason="Teruggetrokken per mail."
    )
    complaint.refresh_from_db()
    assert (complaint.state, complaint.outcome, complaint.closed_on) == (
        S.CLOSED,
        Outcome.WITHDRAWN,
        TODAY,
    )
    assert complaint.events.order_by("-id").first().outcome == Outcome.WITHDRAWN


def test_referral_to_the_committee_has_its_own_date_and_needs_a_reason(world):
    complaint = complaint_in(S.IN_HANDLING, world)
    with pytest.raises(ValidationError):
        transition_complaint(complaint, S.COMMITTEE, actor=world.quality, on=TODAY)
    transition_complaint(
        complaint, S.COMMITTEE, actor=world.quality, on=D(2026, 11, 20), reason="Advies nodig."
    )
    complaint.refresh_from_db()
    assert complaint.committee_on == D(2026, 11, 20)
    transition_complaint(
        complaint,
        S.DECIDED,
        actor=world.quality,
        on=TODAY,
        outcome=Outcome.PARTLY_FOUNDED,
        decision_summary="Na advies van de klachtencommissie.",
    )
    complaint.refresh_from_db()
    assert (complaint.state, complaint.committee_on) == (S.DECIDED, D(2026, 11, 20))


def test_an_appeal_after_the_decision_goes_to_the_committee_and_is_decided_again(world):
    complaint = complaint_in(S.DECIDED, world)
    transition_complaint(
        complaint, S.COMMITTEE, actor=world.quality, on=TODAY, reason="Klager is het oneens."
    )
    transition_complaint(
        complaint,
        S.DECIDED,
        actor=world.quality,
        on=TODAY,
        outcome=Outcome.FOUNDED,
        decision_summary="Herzien na advies.",
    )
    complaint.refresh_from_db()
    assert complaint.outcome == Outcome.FOUNDED
    outcomes = list(complaint.events.exclude(outcome="").values_list("outcome", flat=True))
    assert outcomes == [Outcome.UNFOUNDED, Outcome.FOUNDED]  # the first decision stays in history


def test_acknowledging_stores_the_date_it_was_met(world):
    complaint = register(world)
    transition_complaint(complaint, S.ACKNOWLEDGED, actor=world.quality, on=D(2026, 11, 3))
    complaint.refresh_from_db()
    assert complaint.acknowledged_on == D(2026, 11, 3)


# --- Dates, concurrency, who -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "code"),
    [
        (D(2026, 11, 28), "in_future"),
        (D(2026, 11, 1), "before_received"),
    ],
)
def test_a_step_cannot_be_dated_in_the_future_or_before_receipt(world, on, code):
    complaint = register(world)
    with pytest.raises(ValidationError) as exc:
        transition_complaint(complaint, S.ACKNOWLEDGED, actor=world.quality, on=on)
    assert exc.value.error_dict["on"][0].code == code


def test_a_step_cannot_be_dated_before_the_previous_one(world):
    complaint = complaint_in(S.ACKNOWLEDGED, world)  # acknowledged on 4 November
    with pytest.raises(ValidationError) as exc:
        transition_complaint(
            complaint,
            S.IN_HANDLING,
            actor=world.quality,
            on=D(2026, 11, 3),
            **step_kwargs(world, S.ACKNOWLEDGED, S.IN_HANDLING),
        )
    assert exc.value.error_dict["on"][0].code == "before_previous"


def test_a_stale_version_is_refused_and_nothing_changes(world):
    complaint = register(world)
    with translation.override("nl"), pytest.raises(ConflictError) as exc:
        transition_complaint(
            complaint,
            S.ACKNOWLEDGED,
            actor=world.quality,
            on=TODAY,
            expected_version=complaint.version - 1,
        )
    assert "iemand anders" in messages_of(exc.value).lower()
    complaint.refresh_from_db()
    assert complaint.state == S.RECEIVED
    assert complaint.events.count() == 1


@pytest.mark.parametrize("who", ["worker", "municipality", "admin"])
def test_only_staff_who_handle_the_complaint_may_change_its_state(world, who):
    complaint = register(world)
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        transition_complaint(complaint, S.ACKNOWLEDGED, actor=getattr(world, who), on=TODAY)
    assert "niet behandelen" in messages_of(exc.value)


def test_a_teammanager_handles_complaints_about_the_own_team_only(world):
    own = register(world)
    other = register(world, team=world.team_b)
    transition_complaint(own, S.ACKNOWLEDGED, actor=world.manager, on=TODAY)
    with pytest.raises(ValidationError):
        transition_complaint(other, S.ACKNOWLEDGED, actor=world.manager, on=TODAY)


# --- History ---------------------------------------------------------------------------------


def test_registration_writes_the_first_history_row(world):
    complaint = register(world)
    (event,) = complaint.events.all()
    assert (event.kind, event.from_state, event.to_state) == (EventKind.TRANSITION, "", S.RECEIVED)
    assert (event.actor, event.on) == (world.worker, complaint.received_on)


def test_history_rows_are_append_only(world):
    complaint = register(world)
    event = complaint.events.get()
    event.reason = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        ComplaintEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        ComplaintEvent.objects.filter(pk=event.pk).delete()


def test_every_change_is_in_the_audit_trail_with_its_actor(world):
    complaint = complaint_in(S.ACKNOWLEDGED, world)
    entries = LogEntry.objects.get_for_object(complaint)
    assert entries.filter(action=LogEntry.Action.CREATE, actor=world.worker).exists()
    assert entries.filter(action=LogEntry.Action.UPDATE, actor=world.quality).exists()
    event = complaint.events.order_by("-id").first()
    assert LogEntry.objects.get_for_object(event).filter(actor=world.quality).exists()
