"""Plans, goals, evaluations and actions follow the case's scope; out of scope is a 404."""

import datetime

from django.urls import reverse

import pytest

from wijkteam.plans import services
from wijkteam.plans.models import Action, Goal, GoalEvaluation, SupportPlan
from wijkteam.plans.tests.factories import ActionFactory, GoalFactory
from wijkteam.plans.workflow import GoalStatus
from wijkteam.residents.tests.factories import ResidentShareFactory

pytestmark = pytest.mark.django_db

MODELS = [SupportPlan, Goal, GoalEvaluation, Action]
NO_RESIDENT_ACCESS = ["kwaliteitsmedewerker", "gemeente", "functioneel_beheerder", "bestuurder"]


@pytest.fixture
def both(world):
    """A plan with a goal, an action and an evaluation in team A and in team B."""
    goal_b = GoalFactory(plan__case=world.case_b, plan__created_by=world.admin)
    for goal, actor in ((world.goal_a, world.worker), (goal_b, world.admin)):
        ActionFactory(goal=goal)
        GoalEvaluation.objects.create(
            goal=goal,
            evaluated_on=goal.started_on,
            status_before=GoalStatus.NEW,
            status_after=GoalStatus.IN_PROGRESS,
            score=3,
            result="x",
            evaluated_by=actor,
            plan_revision=2,
        )
    world.goal_b = goal_b
    world.plan_b = goal_b.plan
    return world


def plan_of(obj):
    if isinstance(obj, SupportPlan):
        return obj
    if isinstance(obj, Goal):
        return obj.plan
    return obj.goal.plan


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("role", ["sociaal_werker", "teammanager"])
def test_worker_and_manager_see_plans_of_own_team_only(both, model, role):
    visible = {plan_of(o) for o in model.objects.visible_for(both.users[role])}
    assert visible == {both.plan_a}


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("role", NO_RESIDENT_ACCESS)
def test_roles_without_casework_see_no_plan_data(both, model, role):
    assert model.objects.visible_for(both.users[role]).count() == 0


def test_explicit_share_opens_the_plan_of_the_shared_resident(both):
    ResidentShareFactory(resident=both.resident_b, user=both.worker, granted_by=both.manager)
    assert both.plan_b in SupportPlan.objects.visible_for(both.worker)
    assert both.goal_b in Goal.objects.visible_for(both.worker)


def test_expired_share_closes_the_plan_again(both):
    ResidentShareFactory(
        resident=both.resident_b,
        user=both.worker,
        granted_by=both.manager,
        valid_until=datetime.date(2020, 1, 1),
    )
    assert both.plan_b not in SupportPlan.objects.visible_for(both.worker)


@pytest.mark.parametrize(
    ("name", "attr"),
    [
        ("plans:plan-detail", "plan_b"),
        ("plans:plan-update", "plan_b"),
        ("plans:goal-create", "plan_b"),
        ("plans:goal-update", "goal_b"),
        ("plans:goal-evaluate", "goal_b"),
        ("plans:action-create", "goal_b"),
        ("plan-detail", "plan_b"),
        ("goal-detail", "goal_b"),
    ],
)
def test_out_of_scope_plan_pages_and_api_answer_404(client, both, name, attr):
    client.force_login(both.manager)
    response = client.get(reverse(name, args=[getattr(both, attr).pk]))
    assert response.status_code == 404


def test_plan_create_for_an_out_of_scope_case_answers_404(client, both):
    client.force_login(both.worker)
    response = client.get(reverse("plans:plan-create") + f"?case={both.case_b.pk}")
    assert response.status_code == 404


def test_evaluate_in_api_out_of_scope_answers_404(client, both):
    client.force_login(both.worker)
    response = client.post(
        reverse("goal-evaluate", args=[both.goal_b.pk]),
        {"evaluated_on": "2026-09-02", "status_after": "in_progress", "score": 3, "result": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert GoalEvaluation.objects.filter(goal=both.goal_b).count() == 1


def test_api_lists_show_only_plans_and_goals_in_scope(client, both):
    client.force_login(both.worker)
    plans = client.get(reverse("plan-list")).json()["results"]
    goals = client.get(reverse("goal-list")).json()["results"]
    assert [p["id"] for p in plans] == [both.plan_a.pk]
    assert {g["id"] for g in goals} == {both.goal_a.pk}


def test_api_cannot_create_a_goal_on_a_plan_out_of_scope(client, both):
    client.force_login(both.worker)
    response = client.post(
        reverse("goal-list"),
        {
            "plan": both.plan_b.pk,
            "life_domain": both.life_domain.pk,
            "title": "x",
            "started_on": "2026-09-01",
            "evaluation_due_on": "2026-12-01",
            "start_score": 2,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert Goal.objects.filter(plan=both.plan_b).count() == 1


def test_service_refuses_an_action_on_a_goal_out_of_scope(both):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.add_action(
            actor=both.worker,
            action=Action(goal=both.goal_b, performer="resident", description="x"),
        )
