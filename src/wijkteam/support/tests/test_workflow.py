"""The case workflow: the transition table, its requirements, history and retention."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import translation

import pytest
from auditlog.models import LogEntry

from wijkteam.core.models import AppendOnlyError
from wijkteam.core.services import ConflictError
from wijkteam.support import workflow
from wijkteam.support.choices import ClosureReason, LegalFramework
from wijkteam.support.models import CaseTransition, SupportCase
from wijkteam.support.services import transition_case
from wijkteam.support.tests.helpers import TODAY, D, case_in, register
from wijkteam.support.workflow import TRANSITIONS, CaseState

pytestmark = pytest.mark.django_db

STATES = CaseState.values


def messages_of(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- The table itself ------------------------------------------------------------------------


def test_every_state_has_a_row_in_the_table():
    assert set(TRANSITIONS) == set(STATES)
    assert all(targets <= set(STATES) for targets in TRANSITIONS.values())


def test_no_state_moves_to_itself():
    assert all(state not in TRANSITIONS[state] for state in STATES)


def test_every_move_into_closed_needs_a_closure_reason():
    for from_state, targets in TRANSITIONS.items():
        if CaseState.CLOSED in targets:
            assert workflow.requirement(from_state, CaseState.CLOSED).closure_reason


def test_requirements_only_name_transitions_of_the_table():
    for from_state, to_state in workflow.REQUIREMENTS:
        assert workflow.is_allowed(from_state, to_state)


def test_every_state_is_reachable_from_registered():
    seen, todo = {workflow.INITIAL_STATE}, [workflow.INITIAL_STATE]
    while todo:
        for target in TRANSITIONS[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    assert seen == set(STATES)


# --- The whole state x state matrix, through the service ------------------------------------


@pytest.mark.parametrize("to_state", STATES)
@pytest.mark.parametrize("from_state", STATES)
def test_transition_is_allowed_exactly_when_the_table_says_so(world, from_state, to_state):
    case = case_in(from_state, world)
    history = CaseTransition.objects.filter(case=case).count()
    version = case.version
    allowed = to_state in TRANSITIONS[from_state]
    reason = ClosureReason.OTHER if to_state == CaseState.CLOSED else None

    if allowed:
        transition_case(case, to_state, actor=world.worker, on=TODAY, closure_reason=reason)
        stored = SupportCase.objects.get(pk=case.pk)
        assert stored.state == to_state
        assert stored.version == version + 1
        last = CaseTransition.objects.filter(case=case).order_by("-id").first()
        assert (last.from_state, last.to_state, last.actor) == (from_state, to_state, world.worker)
        assert CaseTransition.objects.filter(case=case).count() == history + 1
    else:
        with translation.override("nl"), pytest.raises(ValidationError) as exc:
            transition_case(case, to_state, actor=world.worker, on=TODAY, closure_reason=reason)
        assert "kan niet van" in messages_of(exc.value)
        stored = SupportCase.objects.get(pk=case.pk)
        assert (stored.state, stored.version) == (from_state, version)
        assert CaseTransition.objects.filter(case=case).count() == history


# --- Requirements of single transitions -----------------------------------------------------


@pytest.mark.parametrize(
    "from_state", [CaseState.REGISTERED, CaseState.INVESTIGATING, CaseState.EVALUATING]
)
def test_closing_without_a_reason_is_refused_and_saves_nothing(world, from_state):
    case = case_in(from_state, world)
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        transition_case(case, CaseState.CLOSED, actor=world.worker, on=TODAY)
    assert "closure_reason" in exc.value.message_dict
    assert "reden" in messages_of(exc.value)
    stored = SupportCase.objects.get(pk=case.pk)
    assert (stored.state, stored.closed_on, stored.retention_until) == (from_state, None, None)


def test_closing_stores_date_reason_note_and_retention(world):
    case = case_in(CaseState.EVALUATING, world, legal_framework=LegalFramework.WMO)
    transition_case(
        case,
        CaseState.CLOSED,
        actor=world.worker,
        on=D(2026, 11, 20),
        reason="Doelen behaald",
        closure_reason=ClosureReason.GOALS_ACHIEVED,
        closure_note="Afsluitend gesprek gevoerd.",
    )
    case.refresh_from_db()
    assert case.closed_on == D(2026, 11, 20)
    assert case.closure_reason == ClosureReason.GOALS_ACHIEVED
    assert case.closure_note == "Afsluitend gesprek gevoerd."
    assert case.retention_until == D(2041, 11, 20)
    last = case.transitions.order_by("-id").first()
    assert (last.reason, last.closure_reason) == ("Doelen behaald", ClosureReason.GOALS_ACHIEVED)


@pytest.mark.parametrize(
    ("framework", "years"),
    [
        (LegalFramework.WMO, 15),
        (LegalFramework.YOUTH, 20),
        (LegalFramework.DEBT, 5),
        (LegalFramework.BASIC, 15),
    ],
)
def test_retention_follows_the_legal_framework(world, framework, years):
    case = case_in(CaseState.CLOSED, world, legal_framework=framework)
    closed = case.closed_on
    assert case.retention_until == closed.replace(year=closed.year + years)


def test_retention_years_come_from_the_settings(world, settings):
    settings.RETENTION_YEARS_BASIC = 7
    case = case_in(CaseState.CLOSED, world)
    assert case.retention_until == D(2033, 11, 17)


def test_reopening_within_the_period_clears_closure_and_retention(world):
    case = case_in(CaseState.CLOSED, world)  # closed ten days before TODAY
    transition_case(case, CaseState.INVESTIGATING, actor=world.worker, reason="Nieuwe vraag")
    case.refresh_from_db()
    assert case.state == CaseState.INVESTIGATING
    assert (case.closed_on, case.closure_reason, case.closure_note, case.retention_until) == (
        None,
        "",
        "",
        None,
    )
    assert case.transitions.filter(to_state=CaseState.CLOSED).exists()  # history stays


def test_reopening_after_the_period_is_refused(world, settings):
    settings.CASE_REOPEN_DAYS = 9
    case = case_in(CaseState.CLOSED, world)  # closed ten days before TODAY
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        transition_case(case, CaseState.INVESTIGATING, actor=world.worker)
    assert "heropend" in messages_of(exc.value)
    assert SupportCase.objects.get(pk=case.pk).state == CaseState.CLOSED


def test_reopening_on_the_last_day_of_the_period_is_allowed(world, settings):
    settings.CASE_REOPEN_DAYS = 10
    case = case_in(CaseState.CLOSED, world)
    transition_case(case, CaseState.INVESTIGATING, actor=world.worker, on=TODAY)
    assert SupportCase.objects.get(pk=case.pk).state == CaseState.INVESTIGATING


def test_a_state_change_in_the_future_is_refused(world):
    case = case_in(CaseState.REGISTERED, world)
    with pytest.raises(ValidationError) as exc:
        transition_case(
            case, CaseState.INVESTIGATING, actor=world.worker, on=TODAY + datetime.timedelta(1)
        )
    assert "on" in exc.value.message_dict


def test_a_state_change_before_the_previous_one_is_refused(world):
    case = case_in(CaseState.PLAN_ACTIVE, world)  # plan started 20-09-2026
    with pytest.raises(ValidationError) as exc:
        transition_case(case, CaseState.EVALUATING, actor=world.worker, on=D(2026, 9, 10))
    assert "on" in exc.value.message_dict


def test_an_unknown_state_is_refused(world):
    case = case_in(CaseState.REGISTERED, world)
    with pytest.raises(ValidationError):
        transition_case(case, "archived", actor=world.worker)


def test_a_transition_with_a_stale_version_is_refused(world):
    case = case_in(CaseState.REGISTERED, world)
    stale = case.version
    transition_case(case, CaseState.INVESTIGATING, actor=world.worker, expected_version=stale)
    with pytest.raises(ConflictError):
        transition_case(
            case,
            CaseState.CLOSED,
            actor=world.worker,
            closure_reason=ClosureReason.OTHER,
            expected_version=stale,
        )
    assert SupportCase.objects.get(pk=case.pk).state == CaseState.INVESTIGATING


def test_registration_starts_the_history_with_the_registering_worker(world):
    case = register(world, received_on=D(2026, 10, 5))
    first = case.transitions.get()
    assert (first.from_state, first.to_state, first.on, first.actor) == (
        "",
        CaseState.REGISTERED,
        D(2026, 10, 5),
        world.worker,
    )


def test_a_transition_is_in_the_audit_trail_with_the_actor(world):
    case = case_in(CaseState.REGISTERED, world)
    transition_case(case, CaseState.INVESTIGATING, actor=world.manager)
    entry = LogEntry.objects.get_for_object(case).filter(action=LogEntry.Action.UPDATE).last()
    assert entry.actor == world.manager
    assert entry.changes_dict["state"] == [CaseState.REGISTERED, CaseState.INVESTIGATING]


# --- History is append-only -----------------------------------------------------------------


def test_state_history_refuses_update_and_delete(world):
    case = case_in(CaseState.INVESTIGATING, world)
    row = case.transitions.first()
    row.reason = "achteraf aangepast"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        CaseTransition.objects.filter(case=case).update(reason="x")
    with pytest.raises(AppendOnlyError):
        CaseTransition.objects.filter(case=case).delete()
    assert case.transitions.filter(reason="achteraf aangepast").count() == 0


def test_database_refuses_a_closed_case_without_closing_date(world):
    from django.db import IntegrityError, transaction

    case = case_in(CaseState.REGISTERED, world)
    with transaction.atomic(), pytest.raises(IntegrityError):
        SupportCase.objects.filter(pk=case.pk).update(state=CaseState.CLOSED)
