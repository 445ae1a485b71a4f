"""Two workers editing the same plan or goal: the second save is refused, nothing is lost."""

import datetime

from django.urls import reverse
from django.utils import translation

import pytest

from wijkteam.core.services import CONFLICT_MESSAGE, ConflictError
from wijkteam.plans import services
from wijkteam.plans.models import Goal, SupportPlan

pytestmark = pytest.mark.django_db


def test_second_save_of_the_same_plan_is_refused_and_the_first_is_kept(world):
    first = SupportPlan.objects.get(pk=world.plan_a.pk)
    second = SupportPlan.objects.get(pk=world.plan_a.pk)
    first.perspective = "Versie van collega 1"
    services.update_plan(actor=world.worker, plan=first, expected_version=first.version - 0)
    second.perspective = "Versie van collega 2"
    with pytest.raises(ConflictError):
        services.update_plan(actor=world.manager, plan=second, expected_version=second.version)
    assert SupportPlan.objects.get(pk=world.plan_a.pk).perspective == "Versie van collega 1"


def test_adding_a_goal_does_not_conflict_with_editing_the_plan(world):
    plan = SupportPlan.objects.get(pk=world.plan_a.pk)
    goal = Goal(
        plan=plan,
        life_domain=world.life_domain,
        title="Nieuw doel",
        started_on=plan.started_on,
        evaluation_due_on=plan.started_on + datetime.timedelta(days=60),
        start_score=3,
    )
    services.add_goal(actor=world.manager, goal=goal)
    plan.perspective = "Aangepast"
    services.update_plan(actor=world.worker, plan=plan, expected_version=plan.version)
    stored = SupportPlan.objects.get(pk=plan.pk)
    assert stored.perspective == "Aangepast"
    assert stored.revision == world.plan_a.revision + 2  # the goal, then the edit


def test_stale_plan_form_shows_the_conflict_message_and_keeps_the_input(client, world):
    client.force_login(world.worker)
    url = reverse("plans:plan-update", args=[world.plan_a.pk])
    stale_version = world.plan_a.version
    fresh = SupportPlan.objects.get(pk=world.plan_a.pk)
    fresh.perspective = "Intussen gewijzigd"
    services.update_plan(actor=world.manager, plan=fresh, expected_version=fresh.version)
    with translation.override("nl"):
        response = client.post(
            url,
            {
                "version": stale_version,
                "started_on": world.plan_a.started_on.isoformat(),
                "perspective": "Mijn tekst",
                "workers": [world.worker.pk],
            },
            HTTP_ACCEPT_LANGUAGE="nl",
        )
    assert response.status_code == 200
    body = response.content.decode()
    with translation.override("nl"):
        assert str(CONFLICT_MESSAGE) in body
    assert "Mijn tekst" in body
    assert SupportPlan.objects.get(pk=world.plan_a.pk).perspective == "Intussen gewijzigd"


def test_stale_goal_form_is_refused(client, world):
    client.force_login(world.worker)
    goal = world.goal_a
    other = Goal.objects.get(pk=goal.pk)
    other.title = "Door collega"
    services.update_goal(actor=world.manager, goal=other, expected_version=other.version)
    response = client.post(
        reverse("plans:goal-update", args=[goal.pk]),
        {
            "version": goal.version,
            "life_domain": goal.life_domain_id,
            "title": "Mijn titel",
            "started_on": goal.started_on.isoformat(),
            "evaluation_due_on": goal.evaluation_due_on.isoformat(),
            "start_score": 3,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Goal.objects.get(pk=goal.pk).title == "Door collega"


def test_api_update_without_version_is_refused(client, world):
    client.force_login(world.worker)
    response = client.patch(
        reverse("plan-detail", args=[world.plan_a.pk]),
        {"perspective": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "version" in response.json()


def test_api_update_with_a_stale_version_is_refused(client, world):
    client.force_login(world.worker)
    url = reverse("goal-detail", args=[world.goal_a.pk])
    ok = client.patch(
        url, {"title": "Eerst", "version": world.goal_a.version}, content_type="application/json"
    )
    assert ok.status_code == 200
    stale = client.patch(
        url, {"title": "Later", "version": world.goal_a.version}, content_type="application/json"
    )
    assert stale.status_code == 400
    assert Goal.objects.get(pk=world.goal_a.pk).title == "Eerst"
