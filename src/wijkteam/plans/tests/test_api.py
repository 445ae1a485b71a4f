"""The plans API: same services, scope and messages as the pages."""

from django.urls import reverse

import pytest

from wijkteam.plans.models import Goal, GoalEvaluation, SupportPlan
from wijkteam.support.tests.factories import SupportCaseFactory

pytestmark = pytest.mark.django_db


def post(client, name, data, **kwargs):
    return client.post(
        reverse(name, **kwargs), data, content_type="application/json", HTTP_ACCEPT_LANGUAGE="nl"
    )


def test_api_creates_a_plan_with_workers(client, world):
    case = SupportCaseFactory(resident=world.resident_a)
    client.force_login(world.worker)
    response = post(
        client,
        "plan-list",
        {"case": case.pk, "started_on": "2026-09-02", "workers": [world.manager.pk]},
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["resident"] == world.resident_a.pk
    assert data["workers"] == [world.manager.pk]
    assert SupportPlan.objects.get(case=case).created_by == world.worker


def test_api_refuses_a_second_plan_for_a_case_in_dutch(client, world):
    client.force_login(world.worker)
    response = post(client, "plan-list", {"case": world.case_a.pk})
    assert response.status_code == 400
    assert "heeft al een ondersteuningsplan" in response.content.decode()


def test_api_plan_for_an_out_of_scope_case_reads_as_nonexistent(client, world):
    client.force_login(world.worker)
    response = post(client, "plan-list", {"case": world.case_b.pk})
    assert response.status_code == 400
    assert "case" in response.json()
    assert not SupportPlan.objects.filter(case=world.case_b).exists()


def test_api_goal_without_life_domain_gets_the_dutch_message(client, world):
    client.force_login(world.worker)
    response = post(
        client,
        "goal-list",
        {
            "plan": world.plan_a.pk,
            "title": "x",
            "started_on": "2026-09-01",
            "evaluation_due_on": "2026-12-01",
            "start_score": 2,
        },
    )
    assert response.status_code == 400
    assert "precies één leefgebied" in response.json()["life_domain"][0]


def test_api_goal_score_outside_one_to_five_gets_the_dutch_message(client, world):
    client.force_login(world.worker)
    response = post(
        client,
        "goal-list",
        {
            "plan": world.plan_a.pk,
            "life_domain": world.life_domain.pk,
            "title": "x",
            "started_on": "2026-09-01",
            "evaluation_due_on": "2026-12-01",
            "start_score": 6,
        },
    )
    assert response.status_code == 400
    assert "van 1 (acuut probleem) tot 5" in response.json()["start_score"][0]
    assert Goal.objects.count() == 1


def test_api_evaluates_a_goal_and_returns_the_history_row(client, world):
    client.force_login(world.worker)
    response = post(
        client,
        "goal-evaluate",
        {"evaluated_on": "2026-10-01", "status_after": "achieved", "score": 4, "result": "Klaar"},
        args=[world.goal_a.pk],
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["status_before"], data["status_after"], data["score"]) == (
        "new",
        "achieved",
        4,
    )
    goal = client.get(reverse("goal-detail", args=[world.goal_a.pk])).json()
    assert goal["status"] == "achieved"
    assert goal["current_score"] == 4
    assert [e["result"] for e in goal["evaluations"]] == ["Klaar"]


def test_api_evaluation_before_the_start_is_refused_in_dutch(client, world):
    client.force_login(world.worker)
    response = post(
        client,
        "goal-evaluate",
        {"evaluated_on": "2020-01-01", "status_after": "achieved", "score": 4, "result": "x"},
        args=[world.goal_a.pk],
    )
    assert response.status_code == 400
    assert "vóór de start van het doel" in response.json()["evaluated_on"][0]
    assert not GoalEvaluation.objects.exists()


def test_api_goal_status_cannot_be_written_directly(client, world):
    client.force_login(world.worker)
    response = client.patch(
        reverse("goal-detail", args=[world.goal_a.pk]),
        {"status": "achieved", "version": world.goal_a.version},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert Goal.objects.get(pk=world.goal_a.pk).status == "new"


def test_life_domains_are_readable_by_every_role_and_written_by_beheer(client, world):
    client.force_login(world.municipality)
    assert client.get(reverse("life-domain-list")).status_code == 200
    client.force_login(world.admin)
    response = post(
        client,
        "life-domain-list",
        {"code": "wonen", "name": "Wonen", "audience": "adult", "is_provisional": True},
    )
    assert response.status_code == 201, response.content
    url = reverse("life-domain-detail", args=[response.json()["id"]])
    stale = client.patch(
        url, {"valid_to": "2026-12-31", "version": 0}, content_type="application/json"
    )
    assert stale.status_code == 400
