"""List pages, API lists and the start page run a fixed number of queries, whatever the size."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from wijkteam.accounts.tests.factories import UserFactory
from wijkteam.core.accesslog import record_access
from wijkteam.residents.tests.factories import ResidentFactory
from wijkteam.support.tests.factories import SupportCaseFactory

pytestmark = pytest.mark.django_db


def grow(world, n):
    residents = ResidentFactory.create_batch(n, team=world.team_a)
    for r in residents:
        SupportCaseFactory(resident=r, coordinator=world.worker)
    UserFactory.create_batch(n, role="sociaal_werker", teams=[world.team_a])
    record_access(
        user=world.worker, resident_ids=[r.pk for r in residents], action="view", context="t"
    )


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        ("sociaal_werker", "residents:resident-list"),
        ("sociaal_werker", "dashboard:home"),
        ("teammanager", "dashboard:home"),
        ("gemeente", "dashboard:home"),
        ("functioneel_beheerder", "accounts:staff-list"),
        ("functioneel_beheerder", "organisation:team-list"),
        ("functioneel_beheerder", "core:access-log"),
        ("functioneel_beheerder", "core:audit-log"),
        ("sociaal_werker", "resident-list"),
        ("sociaal_werker", "case-list"),
        ("functioneel_beheerder", "staff-list"),
        ("functioneel_beheerder", "team-list"),
        ("kwaliteitsmedewerker", "access-log-list"),
        ("kwaliteitsmedewerker", "audit-log-list"),
    ],
)
def test_query_count_does_not_grow_with_data(client, world, role, url_name):
    client.force_login(world.users[role])
    url = reverse(url_name)
    grow(world, 2)
    small = count_queries(client, url)
    grow(world, 12)
    large = count_queries(client, url)
    assert small == large, f"{url_name}: {small} queries with little data, {large} with more"


def test_resident_detail_query_count_is_fixed(client, world):
    client.force_login(world.worker)
    url = reverse("residents:resident-detail", args=[world.resident_a.pk])
    small = count_queries(client, url)
    for _ in range(5):
        SupportCaseFactory(resident=world.resident_a)
    assert count_queries(client, url) == small
