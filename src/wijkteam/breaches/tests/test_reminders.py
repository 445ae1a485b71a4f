"""Reminders to privacy staff: on report, 24 hours before and at/after the AP deadline."""

import datetime

from django.core import mail

import pytest

from wijkteam.breaches.reminders import due_reminders, handlers
from wijkteam.breaches.tests.helpers import AMSTERDAM, breach_in, report
from wijkteam.breaches.workflow import BreachState
from wijkteam.notifications.models import Notification
from wijkteam.notifications.services import send_due_reminders

pytestmark = pytest.mark.django_db

FRIDAY = datetime.datetime(2026, 3, 27, 17, 0, tzinfo=AMSTERDAM)  # deadline Monday 17:00 CEST


def at(days=0, hours=0, minutes=0):
    """Elapsed time after the discovery (computed in UTC, so the DST change counts)."""
    return FRIDAY.astimezone(datetime.UTC) + datetime.timedelta(
        days=days, hours=hours, minutes=minutes
    )


def keys(now):
    return sorted(
        (r.recipient.username, r.key.rsplit(":", 1)[1], r.level) for r in due_reminders(now)
    )


def test_only_privacy_staff_handle_breaches(world):
    assert handlers() == [world.quality]


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(hours=1), []),
        # 72 elapsed hours across the weekend and the DST change (29 March): the deadline is
        # Monday 30 March 18:00 summer time; the "due" reminder starts 24 hours before.
        (at(hours=47, minutes=59), []),
        (at(hours=48), [("kwaliteit", "due", "due")]),
        (at(hours=71, minutes=59), [("kwaliteit", "due", "due")]),
        (at(hours=72), [("kwaliteit", "overdue", "overdue")]),
        (at(days=10), [("kwaliteit", "overdue", "overdue")]),
    ],
)
def test_due_reminders_at_several_moments(world, moment, expected):
    report(world, discovered_at=FRIDAY)
    assert keys(moment) == expected


def test_deadline_across_dst_is_72_real_hours_for_reminders(world):
    breach = report(world, discovered_at=FRIDAY)
    local = breach.ap_deadline.astimezone(AMSTERDAM)
    assert (local.day, local.hour) == (30, 18)  # 17:00 CET + 72 h = 18:00 CEST
    assert keys(local - datetime.timedelta(seconds=1)) == [("kwaliteit", "due", "due")]
    assert keys(local) == [("kwaliteit", "overdue", "overdue")]


def test_a_decision_stops_the_reminders(world):
    breach_in(BreachState.NOT_NOTIFIED, world)
    assert keys(at(days=30)) == []


def test_assessed_but_undecided_still_reminds(world):
    breach_in(BreachState.ASSESSED, world)
    assert [k[1] for k in keys(at(days=30))] == ["overdue"]


def test_new_breach_notifies_privacy_staff_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        breach = report(world)
    notes = Notification.objects.filter(key=f"breach:{breach.pk}:reported")
    assert [n.recipient for n in notes] == [world.quality]


def test_scheduled_service_sends_each_reminder_once(world, settings):
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": True}
    world.quality.email = "kwaliteit@example.org"
    world.quality.save()
    report(world, discovered_at=FRIDAY)
    first = send_due_reminders(at(hours=50))
    second = send_due_reminders(at(hours=51))
    breach_notes = Notification.objects.filter(key__startswith="breach:")
    assert breach_notes.count() == 1
    assert first.created >= 1 and second.created == 0
    assert sum("Meldtermijn AP" in m.subject for m in mail.outbox) == 1
    send_due_reminders(at(days=5))
    assert breach_notes.filter(level="overdue").count() == 1
