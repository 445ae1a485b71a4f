"""Reviewing break-the-glass: the workflow table, append-only history, the pages."""

import itertools

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from wijkteam.accounts.tests.factories import UserFactory
from wijkteam.core.models import AppendOnlyError
from wijkteam.oversight import services
from wijkteam.oversight.models import BreakGlassGrant, BreakGlassReview
from wijkteam.oversight.tests.factories import (
    AccessLogEntryFactory,
    BreakGlassGrantFactory,
    BreakGlassReviewFactory,
)
from wijkteam.oversight.workflow import NOTE_REQUIRED, TRANSITIONS, ReviewStatus

pytestmark = pytest.mark.django_db

NOTE = "Besproken met de medewerker; reden klopt met de melding van de politie."
# The shortest review path from UNREVIEWED to each status.
PATHS = {
    ReviewStatus.UNREVIEWED: [],
    ReviewStatus.NEEDS_FOLLOW_UP: [ReviewStatus.NEEDS_FOLLOW_UP],
    ReviewStatus.JUSTIFIED: [ReviewStatus.JUSTIFIED],
    ReviewStatus.NOT_JUSTIFIED: [ReviewStatus.NOT_JUSTIFIED],
}


def grant_in(status, world) -> BreakGlassGrant:
    grant = BreakGlassGrantFactory.for_resident(world.resident_b, user=world.worker)
    for outcome in PATHS[status]:
        services.review_grant(actor=world.quality, grant=grant, outcome=outcome, note=NOTE)
    assert services.current_review_status(grant) == status
    return grant


@pytest.mark.parametrize(
    ("source", "target"), list(itertools.product(ReviewStatus.values, ReviewStatus.values))
)
def test_every_review_move_is_allowed_exactly_when_the_table_says_so(world, source, target):
    grant = grant_in(source, world)
    before = BreakGlassReview.objects.count()
    if target in TRANSITIONS[source]:
        review = services.review_grant(actor=world.quality, grant=grant, outcome=target, note=NOTE)
        assert review.status_before == source
        assert review.outcome == target
        assert review.reviewer == world.quality
        assert services.current_review_status(grant) == target
        annotated = BreakGlassGrant.objects.with_review_status().get(pk=grant.pk)
        assert annotated.review_status == target
    else:
        with pytest.raises(ValidationError) as exc:
            services.review_grant(actor=world.quality, grant=grant, outcome=target, note=NOTE)
        assert "kan niet als" in str(exc.value) or "geldige keuze" in str(exc.value)
        assert BreakGlassReview.objects.count() == before
        assert services.current_review_status(grant) == source


@pytest.mark.parametrize("target", [t for t, needed in NOTE_REQUIRED.items() if needed])
def test_a_verdict_against_the_worker_or_a_follow_up_needs_a_note(world, target):
    grant = grant_in(ReviewStatus.UNREVIEWED, world)
    with pytest.raises(ValidationError) as exc:
        services.review_grant(actor=world.quality, grant=grant, outcome=target, note="   ")
    assert "Licht de uitkomst" in exc.value.message_dict["note"][0]
    assert not BreakGlassReview.objects.exists()


def test_justified_needs_no_note(world):
    grant = grant_in(ReviewStatus.UNREVIEWED, world)
    services.review_grant(actor=world.quality, grant=grant, outcome=ReviewStatus.JUSTIFIED)
    assert BreakGlassReview.objects.get().note == ""


def test_nobody_reviews_their_own_grant(world):
    reviewer = UserFactory(role="kwaliteitsmedewerker")
    reviewer.user_permissions.add(
        *__import__(
            "django.contrib.auth.models", fromlist=["Permission"]
        ).Permission.objects.filter(codename="break_glass")
    )
    grant = BreakGlassGrantFactory(user=reviewer)
    with pytest.raises(ValidationError) as exc:
        services.review_grant(actor=reviewer, grant=grant, outcome=ReviewStatus.JUSTIFIED)
    assert "eigen noodtoegang" in str(exc.value)
    assert not BreakGlassReview.objects.exists()


@pytest.mark.parametrize("role", ["functioneel_beheerder", "sociaal_werker", "teammanager"])
def test_only_reviewers_may_review(world, role):
    grant = grant_in(ReviewStatus.UNREVIEWED, world)
    with pytest.raises(PermissionDenied):
        services.review_grant(actor=world.users[role], grant=grant, outcome="justified")


def test_reviews_are_append_only(world):
    review = BreakGlassReviewFactory(reviewer=world.quality, note="eerste oordeel")
    review.note = "achteraf aangepast"
    with pytest.raises(AppendOnlyError):
        review.save()
    with pytest.raises(AppendOnlyError):
        review.delete()
    with pytest.raises(AppendOnlyError):
        BreakGlassReview.objects.update(note="weg")
    with pytest.raises(AppendOnlyError):
        BreakGlassReview.objects.all().delete()
    for sql in (
        "UPDATE oversight_breakglassreview SET note = 'weg'",
        "DELETE FROM oversight_breakglassreview",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert BreakGlassReview.objects.get().note == "eerste oordeel"


# --- Pages -----------------------------------------------------------------------------------


def test_reviewer_records_a_review_on_the_page(client, world):
    grant = grant_in(ReviewStatus.UNREVIEWED, world)
    client.force_login(world.quality)
    detail = client.get(reverse("oversight:grant-detail", args=[grant.pk]))
    assert detail.status_code == 200
    assert "Beoordeling vastleggen" in detail.content.decode()
    url = reverse("oversight:grant-review", args=[grant.pk])
    response = client.post(url, {"outcome": "not_justified", "note": ""})
    assert response.status_code == 200
    assert "Licht de uitkomst" in response.content.decode()
    assert not BreakGlassReview.objects.exists()
    response = client.post(url, {"outcome": "not_justified", "note": NOTE})
    assert response.status_code == 302
    review = BreakGlassReview.objects.get()
    assert (review.outcome, review.note, review.reviewer) == ("not_justified", NOTE, world.quality)
    page = client.get(response["Location"]).content.decode()
    assert "Niet terecht" in page and NOTE in page


def test_functioneel_beheer_reads_but_cannot_review(client, world):
    grant = grant_in(ReviewStatus.UNREVIEWED, world)
    client.force_login(world.admin)
    detail = client.get(reverse("oversight:grant-detail", args=[grant.pk]))
    assert detail.status_code == 200
    assert "review_form" not in detail.context
    url = reverse("oversight:grant-review", args=[grant.pk])
    assert client.post(url, {"outcome": "justified"}).status_code == 403
    assert not BreakGlassReview.objects.exists()


def test_the_detail_page_lists_what_was_viewed_under_the_grant(client, world):
    grant = BreakGlassGrantFactory.for_resident(world.resident_b, user=world.worker)
    inside = AccessLogEntryFactory(
        user=world.worker, resident_id=world.resident_b.pk, at=grant.granted_at, context="binnen"
    )
    AccessLogEntryFactory(
        user=world.worker,
        resident_id=world.resident_b.pk,
        at=grant.granted_at - __import__("datetime").timedelta(minutes=1),
        context="ervoor",
    )
    client.force_login(world.quality)
    response = client.get(reverse("oversight:grant-detail", args=[grant.pk]))
    assert response.context["entries"] == [inside]
    page = response.content.decode()
    assert "binnen" in page and "ervoor" not in page
    assert world.resident_b.last_name not in page  # the reviewer sees the number, not the name


def test_the_list_shows_the_to_do_by_default_with_counts(client, world):
    todo = grant_in(ReviewStatus.UNREVIEWED, world)
    follow = grant_in(ReviewStatus.NEEDS_FOLLOW_UP, world)
    done = grant_in(ReviewStatus.JUSTIFIED, world)
    client.force_login(world.quality)
    response = client.get(reverse("oversight:grant-list"))
    assert set(response.context["object_list"]) == {todo, follow}
    assert response.context["todo"] == {"unreviewed": 1, "follow_up": 1}
    everything = client.get(reverse("oversight:grant-list"), {"status": "all"})
    assert set(everything.context["object_list"]) == {todo, follow, done}
    only_done = client.get(reverse("oversight:grant-list"), {"status": "justified"})
    assert list(only_done.context["object_list"]) == [done]
    by_person = client.get(reverse("oversight:grant-list"), {"status": "all", "person": "nobody"})
    assert list(by_person.context["object_list"]) == []


def test_a_reversed_period_is_refused_in_dutch(client, world):
    client.force_login(world.quality)
    response = client.get(
        reverse("oversight:grant-list"), {"date_from": "2026-11-20", "date_to": "2026-11-01"}
    )
    assert "De einddatum mag niet vóór de begindatum liggen." in response.content.decode()
    assert list(response.context["object_list"]) == []


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def grow(world, n):
    for _ in range(n):
        grant = BreakGlassGrantFactory.for_resident(world.resident_b)
        BreakGlassReviewFactory(grant=grant, reviewer=world.quality, outcome="needs_follow_up")
        AccessLogEntryFactory(user=grant.user, resident_id=grant.resident_id, at=grant.granted_at)


@pytest.mark.parametrize("params", [{}, {"status": "all"}])
def test_the_list_runs_a_fixed_number_of_queries(client, world, params):
    client.force_login(world.quality)
    url = reverse("oversight:grant-list")
    grow(world, 2)
    small = count_queries(client, url, params)
    grow(world, 12)
    assert count_queries(client, url, params) == small


def test_the_detail_page_runs_a_fixed_number_of_queries(client, world):
    grant = BreakGlassGrantFactory.for_resident(world.resident_b, user=world.worker)
    client.force_login(world.quality)
    url = reverse("oversight:grant-detail", args=[grant.pk])
    small = count_queries(client, url)
    for _ in range(6):
        AccessLogEntryFactory(user=world.worker, resident_id=grant.resident_id, at=grant.granted_at)
        BreakGlassReviewFactory(grant=grant, reviewer=world.quality, outcome="needs_follow_up")
    assert count_queries(client, url) == small
