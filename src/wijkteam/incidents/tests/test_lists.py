"""Lists, the deadline page and the API run a fixed number of queries, whatever the size."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from wijkteam.incidents.tests.factories import (
    CalamityFactory,
    CareNeedFactory,
    FollowUpActionFactory,
    IncidentFactory,
)
from wijkteam.incidents.tests.helpers import D

pytestmark = pytest.mark.django_db


def grow(world, n):
    """``n`` incidents of team A by the worker (some overdue, some with actions, calamities and
    people to follow up), each with the worker and the manager involved."""
    for i in range(n):
        incident = IncidentFactory(
            team=world.team_a,
            reporter=world.worker,
            resident=world.resident_a,
            occurred_on=D(2026, 11, 2 + i % 20),
            category=1 + i % 6,
            staff=[world.worker, world.manager],
        )
        FollowUpActionFactory(
            incident=incident,
            owner=world.manager,
            created_by=world.manager,
            due_on=D(2026, 11, 25 + i % 5),
        )
        if incident.category >= 5:
            CalamityFactory(incident=incident, state="to_assess")
        CareNeedFactory(
            incident=incident, recorded_by=world.manager, follow_up_on=D(2026, 11, 24 + i % 6)
        )


def count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("role", "url_name", "params"),
    [
        ("sociaal_werker", "incidents:incident-list", {}),
        ("teammanager", "incidents:incident-list", {"state": "any"}),
        ("kwaliteitsmedewerker", "incidents:incident-list", {"category": "1"}),
        ("sociaal_werker", "incidents:deadline-list", {}),
        ("teammanager", "incidents:deadline-list", {}),
        ("kwaliteitsmedewerker", "incidents:deadline-list", {"team": "A"}),
        ("sociaal_werker", "incident-list", {}),
        ("teammanager", "incident-list", {}),
        ("kwaliteitsmedewerker", "incident-list", {}),
        ("teammanager", "incident-followup-list", {}),
    ],
)
def test_query_count_does_not_grow_with_data(client, world, role, url_name, params):
    client.force_login(world.users[role])
    params = {k: (world.team_a.pk if v == "A" else v) for k, v in params.items()}
    url = reverse(url_name)
    grow(world, 2)
    small = count(client, url, params)
    grow(world, 12)
    large = count(client, url, params)
    assert small == large, f"{url_name}: {small} queries with little data, {large} with more"


@pytest.mark.parametrize("role", ["sociaal_werker", "teammanager", "kwaliteitsmedewerker"])
def test_the_incident_page_query_count_is_fixed(client, world, role):
    client.force_login(world.users[role])
    grow(world, 1)
    from wijkteam.incidents.models import Incident

    incident = Incident.objects.order_by("pk").first()
    url = reverse("incidents:incident-detail", args=[incident.pk])
    small = count(client, url)
    for _ in range(5):
        FollowUpActionFactory(incident=incident, owner=world.manager, created_by=world.manager)
        CareNeedFactory(incident=incident, recorded_by=world.manager)
    assert count(client, url) == small


def test_the_list_paginates_by_25(client, world):
    client.force_login(world.manager)
    grow(world, 30)
    page = client.get(reverse("incidents:incident-list"))
    assert len(page.context["object_list"]) == 25
    assert page.context["paginator"].count == 30
    second = client.get(reverse("incidents:incident-list"), {"page": 2})
    assert len(second.context["object_list"]) == 5


def test_aggregate_helpers_run_one_query_each(world, django_assert_num_queries):
    from wijkteam.incidents.models import Incident

    grow(world, 6)
    qs = Incident.objects.occurred_between(D(2026, 11, 1), D(2026, 11, 30))
    for helper in ("by_category", "by_kind", "by_team", "by_location_kind", "by_year", "by_month"):
        with django_assert_num_queries(1):
            rows = list(getattr(qs, helper)())
        assert sum(r["incidents"] for r in rows) == 6
    with django_assert_num_queries(1):
        summary = qs.summary(D(2026, 11, 27))
    assert summary["incidents"] == 6
    assert summary["possible_calamities"] == 2
