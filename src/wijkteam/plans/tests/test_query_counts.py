"""The plan page, the report and the API lists run a fixed number of queries at any size."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from wijkteam.plans import services
from wijkteam.plans.tests.factories import ActionFactory, GoalFactory, LifeDomainFactory
from wijkteam.plans.workflow import GoalStatus
from wijkteam.residents.tests.factories import ResidentFactory
from wijkteam.support.tests.factories import SupportCaseFactory

pytestmark = pytest.mark.django_db


def grow_plan(world, n):
    """``n`` more goals on the world's plan, each with actions and evaluations."""
    domains = [
        LifeDomainFactory(code=f"domein-{i}", name=f"Domein {i}", sort_order=20 + i)
        for i in range(3)
    ]
    for i in range(n):
        goal = GoalFactory(plan=world.plan_a, life_domain=domains[i % 3])
        ActionFactory.create_batch(2, goal=goal)
        for days, status in ((5, GoalStatus.IN_PROGRESS), (9, GoalStatus.ACHIEVED)):
            services.evaluate_goal(
                actor=world.worker,
                goal=goal,
                evaluated_on=goal.started_on + datetime.timedelta(days=days),
                status_after=status,
                score=3,
                result="r",
            )


def grow_plans(world, n):
    """``n`` more cases in team A, each with a plan and two goals."""
    for _ in range(n):
        case = SupportCaseFactory(resident=ResidentFactory(team=world.team_a))
        goal = GoalFactory(plan__case=case, plan__created_by=world.worker)
        goal.plan.workers.set([world.worker, world.manager])
        GoalFactory(plan=goal.plan)


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_plan_page_query_count_does_not_grow_with_goals(client, world):
    client.force_login(world.worker)
    url = reverse("plans:plan-detail", args=[world.plan_a.pk])
    grow_plan(world, 2)
    small = count_queries(client, url)
    grow_plan(world, 8)
    assert count_queries(client, url) == small


@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        ("sociaal_werker", "plan-list"),
        ("sociaal_werker", "goal-list"),
        ("gemeente", "life-domain-list"),
        ("gemeente", "plans:progress-report"),
        ("teammanager", "plans:progress-report"),
        ("functioneel_beheerder", "plans:life-domain-list"),
        ("functioneel_beheerder", "plans:age-band-list"),
    ],
)
def test_list_query_count_does_not_grow_with_data(client, world, role, url_name):
    client.force_login(world.users[role])
    url = reverse(url_name)
    params = {"date_from": "2026-01-01", "date_to": "2026-12-31"}
    grow_plans(world, 2)
    small = count_queries(client, url, params)
    grow_plans(world, 10)
    for i in range(5):
        LifeDomainFactory(code=f"extra-{i}", name=f"Extra {i}")
    assert count_queries(client, url, params) == small, url_name
