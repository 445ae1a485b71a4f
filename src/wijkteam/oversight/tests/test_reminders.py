"""Reviewers are reminded of unreviewed grants: due at once, overdue after the stored date."""

import datetime

import pytest

from wijkteam.accounts.tests.factories import UserFactory
from wijkteam.notifications.choices import ReminderLevel
from wijkteam.notifications.models import Notification
from wijkteam.notifications.services import send_due_reminders
from wijkteam.oversight.reminders import due_reminders
from wijkteam.oversight.tests.factories import BreakGlassGrantFactory, BreakGlassReviewFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
GRANTED = datetime.datetime(2026, 11, 26, 9, 0, tzinfo=UTC)  # Thursday
DUE = datetime.date(2026, 11, 30)  # two working days later: Monday


def grant_for(world):
    return BreakGlassGrantFactory.for_resident(
        world.resident_b, user=world.worker, granted_at=GRANTED, review_due_on=DUE
    )


def reminders_at(moment):
    return [(r.recipient, r.key, r.level) for r in due_reminders(moment)]


def test_reviewers_are_reminded_from_the_grant_and_again_when_overdue(world):
    grant = grant_for(world)
    due_key = f"breakglass:{grant.pk}:review:20261130:{ReminderLevel.DUE}"
    late_key = f"breakglass:{grant.pk}:review:20261130:{ReminderLevel.OVERDUE}"
    assert reminders_at(GRANTED - datetime.timedelta(minutes=1)) == []
    assert reminders_at(GRANTED) == [(world.quality, due_key, ReminderLevel.DUE)]
    assert reminders_at(datetime.datetime(2026, 11, 30, 20, tzinfo=UTC)) == [
        (world.quality, due_key, ReminderLevel.DUE)
    ]
    assert reminders_at(datetime.datetime(2026, 12, 1, 8, tzinfo=UTC)) == [
        (world.quality, late_key, ReminderLevel.OVERDUE)
    ]


def test_a_reviewed_grant_reminds_nobody(world):
    grant = grant_for(world)
    BreakGlassReviewFactory(grant=grant, reviewer=world.quality, outcome="needs_follow_up")
    assert reminders_at(datetime.datetime(2026, 12, 1, 8, tzinfo=UTC)) == []


def test_every_active_reviewer_is_reminded_and_only_reviewers(world):
    other = UserFactory(role="kwaliteitsmedewerker")
    UserFactory(role="kwaliteitsmedewerker", is_active=False)
    grant_for(world)
    recipients = {r[0] for r in reminders_at(GRANTED)}
    assert recipients == {world.quality, other}


def test_sending_twice_notifies_each_reviewer_once(world):
    grant_for(world)
    moment = datetime.datetime(2026, 12, 1, 8, tzinfo=UTC)
    send_due_reminders(moment)
    send_due_reminders(moment)
    mine = Notification.objects.filter(key__startswith="breakglass:")
    assert mine.count() == 1
    assert mine.get().recipient == world.quality
    assert mine.get().level == ReminderLevel.OVERDUE
    assert "Noodtoegang" in mine.get().subject
