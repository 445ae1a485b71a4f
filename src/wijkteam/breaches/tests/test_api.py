"""/api/v1/breaches/: the same services, scoping and Dutch messages as the pages."""

from django.urls import reverse
from django.utils import translation

import pytest

from wijkteam.breaches.models import DataBreach
from wijkteam.breaches.tests.helpers import breach_in, report
from wijkteam.breaches.workflow import BreachState

pytestmark = pytest.mark.django_db

NEW = {
    "team": None,
    "discovered_at": "2026-10-24T12:00:00+02:00",
    "kind": "lost_device",
    "description": "Laptop in de trein laten liggen; schijf versleuteld.",
    "data_categories": ["contact", "health"],
    "persons_affected": 120,
    "persons_estimated": True,
}


def test_worker_reports_through_the_api(client, world):
    client.force_login(world.worker)
    response = client.post(
        reverse("breach-list"), {**NEW, "team": world.team_a.pk}, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    # 24 October 12:00 summer time + 72 h = 27 October 11:00 winter time (10:00 UTC).
    assert body["ap_deadline"].startswith("2026-10-27T11:00:00+01:00")
    assert body["state"] == "reported"
    assert DataBreach.objects.get().reported_by == world.worker


def test_unknown_category_is_a_400(client, world):
    client.force_login(world.worker)
    data = {**NEW, "team": world.team_a.pk, "data_categories": ["shoe size"]}
    response = client.post(reverse("breach-list"), data, content_type="application/json")
    assert response.status_code == 400
    assert DataBreach.objects.count() == 0


def test_transition_through_the_api_with_dutch_refusal(client, world):
    breach = breach_in(BreachState.ASSESSED, world, risk_level="high")
    client.force_login(world.quality)
    url = reverse("breach-transition", args=[breach.pk])
    with translation.override("nl"):
        refused = client.post(
            url,
            {"to": "not_notified", "version": breach.version, "no_notification_reason": "x"},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="nl",
        )
    assert refused.status_code == 400
    assert "moet dus bij de AP worden gemeld" in str(refused.json())
    done = client.post(
        url,
        {
            "to": "notified",
            "version": breach.version,
            "ap_notified_at": "2026-03-02T15:00:00+01:00",
            "ap_reference": "AP-9",
        },
        content_type="application/json",
    )
    assert done.status_code == 200, done.json()
    assert done.json()["state"] == "notified"
    assert [t["to_state"] for t in done.json()["transitions"]] == [
        "reported",
        "assessed",
        "notified",
    ]


def test_update_needs_the_version_and_keeps_the_discovery_time(client, world):
    breach = report(world)
    client.force_login(world.quality)
    url = reverse("breach-detail", args=[breach.pk])
    assert client.patch(url, {"measures": "x"}, content_type="application/json").status_code == 400
    response = client.patch(
        url,
        {"measures": "Wachtwoord gewijzigd", "version": 1, "discovered_at": "2020-01-01T00:00Z"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    breach.refresh_from_db()
    assert breach.measures == "Wachtwoord gewijzigd"
    assert breach.discovered_at.year == 2026
    stale = client.patch(url, {"measures": "y", "version": 1}, content_type="application/json")
    assert stale.status_code == 400


@pytest.mark.parametrize("n", [2, 8])
def test_api_list_uses_a_fixed_number_of_queries(client, world, django_assert_num_queries, n):
    for _ in range(n):
        breach_in(BreachState.ASSESSED, world)
    client.force_login(world.quality)
    client.get(reverse("breach-list"))
    # session, user, 2FA device, permissions (2), count, breaches, their transitions
    with django_assert_num_queries(8):
        response = client.get(reverse("breach-list"))
    assert response.json()["count"] == n
