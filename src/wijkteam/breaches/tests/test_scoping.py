"""Who sees which breach: own reports, the team's for managers, all for privacy staff."""

from django.urls import reverse

import pytest

from wijkteam.breaches.models import BreachTransition, DataBreach
from wijkteam.breaches.tests.factories import DataBreachFactory
from wijkteam.breaches.tests.helpers import report

pytestmark = pytest.mark.django_db


@pytest.fixture
def breaches(world):
    """Reported by the worker (team A), by a colleague in team A, and in team B."""
    from wijkteam.accounts.tests.factories import UserFactory

    colleague = UserFactory(role="sociaal_werker", teams=[world.team_a])
    other = UserFactory(role="sociaal_werker", teams=[world.team_b])
    return {
        "own": report(world, actor=world.worker),
        "colleague": report(world, actor=colleague),
        "team_b": report(world, actor=other, team=world.team_b),
        "discovered": DataBreachFactory(
            team=world.team_b, reported_by=world.admin, discovered_by=world.worker
        ),
    }


def visible(user):
    return set(DataBreach.objects.visible_for(user))


def test_worker_sees_only_what_they_reported_or_discovered(world, breaches):
    assert visible(world.worker) == {breaches["own"], breaches["discovered"]}


def test_teammanager_sees_the_own_teams_breaches_and_own_reports(world, breaches):
    assert visible(world.manager) == {breaches["own"], breaches["colleague"]}


def test_quality_staff_see_every_breach(world, breaches):
    assert visible(world.quality) == set(breaches.values())


def test_functioneel_beheer_sees_what_they_reported(world, breaches):
    assert visible(world.admin) == {breaches["discovered"]}


@pytest.mark.parametrize("role", ["gemeente", "bestuurder"])
def test_municipality_and_board_see_no_breach(world, breaches, role):
    assert visible(world.users[role]) == set()
    assert BreachTransition.objects.visible_for(world.users[role]).count() == 0


def test_history_follows_the_breach(world, breaches):
    rows = BreachTransition.objects.visible_for(world.worker)
    assert {row.breach_id for row in rows} == {breaches["own"].pk}


def test_out_of_scope_breach_page_answers_404(client, world, breaches):
    client.force_login(world.worker)
    url = reverse("breaches:breach-detail", args=[breaches["colleague"].pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("breach-detail", args=[breaches["colleague"].pk])).status_code == 404


def test_list_page_and_api_show_only_visible_breaches(client, world, breaches):
    client.force_login(world.manager)
    page = client.get(reverse("breaches:breach-list"))
    assert set(page.context["object_list"]) == {breaches["own"], breaches["colleague"]}
    api = client.get(reverse("breach-list")).json()
    assert {row["id"] for row in api["results"]} == {breaches["own"].pk, breaches["colleague"].pk}
