"""/api/v1/improvement-plans/ and /api/v1/improvement-actions/."""

from django.urls import reverse

import pytest

from wijkteam.breaches.tests.factories import DataBreachFactory
from wijkteam.improvements.models import ImprovementPlan
from wijkteam.improvements.tests.helpers import add_action, make_plan

pytestmark = pytest.mark.django_db


def test_create_with_origin_and_step(client, world):
    breach = DataBreachFactory(team=world.team_a, reported_by=world.worker)
    client.force_login(world.manager)
    response = client.post(
        reverse("improvement-plan-list"),
        {
            "title": "Adrescontrole",
            "finding": "Verkeerd geadresseerd",
            "source": "data_breach",
            "responsible": world.manager.pk,
            "team": world.team_a.pk,
            "due_on": "2027-01-31",
            "origin": f"breaches.databreach:{breach.pk}",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["origin"] == f"breaches.databreach:{breach.pk}"
    plan = ImprovementPlan.objects.get()
    step = client.post(
        reverse("improvement-plan-transition", args=[plan.pk]),
        {"to": "in_progress", "version": plan.version},
        content_type="application/json",
    )
    assert step.status_code == 200, step.json()
    assert step.json()["state"] == "in_progress"


def test_origin_out_of_scope_is_a_400(client, world):
    breach = DataBreachFactory(team=world.team_b, reported_by=world.quality)
    client.force_login(world.manager)
    response = client.post(
        reverse("improvement-plan-list"),
        {
            "title": "x",
            "finding": "y",
            "source": "data_breach",
            "responsible": world.manager.pk,
            "due_on": "2027-01-31",
            "origin": f"breaches.databreach:{breach.pk}",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert ImprovementPlan.objects.count() == 0


def test_owner_reports_through_the_api(client, world):
    plan = make_plan(world)
    action = add_action(world, plan)
    client.force_login(world.worker)
    response = client.post(
        reverse("improvement-action-status", args=[action.pk]),
        {"status": "in_progress", "version": action.version},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "in_progress"


@pytest.mark.parametrize("n", [2, 7])
def test_plan_list_query_count(client, world, django_assert_num_queries, n):
    for _ in range(n):
        add_action(world, make_plan(world))
    client.force_login(world.quality)
    client.get(reverse("improvement-plan-list"))
    with django_assert_num_queries(8):
        response = client.get(reverse("improvement-plan-list"))
    assert response.json()["count"] == n
