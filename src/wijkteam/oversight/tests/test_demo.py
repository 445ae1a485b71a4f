"""The demo data gives the break-the-glass pages and every rule of the access review
something to show."""

import datetime
from io import StringIO

from django.core.management import call_command

import pytest

from wijkteam.demo.generator import DEMO_TODAY
from wijkteam.oversight.accessreview import Period, access_review
from wijkteam.oversight.models import BreakGlassGrant, BreakGlassReview
from wijkteam.oversight.workflow import ReviewStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo_data", "--seed", "7", "--scale", "0.02", stdout=StringIO())


def test_demo_has_grants_some_reviewed_and_every_kind_of_finding(demo):
    grants = BreakGlassGrant.objects.with_review_status()
    statuses = {g.review_status for g in grants}
    assert grants.count() == 6
    assert {ReviewStatus.UNREVIEWED, ReviewStatus.JUSTIFIED, ReviewStatus.NOT_JUSTIFIED} <= statuses
    assert ReviewStatus.NEEDS_FOLLOW_UP in statuses
    assert all(r.note for r in BreakGlassReview.objects.exclude(outcome="justified"))
    assert grants.filter(user__username="sociaalwerker").exists()

    week = Period(DEMO_TODAY - datetime.timedelta(days=6), DEMO_TODAY)
    review = access_review(week)
    assert review.counts["bursts"] >= 1
    assert review.counts["grants"] >= 1
    assert review.counts["out_of_team"] >= 1
    assert review.counts["off_hours"] >= 1
    three_weeks = access_review(Period(DEMO_TODAY - datetime.timedelta(days=20), DEMO_TODAY))
    assert len(three_weeks.grants) == 6
    assert all(grant.entries >= 2 for grant in three_weeks.grants)  # the search and a view
