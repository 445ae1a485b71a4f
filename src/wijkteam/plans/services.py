"""Writes of support plans, goals, actions and evaluations: the one write path for pages, API
and commands.

``SupportPlan.version`` guards concurrent edits of the plan itself (``save_versioned``);
``SupportPlan.revision`` counts every change to the plan or anything below it and is raised
with an atomic ``F()`` update, so adding a goal never conflicts with someone editing the plan
text. An evaluation appends a ``GoalEvaluation`` row and repoints the goal's denormalised
status, latest score and dates, in one transaction with the goal row locked.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from auditlog.context import set_actor

from wijkteam.core.services import save_versioned
from wijkteam.plans.models import Action, Goal, GoalEvaluation, SupportPlan
from wijkteam.plans.workflow import FINAL_STATUSES, check_transition


def _require_case_in_scope(actor, case_id) -> None:
    from wijkteam.support.models import SupportCase

    if not SupportCase.objects.visible_for(actor).filter(pk=case_id).exists():
        raise ValidationError(
            {"case": _("You can only make a plan for a support case you may see.")},
            code="case_out_of_scope",
        )


def _require_plan_in_scope(actor, plan_id) -> None:
    if not SupportPlan.objects.visible_for(actor).filter(pk=plan_id).exists():
        raise ValidationError(
            _("You can only change a support plan you may see."), code="plan_out_of_scope"
        )


def _bump_revision(plan_id) -> int:
    """Raise the plan's revision by one (atomically) and return the new number."""
    SupportPlan.objects.filter(pk=plan_id).update(
        revision=F("revision") + 1, updated_at=timezone.now()
    )
    return SupportPlan.objects.filter(pk=plan_id).values_list("revision", flat=True).get()


def create_plan(*, actor, plan: SupportPlan, workers=()) -> SupportPlan:
    """Insert a plan for its case; the creator is the worker involved unless others are given."""
    _require_case_in_scope(actor, plan.case_id)
    if plan.case.closed_on is not None:
        raise ValidationError(
            {"case": _("This support case is closed; a new plan needs an open case.")},
            code="case_closed",
        )
    if SupportPlan.objects.filter(case_id=plan.case_id).exists():
        raise ValidationError(
            {"case": _("This support case already has a support plan.")}, code="plan_exists"
        )
    plan.created_by = actor
    try:
        with transaction.atomic(), set_actor(actor):
            plan.full_clean()
            plan.save()
            plan.workers.set(list(workers) or [actor])
    except IntegrityError as exc:  # a colleague made the plan at the same moment
        raise ValidationError(
            {"case": _("This support case already has a support plan.")}, code="plan_exists"
        ) from exc
    return plan


def update_plan(*, actor, plan: SupportPlan, expected_version: int, workers=None) -> SupportPlan:
    """Save the plan if nobody saved it since ``expected_version``; raises ``ConflictError``."""
    with transaction.atomic():
        current = (
            SupportPlan.objects.select_for_update()
            .filter(pk=plan.pk)
            .values_list("revision", flat=True)
            .first()
        )
        plan.revision = (current or 0) + 1
        save_versioned(plan, actor=actor, expected_version=expected_version)
        if workers is not None:
            with set_actor(actor):
                plan.workers.set(workers)
    return plan


def add_goal(*, actor, goal: Goal) -> Goal:
    _require_plan_in_scope(actor, goal.plan_id)
    goal.created_by = actor
    with transaction.atomic(), set_actor(actor):
        goal.full_clean()
        _bump_revision(goal.plan_id)
        goal.save()
    return goal


def update_goal(*, actor, goal: Goal, expected_version: int) -> Goal:
    """Change a goal's text, domain, dates or start score; never its status (see evaluate)."""
    with transaction.atomic():
        # Goal.save() keeps the latest score equal to the start score until an evaluation.
        save_versioned(goal, actor=actor, expected_version=expected_version)
        _bump_revision(goal.plan_id)
    return goal


def evaluate_goal(
    *, actor, goal: Goal, evaluated_on, status_after: str, score: int, result: str
) -> GoalEvaluation:
    """Append an evaluation and move the goal to ``status_after`` with the new score.

    Earlier evaluations are never touched. Refused (nothing saved, Dutch messages) when the
    date lies before the goal's start, in the future or before the latest evaluation, when the
    score is not 1-5, or when the workflow does not allow the move.
    """
    with transaction.atomic(), set_actor(actor):
        locked = Goal.objects.select_for_update().get(pk=goal.pk)
        evaluation = GoalEvaluation(
            goal=locked,
            evaluated_on=evaluated_on,
            status_before=locked.status,
            status_after=status_after,
            score=score,
            result=result,
            evaluated_by=actor,
            plan_revision=0,
        )
        errors: dict = {}
        try:
            evaluation.full_clean()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if "status_after" not in errors:
            try:
                check_transition(locked.status, status_after)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        if (
            "evaluated_on" not in errors
            and evaluated_on is not None
            and locked.last_evaluated_on is not None
            and evaluated_on < locked.last_evaluated_on
        ):
            errors.setdefault("evaluated_on", []).append(
                ValidationError(
                    _(
                        "This goal was last evaluated on %(date)s; a new evaluation cannot be "
                        "dated earlier."
                    )
                    % {"date": locked.last_evaluated_on.strftime("%d-%m-%Y")},
                    code="evaluation_before_latest",
                )
            )
        if errors:
            raise ValidationError(errors)
        evaluation.plan_revision = _bump_revision(locked.plan_id)
        evaluation.save()
        locked.status = status_after
        locked.current_score = score
        locked.last_evaluated_on = evaluated_on
        locked.ended_on = evaluated_on if status_after in FINAL_STATUSES else None
        locked.version += 1
        locked.save(
            update_fields=["status", "current_score", "last_evaluated_on", "ended_on", "version"]
        )
    for name in ("status", "current_score", "last_evaluated_on", "ended_on", "version"):
        setattr(goal, name, getattr(locked, name))
    return evaluation


def add_action(*, actor, action: Action) -> Action:
    _require_plan_in_scope(actor, action.goal.plan_id)
    action.created_by = actor
    with transaction.atomic(), set_actor(actor):
        action.full_clean()
        _bump_revision(action.goal.plan_id)
        action.save()
    return action
