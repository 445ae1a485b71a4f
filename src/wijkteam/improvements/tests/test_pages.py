"""Pages of improvement plans: lists (query counts), create, edit, steps, action reports."""

import datetime

from django.urls import reverse

import pytest

from wijkteam.improvements.models import ImprovementAction, ImprovementPlan
from wijkteam.improvements.tests.helpers import add_action, make_plan, plan_in
from wijkteam.improvements.workflow import ActionStatus, PlanState

pytestmark = pytest.mark.django_db


def _plans(world, n):
    for i in range(n):
        plan = make_plan(world, title=f"Plan {i}")
        add_action(
            world, plan, due_on=datetime.date(2026, 1, 1) if i % 2 else datetime.date(2027, 1, 1)
        )


@pytest.mark.parametrize("n", [2, 9])
def test_plan_list_uses_a_fixed_number_of_queries(client, world, django_assert_num_queries, n):
    _plans(world, n)
    client.force_login(world.manager)
    client.get(reverse("improvements:plan-list"))
    # session, user, 2FA device, permissions (2), own teams (scope), count, header roles,
    # teams filter, page
    with django_assert_num_queries(10):
        response = client.get(reverse("improvements:plan-list"))
    plans = response.context["object_list"]
    assert len(plans) == n
    assert sum(p.overdue_actions for p in plans) == n // 2


@pytest.mark.parametrize("n", [2, 9])
def test_action_list_uses_a_fixed_number_of_queries(client, world, django_assert_num_queries, n):
    _plans(world, n)
    client.force_login(world.worker)
    client.get(reverse("improvements:action-list"))
    with django_assert_num_queries(8):
        response = client.get(reverse("improvements:action-list"))
    assert len(response.context["object_list"]) == n


def test_filter_overdue_plans(client, world):
    make_plan(world, title="Laat", due_on=datetime.date(2026, 1, 1))
    make_plan(world, title="Op tijd", due_on=datetime.date(2030, 1, 1))
    client.force_login(world.manager)
    response = client.get(reverse("improvements:plan-list"), {"overdue": "on"})
    assert [p.title for p in response.context["object_list"]] == ["Laat"]


def test_manager_creates_a_plan_adds_an_action_and_the_worker_reports(client, world):
    client.force_login(world.manager)
    response = client.post(
        reverse("improvements:plan-create"),
        {
            "title": "Veiligheid medewerkers",
            "finding": "Eigen veiligheid op locaties en inwerken nieuwe medewerkers.",
            "source": "certification",
            "responsible": world.manager.pk,
            "team": world.team_a.pk,
            "due_on": "2027-06-30",
        },
    )
    plan = ImprovementPlan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    response = client.post(
        reverse("improvements:action-create", args=[plan.pk]),
        {
            "description": "Veiligheidsprotocol bespreken",
            "owner": world.worker.pk,
            "due_on": "2027-01-15",
        },
    )
    assert response.status_code == 302
    action = ImprovementAction.objects.get()
    client.force_login(world.worker)
    url = reverse("improvements:action-status", args=[action.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "done", "done_on": "", "version": action.version})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_a_new_plan_cannot_be_due_in_the_past(client, world):
    client.force_login(world.manager)
    response = client.post(
        reverse("improvements:plan-create"),
        {
            "title": "x",
            "finding": "y",
            "source": "other",
            "responsible": world.manager.pk,
            "due_on": "2001-01-01",
        },
    )
    assert "kan niet in het verleden" in response.content.decode()
    assert ImprovementPlan.objects.count() == 0


def test_bad_evidence_link_is_refused(client, world):
    plan = make_plan(world)
    client.force_login(world.manager)
    url = reverse("improvements:plan-update", args=[plan.pk])
    response = client.post(
        url,
        {
            "title": plan.title,
            "finding": plan.finding,
            "source": plan.source,
            "responsible": world.manager.pk,
            "team": world.team_a.pk,
            "due_on": "2026-12-31",
            "evidence_links": "zenya verslag",
            "version": plan.version,
        },
    )
    assert "is geen webadres" in response.content.decode()


def test_worker_may_not_report_on_a_colleagues_action(client, world):
    from wijkteam.accounts.tests.factories import UserFactory

    plan = make_plan(world)
    add_action(world, plan)  # the worker's own, so the plan is visible
    other = add_action(world, plan, owner=UserFactory(role="sociaal_werker", teams=[world.team_a]))
    client.force_login(world.worker)
    assert client.get(reverse("improvements:action-status", args=[other.pk])).status_code == 403


def test_plan_steps_through_the_pages(client, world):
    plan = plan_in(PlanState.IN_PROGRESS, world)
    action = plan.actions.get()
    action.status = ActionStatus.DONE
    ImprovementAction.objects.filter(pk=action.pk).update(
        status="done", done_on=datetime.date(2026, 10, 1)
    )
    client.force_login(world.manager)
    url = reverse("improvements:plan-transition", args=[plan.pk])
    response = client.post(
        f"{url}?to=completed", {"evidence": "Gedragscode vastgesteld", "version": plan.version}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == PlanState.COMPLETED
    # The manager is not offered verification; quality staff are.
    assert "?to=verified" not in client.get(plan.get_absolute_url()).content.decode()
    client.force_login(world.quality)
    assert "?to=verified" in client.get(plan.get_absolute_url()).content.decode()
    response = client.post(f"{url}?to=verified", {"version": plan.version})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == PlanState.VERIFIED and plan.verified_by == world.quality
