"""The break-the-glass API: workers create, reviewers list, read and review."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from wijkteam.core.models import AccessLogEntry
from wijkteam.oversight.models import BreakGlassGrant, BreakGlassReview
from wijkteam.oversight.tests.factories import BreakGlassGrantFactory, BreakGlassReviewFactory
from wijkteam.residents.models import Resident

pytestmark = pytest.mark.django_db

LIST = reverse("break-glass-grant-list")
REASON = "Wijkagent vraagt om contactgegevens van de vaste hulpverlener, acuut."


def test_a_worker_breaks_the_glass_through_the_api(client, world):
    client.force_login(world.worker)
    response = client.post(
        LIST,
        {"term": world.resident_b.bsn, "category": "acute_safety", "reason": REASON},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    grant = BreakGlassGrant.objects.get()
    assert response.json()["resident_id"] == world.resident_b.pk
    assert response.json()["id"] == grant.pk
    detail = client.get(reverse("resident-detail", args=[world.resident_b.pk]))
    assert detail.status_code == 200


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"category": "acute_safety", "reason": REASON}, "term"),
        ({"term": "{bsn}", "reason": REASON}, "category"),
        ({"term": "{bsn}", "category": "acute_safety", "reason": "te kort"}, "reason"),
        ({"term": "Pietersen", "category": "acute_safety", "reason": REASON}, "term"),
    ],
)
def test_bad_requests_answer_400_in_dutch_and_save_nothing(client, world, payload, field):
    client.force_login(world.worker)
    payload = {k: v.format(bsn=world.resident_b.bsn) for k, v in payload.items()}
    response = client.post(LIST, payload, content_type="application/json")
    assert response.status_code == 400
    body = response.content.decode()
    assert field in response.json()
    assert world.resident_b.last_name not in body
    assert "resident_id" not in body
    assert not BreakGlassGrant.objects.exists()
    assert not AccessLogEntry.objects.exists()
    assert world.resident_b not in Resident.objects.visible_for(world.worker)


def test_dutch_message_for_a_short_reason(client, world):
    client.force_login(world.worker)
    response = client.post(
        LIST,
        {"term": world.resident_b.bsn, "category": "acute_safety", "reason": "te kort"},
        content_type="application/json",
    )
    assert "minstens 20 tekens" in response.json()["reason"][0]


@pytest.mark.parametrize("role", ["kwaliteitsmedewerker", "functioneel_beheerder", "gemeente"])
def test_roles_without_resident_access_cannot_create(client, world, role):
    client.force_login(world.users[role])
    response = client.post(
        LIST,
        {"term": world.resident_b.bsn, "category": "acute_safety", "reason": REASON},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not BreakGlassGrant.objects.exists()


def test_reviewers_list_filter_and_review(client, world):
    open_grant = BreakGlassGrantFactory.for_resident(world.resident_b, user=world.worker)
    done = BreakGlassGrantFactory()
    BreakGlassReviewFactory(grant=done, reviewer=world.quality, outcome="justified")
    client.force_login(world.quality)
    everything = client.get(LIST).json()
    assert {g["id"] for g in everything["results"]} == {open_grant.pk, done.pk}
    to_do = client.get(LIST, {"status": "open"}).json()
    assert [g["id"] for g in to_do["results"]] == [open_grant.pk]
    assert to_do["results"][0]["review_status"] == "unreviewed"
    assert to_do["results"][0]["reason"] == open_grant.reason
    review_url = reverse("break-glass-grant-review", args=[open_grant.pk])
    refused = client.post(review_url, {"outcome": "not_justified"}, content_type="application/json")
    assert refused.status_code == 400
    assert "note" in refused.json()
    ok = client.post(
        review_url,
        {"outcome": "not_justified", "note": "Geen spoed, eigen team was bereikbaar."},
        content_type="application/json",
    )
    assert ok.status_code == 201
    assert ok.json()["reviewer"] == world.quality.username
    detail = client.get(reverse("break-glass-grant-detail", args=[open_grant.pk])).json()
    assert detail["review_status"] == "not_justified"
    assert [r["outcome"] for r in detail["reviews"]] == ["not_justified"]
    final = client.post(review_url, {"outcome": "justified"}, content_type="application/json")
    assert final.status_code == 400
    assert BreakGlassReview.objects.filter(grant=open_grant).count() == 1


def test_functioneel_beheer_reads_but_does_not_review(client, world):
    grant = BreakGlassGrantFactory()
    client.force_login(world.admin)
    assert client.get(reverse("break-glass-grant-detail", args=[grant.pk])).status_code == 200
    response = client.post(
        reverse("break-glass-grant-review", args=[grant.pk]),
        {"outcome": "justified"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_workers_cannot_list_grants(client, world):
    client.force_login(world.worker)
    assert client.get(LIST).status_code == 403


def test_the_list_runs_a_fixed_number_of_queries(client, world):
    client.force_login(world.quality)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST).status_code == 200
        return len(ctx.captured_queries)

    def grow(n):
        for _ in range(n):
            grant = BreakGlassGrantFactory()
            BreakGlassReviewFactory(grant=grant, reviewer=world.quality, outcome="needs_follow_up")

    grow(2)
    small = count()
    grow(12)
    assert count() == small
