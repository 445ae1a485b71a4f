"""The improvement-plan and action tables, their requirements and history."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

import pytest

from wijkteam.core.models import AppendOnlyError
from wijkteam.core.services import ConflictError
from wijkteam.improvements import services, workflow
from wijkteam.improvements.models import ImprovementAction, ImprovementPlan, PlanTransition
from wijkteam.improvements.tests.helpers import add_action, make_plan, plan_in
from wijkteam.improvements.workflow import (
    ACTION_TRANSITIONS,
    TRANSITIONS,
    ActionStatus,
    PlanState,
)

pytestmark = pytest.mark.django_db

STATES = PlanState.values


def test_table_covers_every_state_and_has_no_self_transitions():
    assert set(TRANSITIONS) == set(STATES)
    assert all(state not in TRANSITIONS[state] for state in STATES)
    assert set(ACTION_TRANSITIONS) == set(ActionStatus.values)


def test_verified_and_cancelled_are_final():
    assert TRANSITIONS[PlanState.VERIFIED] == frozenset()
    assert TRANSITIONS[PlanState.CANCELLED] == frozenset()


def test_requirements_only_name_transitions_of_the_table():
    for pair in workflow.REQUIREMENTS:
        assert workflow.is_allowed(*pair)
    for pair in workflow.ACTION_NOTE_REQUIRED:
        assert workflow.action_allowed(*pair)


@pytest.mark.parametrize("to_state", STATES)
@pytest.mark.parametrize("from_state", STATES)
def test_transition_is_allowed_exactly_when_the_table_says_so(world, from_state, to_state):
    plan = plan_in(from_state, world)
    history = PlanTransition.objects.filter(plan=plan).count()
    version = plan.version
    actor = world.quality if to_state == PlanState.VERIFIED else world.manager
    kwargs = {"reason": "Reden", "evidence": "Bewijs"}
    if (from_state, to_state) == (PlanState.IN_PROGRESS, PlanState.COMPLETED):
        ImprovementAction.objects.filter(plan=plan).update(
            status=ActionStatus.DONE, done_on=datetime.date(2026, 10, 1)
        )
    if to_state in TRANSITIONS[from_state]:
        services.transition_plan(plan, to_state, actor=actor, **kwargs)
        stored = ImprovementPlan.objects.get(pk=plan.pk)
        assert (stored.state, stored.version) == (to_state, version + 1)
        assert PlanTransition.objects.filter(plan=plan).count() == history + 1
    else:
        with translation.override("nl"), pytest.raises(ValidationError) as exc:
            services.transition_plan(plan, to_state, actor=actor, **kwargs)
        assert "kan niet van" in " ".join(exc.value.messages)
        stored = ImprovementPlan.objects.get(pk=plan.pk)
        assert (stored.state, stored.version) == (from_state, version)
        assert PlanTransition.objects.filter(plan=plan).count() == history


@pytest.mark.parametrize("to_status", ActionStatus.values)
@pytest.mark.parametrize("from_status", ActionStatus.values)
def test_action_status_is_allowed_exactly_when_the_table_says_so(world, from_status, to_status):
    plan = plan_in(PlanState.IN_PROGRESS, world)
    action = add_action(world, plan)
    ImprovementAction.objects.filter(pk=action.pk).update(
        status=from_status,
        done_on=datetime.date(2026, 10, 1) if from_status == ActionStatus.DONE else None,
    )
    action.refresh_from_db()
    if workflow.action_allowed(from_status, to_status):
        services.set_action_status(action, to_status, actor=world.worker, note="Toelichting")
        assert ImprovementAction.objects.get(pk=action.pk).status == to_status
    else:
        with translation.override("nl"), pytest.raises(ValidationError) as exc:
            services.set_action_status(action, to_status, actor=world.worker, note="x")
        assert "kan niet van" in " ".join(exc.value.messages)
        assert ImprovementAction.objects.get(pk=action.pk).status == from_status


def _message(exc) -> str:
    return " ".join(exc.value.messages)


def test_completing_needs_every_action_finished_and_evidence(world):
    plan = plan_in(PlanState.IN_PROGRESS, world)
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        services.transition_plan(plan, PlanState.COMPLETED, actor=world.manager, evidence="x")
    assert "afgerond of geannuleerd" in _message(exc)
    action = plan.actions.get()
    services.set_action_status(action, ActionStatus.DONE, actor=world.worker)
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        services.transition_plan(plan, PlanState.COMPLETED, actor=world.manager)
    assert "bewijs" in _message(exc).lower()
    services.transition_plan(
        plan,
        PlanState.COMPLETED,
        actor=world.manager,
        evidence_links="https://zenya.example.org/doc/12",
    )
    plan.refresh_from_db()
    assert plan.state == PlanState.COMPLETED and plan.completed_on is not None


def test_a_plan_with_only_cancelled_actions_cannot_be_completed(world):
    plan = plan_in(PlanState.IN_PROGRESS, world)
    services.set_action_status(
        plan.actions.get(), ActionStatus.CANCELLED, actor=world.manager, note="Niet nodig"
    )
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        services.transition_plan(plan, PlanState.COMPLETED, actor=world.manager, evidence="x")
    assert "ten minste één actie" in _message(exc)


def test_only_quality_staff_verify_and_never_the_responsible(world):
    plan = plan_in(PlanState.COMPLETED, world)
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        services.transition_plan(plan, PlanState.VERIFIED, actor=world.manager)
    assert "kwaliteitsmedewerkers" in _message(exc)
    plan.responsible = world.quality
    ImprovementPlan.objects.filter(pk=plan.pk).update(responsible=world.quality)
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        services.transition_plan(plan, PlanState.VERIFIED, actor=world.quality)
    assert "iemand anders" in _message(exc)


def test_cancelling_and_sending_back_need_a_reason(world):
    plan = plan_in(PlanState.OPEN, world)
    with pytest.raises(ValidationError) as exc:
        services.transition_plan(plan, PlanState.CANCELLED, actor=world.manager)
    assert "reason" in exc.value.message_dict
    completed = plan_in(PlanState.COMPLETED, world)
    with pytest.raises(ValidationError):
        services.transition_plan(completed, PlanState.IN_PROGRESS, actor=world.quality)
    services.transition_plan(
        completed, PlanState.IN_PROGRESS, actor=world.quality, reason="Effect nog niet zichtbaar"
    )
    completed.refresh_from_db()
    assert completed.completed_on is None


def test_worker_reports_only_on_own_actions(world):
    from wijkteam.accounts.tests.factories import UserFactory

    plan = plan_in(PlanState.IN_PROGRESS, world)
    other = UserFactory(role="sociaal_werker", teams=[world.team_a])
    foreign = add_action(world, plan, owner=other)
    with pytest.raises(PermissionDenied):
        services.set_action_status(foreign, ActionStatus.DONE, actor=world.worker)
    services.set_action_status(foreign, ActionStatus.DONE, actor=world.manager)


def test_done_action_keeps_its_date_and_reopening_needs_a_note(world):
    plan = plan_in(PlanState.IN_PROGRESS, world)
    action = plan.actions.get()
    services.set_action_status(
        action, ActionStatus.DONE, actor=world.worker, done_on=datetime.date(2026, 9, 1)
    )
    assert ImprovementAction.objects.get(pk=action.pk).done_on == datetime.date(2026, 9, 1)
    with pytest.raises(ValidationError) as exc:
        services.set_action_status(action, ActionStatus.IN_PROGRESS, actor=world.worker)
    assert "note" in exc.value.message_dict
    services.set_action_status(action, ActionStatus.IN_PROGRESS, actor=world.worker, note="Opnieuw")
    assert ImprovementAction.objects.get(pk=action.pk).done_on is None


def test_no_actions_on_a_finished_plan(world):
    plan = plan_in(PlanState.VERIFIED, world)
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        add_action(world, plan)
    assert "open of in uitvoering" in _message(exc)


def test_responsible_must_be_a_plan_manager(world):
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        make_plan(world, responsible=world.worker)
    assert "teammanager" in _message(exc)


def test_history_is_append_only(world):
    plan = plan_in(PlanState.IN_PROGRESS, world)
    row = PlanTransition.objects.filter(plan=plan).first()
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        PlanTransition.objects.filter(plan=plan).update(reason="x")
    with pytest.raises(AppendOnlyError):
        PlanTransition.objects.filter(plan=plan).delete()


def test_stale_version_is_refused(world):
    plan = make_plan(world)
    plan.title = "Nieuw"
    services.update_plan(actor=world.manager, plan=plan, expected_version=1)
    stale = ImprovementPlan.objects.get(pk=plan.pk)
    stale.title = "Ouder"
    with pytest.raises(ConflictError):
        services.update_plan(actor=world.manager, plan=stale, expected_version=1)
    assert ImprovementPlan.objects.get(pk=plan.pk).title == "Nieuw"
