"""Who sees which plan, and plans that come from an incident, complaint or breach."""

from django.urls import reverse

import pytest

from wijkteam.accounts.tests.factories import UserFactory
from wijkteam.breaches.tests.factories import DataBreachFactory
from wijkteam.improvements.choices import PlanSource
from wijkteam.improvements.models import ImprovementAction, ImprovementPlan
from wijkteam.improvements.origins import resolve_origin
from wijkteam.improvements.tests.helpers import add_action, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(world):
    manager_b = UserFactory(role="teammanager", teams=[world.team_b])
    return {
        "team_a": make_plan(world),
        "team_b": make_plan(world, actor=manager_b, responsible=manager_b, team=world.team_b),
        "organisation": make_plan(world, actor=world.quality, responsible=world.quality, team=None),
    }


def visible(user):
    return set(ImprovementPlan.objects.visible_for(user))


def test_quality_staff_and_board_see_every_plan(world, plans):
    assert visible(world.quality) == set(plans.values())
    assert visible(world.board) == set(plans.values())


def test_teammanager_sees_the_own_teams_and_own_plans(world, plans):
    assert visible(world.manager) == {plans["team_a"]}


def test_worker_sees_only_plans_with_an_own_action(world, plans):
    assert visible(world.worker) == set()
    add_action(world, plans["team_b"], owner=world.worker, actor=world.quality)
    assert visible(world.worker) == {plans["team_b"]}
    assert {a.plan_id for a in ImprovementAction.objects.visible_for(world.worker)} == {
        plans["team_b"].pk
    }


@pytest.mark.parametrize("role", ["gemeente", "functioneel_beheerder"])
def test_municipality_and_beheer_see_no_plan(world, plans, role):
    assert visible(world.users[role]) == set()


def test_out_of_scope_plan_answers_404(client, world, plans):
    client.force_login(world.manager)
    url = reverse("improvements:plan-detail", args=[plans["team_b"].pk])
    assert client.get(url).status_code == 404
    api = reverse("improvement-plan-detail", args=[plans["team_b"].pk])
    assert client.get(api).status_code == 404


# --- origins -------------------------------------------------------------------------------


def test_plan_from_a_breach_stores_the_origin_generically(client, world):
    breach = DataBreachFactory(team=world.team_a, reported_by=world.worker)
    client.force_login(world.quality)
    url = reverse("improvements:plan-create") + f"?origin=breaches.databreach:{breach.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["source"] == PlanSource.DATA_BREACH
    response = client.post(
        url,
        {
            "title": "Dubbel controleren van e-mailadressen",
            "finding": "Verslag naar verkeerde ketenpartner.",
            "source": "data_breach",
            "responsible": world.manager.pk,
            "team": world.team_a.pk,
            "due_on": "2027-03-01",
        },
    )
    assert response.status_code == 302, page.content.decode()[:500]
    plan = ImprovementPlan.objects.get()
    assert plan.origin == breach
    assert list(ImprovementPlan.objects.from_origin(breach)) == [plan]
    body = client.get(plan.get_absolute_url()).content.decode()
    assert breach.get_absolute_url() in body  # quality staff may see the breach: a link


def test_plan_page_does_not_link_an_origin_the_user_may_not_see(client, world):
    breach = DataBreachFactory(team=world.team_b, reported_by=world.quality)
    plan = make_plan(world, actor=world.quality, origin=breach)
    client.force_login(world.manager)  # manager of team A may see the plan, not the breach
    body = client.get(plan.get_absolute_url()).content.decode()
    assert breach.get_absolute_url() not in body
    assert "dat u niet mag inzien" in body


@pytest.mark.parametrize(
    "origin",
    [
        "nonsense",
        "breaches.databreach:0",
        "breaches.databreach:999999",
        "auth.user:1",
        "residents.resident:1",
        "breaches.databreach:1 OR 1=1",
    ],
)
def test_a_bad_or_unknown_origin_gets_one_dutch_message(client, world, origin):
    client.force_login(world.manager)
    response = client.get(reverse("improvements:plan-create"), {"origin": origin})
    assert response.status_code == 404
    assert "bestaat niet, of u mag het niet inzien" in response.content.decode()


def test_an_origin_out_of_scope_is_refused_like_a_missing_one(client, world):
    breach = DataBreachFactory(team=world.team_b, reported_by=world.quality)
    client.force_login(world.manager)
    url = reverse("improvements:plan-create") + f"?origin=breaches.databreach:{breach.pk}"
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "x"}).status_code == 404
    assert ImprovementPlan.objects.count() == 0


def test_resolve_origin_uses_the_origin_models_visible_for(world):
    breach = DataBreachFactory(team=world.team_a, reported_by=world.worker)
    assert resolve_origin(f"breaches.databreach:{breach.pk}", world.manager) == breach
    assert resolve_origin(f"BREACHES.DataBreach:{breach.pk}", world.quality) == breach


def test_plan_from_an_incident_takes_its_source_from_the_origin(client, world):
    from wijkteam.incidents.tests.factories import IncidentFactory

    incident = IncidentFactory(team=world.team_a, reporter=world.worker)
    client.force_login(world.manager)
    visible = type(incident).objects.visible_for(world.manager).filter(pk=incident.pk).exists()
    response = client.get(
        reverse("improvements:plan-create"), {"origin": f"incidents.incident:{incident.pk}"}
    )
    assert response.status_code == (200 if visible else 404)
    if visible:
        assert response.context["form"].initial["source"] == PlanSource.INCIDENT_ANALYSIS
