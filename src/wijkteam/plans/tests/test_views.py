"""The plan pages end to end: create a plan, add goals and actions, evaluate."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from wijkteam.plans.models import Action, Goal, GoalEvaluation, SupportPlan
from wijkteam.plans.tests.factories import LifeDomainFactory
from wijkteam.plans.workflow import GoalStatus
from wijkteam.support.tests.factories import SupportCaseFactory

pytestmark = pytest.mark.django_db


def test_plan_create_without_a_case_sends_the_worker_to_the_residents(client, world):
    client.force_login(world.worker)
    response = client.get(reverse("plans:plan-create"))
    assert response.status_code == 302
    assert response["Location"] == reverse("residents:resident-list")


def test_plan_create_for_a_case_with_a_plan_opens_that_plan(client, world):
    client.force_login(world.worker)
    response = client.get(reverse("plans:plan-create") + f"?case={world.case_a.pk}")
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:plan-detail", args=[world.plan_a.pk])


def test_worker_creates_a_plan_for_a_case(client, world):
    case = SupportCaseFactory(resident=world.resident_a, received_on=datetime.date(2026, 10, 1))
    client.force_login(world.worker)
    url = reverse("plans:plan-create") + f"?case={case.pk}"
    response = client.post(
        url,
        {
            "started_on": "2026-10-05",
            "perspective": "Weer zelf de regie",
            "workers": [world.worker.pk, world.manager.pk],
        },
    )
    plan = SupportPlan.objects.get(case=case)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:plan-detail", args=[plan.pk])
    assert set(plan.workers.all()) == {world.worker, world.manager}
    assert plan.created_by == world.worker


def test_breakthrough_without_specialist_is_shown_on_the_form(client, world):
    client.force_login(world.worker)
    response = client.post(
        reverse("plans:plan-update", args=[world.plan_a.pk]),
        {
            "version": world.plan_a.version,
            "started_on": world.plan_a.started_on.isoformat(),
            "workers": [world.worker.pk],
            "is_breakthrough": "on",
        },
    )
    assert response.status_code == 200
    assert "breakthrough_specialist" in response.context["form"].errors
    assert not SupportPlan.objects.get(pk=world.plan_a.pk).is_breakthrough


def test_worker_adds_a_goal_and_an_action(client, world):
    client.force_login(world.worker)
    domain = LifeDomainFactory(code="geld", name="Geld", sort_order=30)
    response = client.post(
        reverse("plans:goal-create", args=[world.plan_a.pk]),
        {
            "life_domain": domain.pk,
            "title": "Schulden op een rij",
            "started_on": world.plan_a.started_on.isoformat(),
            "evaluation_due_on": "2026-12-01",
            "start_score": "1",
        },
    )
    assert response.status_code == 302
    goal = Goal.objects.get(title="Schulden op een rij")
    assert (goal.start_score, goal.current_score, goal.status) == (1, 1, GoalStatus.NEW)
    response = client.post(
        reverse("plans:action-create", args=[goal.pk]),
        {"performer": "network", "performer_name": "zus", "description": "Gaat mee naar de bank"},
    )
    assert response.status_code == 302
    assert Action.objects.get(goal=goal).performer_name == "zus"


def test_goal_form_without_life_domain_shows_the_dutch_message(client, world):
    client.force_login(world.worker)
    response = client.post(
        reverse("plans:goal-create", args=[world.plan_a.pk]),
        {"title": "x", "started_on": "2026-09-01", "evaluation_due_on": "2026-12-01"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "precies één leefgebied" in errors["life_domain"][0]
    assert "start_score" in errors
    assert Goal.objects.count() == 1


def test_evaluation_page_offers_the_scale_as_radio_buttons(client, world):
    client.force_login(world.worker)
    body = client.get(
        reverse("plans:goal-evaluate", args=[world.goal_a.pk]), HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    assert body.count('type="radio" name="score"') == 5
    assert "acuut probleem" in body and "volledig zelfredzaam" in body
    assert "<legend" in body


def test_worker_evaluates_a_goal_and_the_history_shows_on_the_plan(client, world):
    client.force_login(world.worker)
    goal = world.goal_a
    response = client.post(
        reverse("plans:goal-evaluate", args=[goal.pk]),
        {
            "evaluated_on": timezone.localdate().isoformat(),
            "status_after": "in_progress",
            "score": "4",
            "result": "Post wordt elke week geopend",
        },
    )
    assert response.status_code == 302
    evaluation = GoalEvaluation.objects.get(goal=goal)
    assert (evaluation.score, evaluation.evaluated_by) == (4, world.worker)
    page = client.get(reverse("plans:plan-detail", args=[world.plan_a.pk])).content.decode()
    assert "Post wordt elke week geopend" in page


def test_evaluation_before_the_start_is_shown_on_the_form(client, world):
    client.force_login(world.worker)
    response = client.post(
        reverse("plans:goal-evaluate", args=[world.goal_a.pk]),
        {
            "evaluated_on": "2020-01-01",
            "status_after": "in_progress",
            "score": "3",
            "result": "x",
        },
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 200
    assert "vóór de start van het doel" in response.context["form"].errors["evaluated_on"][0]
    assert not GoalEvaluation.objects.exists()


def test_plan_page_groups_goals_by_life_domain(client, world):
    from wijkteam.plans.tests.factories import GoalFactory

    geld = LifeDomainFactory(code="geld", name="Geld", sort_order=30)
    GoalFactory(plan=world.plan_a, life_domain=geld, title="Budget")
    GoalFactory(plan=world.plan_a, life_domain=world.life_domain, title="Rust")
    client.force_login(world.worker)
    response = client.get(reverse("plans:plan-detail", args=[world.plan_a.pk]))
    groups = response.context["domain_groups"]
    assert [g["domain"].name for g in groups] == ["Geestelijke gezondheid", "Geld"]
    assert len(groups[0]["goals"]) == 2


def test_manager_sees_the_progress_report_worker_does_not(client, world):
    client.force_login(world.worker)
    assert client.get(reverse("plans:progress-report")).status_code == 403
    client.force_login(world.municipality)
    response = client.get(
        reverse("plans:progress-report"),
        {"date_from": "2026-01-01", "date_to": "2026-12-31", "team": world.team_a.pk},
    )
    assert response.status_code == 200
    assert world.resident_a.last_name not in response.content.decode()
