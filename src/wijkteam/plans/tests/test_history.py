"""Evaluations are append-only history; the goal's status and score are denormalised from them
and the plan's revision counts every change."""

import datetime

import pytest

from wijkteam.core.models import AppendOnlyError
from wijkteam.plans import services
from wijkteam.plans.models import Action, Goal, GoalEvaluation, SupportPlan
from wijkteam.plans.workflow import GoalStatus

pytestmark = pytest.mark.django_db


def evaluate(world, goal, days, status, score, result="Evaluatie"):
    return services.evaluate_goal(
        actor=world.worker,
        goal=goal,
        evaluated_on=goal.started_on + datetime.timedelta(days=days),
        status_after=status,
        score=score,
        result=result,
    )


def snapshot(goal):
    return list(
        GoalEvaluation.objects.filter(goal=goal)
        .order_by("id")
        .values("id", "evaluated_on", "status_before", "status_after", "score", "result")
    )


def test_an_evaluation_leaves_earlier_evaluations_untouched(world):
    goal = world.goal_a
    evaluate(world, goal, 10, GoalStatus.IN_PROGRESS, 3, "Eerste")
    before = snapshot(goal)
    evaluate(world, goal, 40, GoalStatus.ACHIEVED, 5, "Behaald")
    after = snapshot(goal)
    assert after[: len(before)] == before
    assert len(after) == 2
    assert after[1]["status_before"] == GoalStatus.IN_PROGRESS


def test_goal_keeps_status_and_latest_score_of_the_latest_evaluation(world):
    goal = world.goal_a
    assert goal.current_score == goal.start_score == 2
    evaluate(world, goal, 10, GoalStatus.IN_PROGRESS, 3)
    goal.refresh_from_db()
    assert (goal.status, goal.current_score, goal.ended_on) == (GoalStatus.IN_PROGRESS, 3, None)
    evaluate(world, goal, 30, GoalStatus.PARTLY_ACHIEVED, 4)
    goal.refresh_from_db()
    assert goal.status == GoalStatus.PARTLY_ACHIEVED
    assert goal.current_score == 4
    assert goal.start_score == 2
    assert goal.ended_on == goal.started_on + datetime.timedelta(days=30)


def test_reopening_an_ended_goal_clears_its_end_date(world):
    goal = world.goal_a
    evaluate(world, goal, 10, GoalStatus.STOPPED, 2)
    evaluate(world, goal, 20, GoalStatus.IN_PROGRESS, 2, "Inwoner wil toch verder")
    goal.refresh_from_db()
    assert goal.status == GoalStatus.IN_PROGRESS and goal.ended_on is None


def test_evaluation_rows_refuse_updates_and_deletes(world):
    evaluation = evaluate(world, world.goal_a, 10, GoalStatus.IN_PROGRESS, 3)
    evaluation.result = "herschreven"
    with pytest.raises(AppendOnlyError):
        evaluation.save()
    with pytest.raises(AppendOnlyError):
        evaluation.delete()
    with pytest.raises(AppendOnlyError):
        GoalEvaluation.objects.filter(pk=evaluation.pk).update(result="herschreven")
    with pytest.raises(AppendOnlyError):
        GoalEvaluation.objects.filter(pk=evaluation.pk).delete()
    assert GoalEvaluation.objects.get(pk=evaluation.pk).result == "Evaluatie"


def test_plan_revision_counts_goals_actions_evaluations_and_edits(world):
    plan = SupportPlan.objects.get(pk=world.plan_a.pk)
    start = plan.revision
    goal = Goal(
        plan=plan,
        life_domain=world.life_domain,
        title="Tweede doel",
        started_on=plan.started_on,
        evaluation_due_on=plan.started_on + datetime.timedelta(days=90),
        start_score=3,
    )
    services.add_goal(actor=world.worker, goal=goal)
    services.add_action(
        actor=world.worker,
        action=Action(goal=goal, performer="resident", description="Bellen"),
    )
    evaluation = evaluate(world, goal, 5, GoalStatus.IN_PROGRESS, 3)
    plan.refresh_from_db()
    assert plan.revision == start + 3
    assert evaluation.plan_revision == start + 3
    services.update_plan(actor=world.worker, plan=plan, expected_version=plan.version)
    plan.refresh_from_db()
    assert plan.revision == start + 4


def test_an_evaluation_bumps_the_goal_version_so_a_stale_goal_form_cannot_undo_it(world):
    from wijkteam.core.services import ConflictError

    stale = Goal.objects.get(pk=world.goal_a.pk)
    evaluate(world, world.goal_a, 10, GoalStatus.ACHIEVED, 4)
    stale.title = "Andere titel"
    with pytest.raises(ConflictError):
        services.update_goal(actor=world.worker, goal=stale, expected_version=stale.version)
    assert Goal.objects.get(pk=world.goal_a.pk).status == GoalStatus.ACHIEVED


def test_evaluation_is_in_the_audit_trail_with_its_actor(world):
    from auditlog.models import LogEntry

    evaluation = evaluate(world, world.goal_a, 10, GoalStatus.IN_PROGRESS, 3)
    entry = LogEntry.objects.get_for_object(evaluation).get()
    assert entry.actor == world.worker
