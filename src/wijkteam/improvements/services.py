"""Writes of improvement plans and their actions. Views, API, commands and demo call these.

Each function owns its transaction, locks the plan or action row where it reads-then-writes,
sets the actor for the audit trail and appends the state history explicitly.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auditlog.context import set_actor

from wijkteam.core.services import ConflictError, save_versioned
from wijkteam.improvements import workflow
from wijkteam.improvements.models import ImprovementAction, ImprovementPlan, PlanTransition
from wijkteam.improvements.origins import origin_error, origin_model
from wijkteam.improvements.workflow import ActionStatus, PlanState

MANAGE_PERMISSION = "improvements.change_improvementplan"


def _check_responsible(plan: ImprovementPlan, errors: dict) -> None:
    if plan.responsible_id and not plan.responsible.has_perm(MANAGE_PERMISSION):
        errors["responsible"] = ValidationError(
            _("The responsible person must be a teammanager or quality staff member."),
            code="not_a_manager",
        )


def create_plan(*, actor, plan: ImprovementPlan, origin=None) -> ImprovementPlan:
    """Create a plan, optionally coming from ``origin`` (a record the actor may see)."""
    errors = {}
    _check_responsible(plan, errors)
    if origin is not None:
        meta = origin._meta
        model = origin_model(f"{meta.app_label}.{meta.model_name}")
        if model is None or not model.objects.visible_for(actor).filter(pk=origin.pk).exists():
            errors["origin"] = origin_error()
        else:
            plan.origin_content_type = ContentType.objects.get_for_model(model)
            plan.origin_object_id = origin.pk
    if errors:
        raise ValidationError(errors)
    plan.created_by = actor
    plan.state = workflow.INITIAL_STATE
    with transaction.atomic(), set_actor(actor):
        plan.full_clean()
        plan.save()
        PlanTransition.objects.create(plan=plan, from_state="", to_state=plan.state, actor=actor)
    return plan


def update_plan(*, actor, plan: ImprovementPlan, expected_version: int) -> ImprovementPlan:
    """Save a changed plan; refused once it is verified or cancelled, or when stale."""
    if plan.state in (PlanState.VERIFIED, PlanState.CANCELLED):
        raise ValidationError(
            _("This improvement plan is %(state)s; it can no longer be changed.")
            % {"state": plan.get_state_display().lower()}
        )
    errors = {}
    _check_responsible(plan, errors)
    if errors:
        raise ValidationError(errors)
    return save_versioned(plan, actor=actor, expected_version=expected_version)


def next_steps(plan: ImprovementPlan, user) -> list[str]:
    """The states ``user`` can move the plan to (verification needs its own permission)."""
    return [
        state
        for state in workflow.allowed_targets(plan.state)
        if not workflow.requirement(plan.state, state).verifier
        or user.has_perm("improvements.verify_improvementplan")
    ]


def _transition_errors(plan, to, *, actor, reason) -> dict:
    from_state = plan.state
    if to not in PlanState.values:
        return {"to": ValidationError(_("Unknown state."), code="unknown_state")}
    if not workflow.is_allowed(from_state, to):
        return {
            "to": ValidationError(
                _("An improvement plan cannot go from “%(from)s” to “%(to)s”.")
                % {"from": PlanState(from_state).label, "to": PlanState(to).label},
                code="illegal_transition",
            )
        }
    needs = workflow.requirement(from_state, to)
    errors = {}
    if needs.reason and not (reason or "").strip():
        errors["reason"] = ValidationError(_("Give the reason."), code="reason_required")
    if needs.actions_finished:
        statuses = list(plan.actions.values_list("status", flat=True))
        if any(s in workflow.UNFINISHED_ACTION_STATUSES for s in statuses):
            errors["to"] = ValidationError(
                _("Every action must be done or cancelled before the plan is completed."),
                code="actions_unfinished",
            )
        elif ActionStatus.DONE not in statuses:
            errors["to"] = ValidationError(
                _("A plan is completed when at least one action is done."),
                code="no_action_done",
            )
    if needs.evidence and not (plan.evidence.strip() or plan.links):
        errors["evidence"] = ValidationError(
            _("Record the evidence (a text or a link) before the plan is completed."),
            code="evidence_required",
        )
    if needs.verifier:
        if not actor.has_perm("improvements.verify_improvementplan"):
            errors["to"] = ValidationError(
                _("Only quality staff can verify an improvement plan."), code="no_verifier"
            )
        elif actor.pk == plan.responsible_id:
            errors["to"] = ValidationError(
                _("The result is verified by someone other than the responsible person."),
                code="own_verification",
            )
    return errors


def transition_plan(
    plan: ImprovementPlan,
    to: str,
    *,
    actor,
    reason: str = "",
    evidence: str | None = None,
    evidence_links: str | None = None,
    expected_version: int | None = None,
) -> ImprovementPlan:
    """Move ``plan`` to ``to`` if the table in ``workflow.py`` allows it.

    In one transaction with the plan locked: optionally store the evidence given with the
    step, check the table and its requirements, append a ``PlanTransition``, set the dates
    of the new state, bump the version. A refusal saves nothing (Dutch message).
    """
    today = timezone.localdate()
    with transaction.atomic(), set_actor(actor):
        locked = ImprovementPlan.objects.select_for_update().get(pk=plan.pk)
        if expected_version is not None and locked.version != expected_version:
            raise ConflictError()
        if evidence is not None:
            locked.evidence = evidence.strip()
        if evidence_links is not None:
            locked.evidence_links = evidence_links.strip()
        errors = _transition_errors(locked, to, actor=actor, reason=reason)
        if errors:
            raise ValidationError(errors)
        from_state = locked.state
        PlanTransition.objects.create(
            plan=locked, from_state=from_state, to_state=to, reason=reason.strip(), actor=actor
        )
        locked.state = to
        locked.state_reason = reason.strip()
        if to == PlanState.COMPLETED:
            locked.completed_on = today
        elif to == PlanState.VERIFIED:
            locked.verified_on = today
            locked.verified_by = actor
        elif to == PlanState.IN_PROGRESS and from_state == PlanState.COMPLETED:
            locked.completed_on = None
        locked.version += 1
        locked.full_clean()
        locked.save()
    for name in (f.attname for f in ImprovementPlan._meta.concrete_fields):
        setattr(plan, name, getattr(locked, name))
    return locked


def _lock_active_plan(plan_id: int) -> ImprovementPlan:
    plan = ImprovementPlan.objects.select_for_update().get(pk=plan_id)
    if plan.state not in workflow.ACTIVE_STATES:
        raise ValidationError(
            _("Actions can only be added or changed while the plan is open or in progress."),
            code="plan_not_active",
        )
    return plan


def add_action(*, actor, action: ImprovementAction) -> ImprovementAction:
    with transaction.atomic(), set_actor(actor):
        _lock_active_plan(action.plan_id)
        action.status = ActionStatus.OPEN
        action.done_on = None
        action.full_clean()
        action.save()
    return action


def update_action(*, actor, action: ImprovementAction, expected_version: int):
    """Change what, who, when and the note of an action (plan managers)."""
    with transaction.atomic(), set_actor(actor):
        _lock_active_plan(action.plan_id)
        return save_versioned(action, actor=actor, expected_version=expected_version)


def may_set_status(user, action: ImprovementAction) -> bool:
    """The owner reports on the own action; plan managers on every action of the plan."""
    return action.owner_id == user.pk or user.has_perm(MANAGE_PERMISSION)


def set_action_status(
    action: ImprovementAction,
    status: str,
    *,
    actor,
    done_on: datetime.date | None = None,
    note: str | None = None,
    expected_version: int | None = None,
) -> ImprovementAction:
    """Move an action to ``status`` if ``ACTION_TRANSITIONS`` allows it."""
    if not may_set_status(actor, action):
        raise PermissionDenied(_("Only the owner or a plan manager can report on this action."))
    with transaction.atomic(), set_actor(actor):
        _lock_active_plan(action.plan_id)
        locked = ImprovementAction.objects.select_for_update().get(pk=action.pk)
        if expected_version is not None and locked.version != expected_version:
            raise ConflictError()
        errors = {}
        if status not in ActionStatus.values:
            errors["status"] = ValidationError(_("Unknown status."), code="unknown_status")
        elif not workflow.action_allowed(locked.status, status):
            errors["status"] = ValidationError(
                _("An action cannot go from “%(from)s” to “%(to)s”.")
                % {"from": ActionStatus(locked.status).label, "to": ActionStatus(status).label},
                code="illegal_transition",
            )
        elif (locked.status, status) in workflow.ACTION_NOTE_REQUIRED and not (note or "").strip():
            errors["note"] = ValidationError(_("Write in the note why."), code="note_required")
        if errors:
            raise ValidationError(errors)
        locked.status = status
        locked.done_on = (done_on or timezone.localdate()) if status == ActionStatus.DONE else None
        if note is not None:
            locked.note = note.strip()
        locked.version += 1
        locked.full_clean()
        locked.save()
    for name in (f.attname for f in ImprovementAction._meta.concrete_fields):
        setattr(action, name, getattr(locked, name))
    return locked
