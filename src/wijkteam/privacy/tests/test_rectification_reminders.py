"""Reminders for open rectification requests: due soon, overdue, to the team's deciders."""

import datetime

from django.utils import timezone

import pytest

from wijkteam.notifications.services import send_due_reminders
from wijkteam.privacy import rectification_reminders
from wijkteam.privacy.tests.factories import RectificationRequestFactory


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


@pytest.fixture
def open_request(world):
    # Asked on Thursday 1 October 2026: answer due Monday 2 November 2026.
    return RectificationRequestFactory(
        resident=world.resident_a,
        recorded_by=world.worker,
        requested_on=datetime.date(2026, 10, 1),
    )


def reminders(day):
    return list(rectification_reminders.due_reminders(at(day)))


def test_nothing_is_due_more_than_five_working_days_before(world, open_request):
    assert open_request.respond_by == datetime.date(2026, 11, 2)
    assert reminders(datetime.date(2026, 10, 23)) == []


def test_due_soon_reaches_the_teammanager_of_the_team_only(world, open_request):
    due = reminders(datetime.date(2026, 10, 27))
    assert [(r.recipient, r.level) for r in due] == [(world.manager, "due")]
    assert world.resident_a.last_name not in due[0].subject + due[0].body
    assert due[0].key == f"rectification:{open_request.pk}:respond:20261102:due"


def test_overdue_on_and_after_the_answer_date(world, open_request):
    for day in (datetime.date(2026, 11, 2), datetime.date(2026, 11, 20)):
        (reminder,) = reminders(day)
        assert reminder.level == "overdue"


def test_a_decided_request_reminds_nobody(world, open_request):
    from wijkteam.privacy.rectification import transition_rectification

    transition_rectification(open_request, "withdrawn", actor=world.worker)
    assert reminders(datetime.date(2026, 11, 20)) == []


def test_sending_twice_notifies_once(world, open_request):
    from wijkteam.notifications.models import Notification

    send_due_reminders(at(datetime.date(2026, 11, 3)))
    send_due_reminders(at(datetime.date(2026, 11, 3)))
    keys = list(Notification.objects.filter(recipient=world.manager).values_list("key", flat=True))
    assert keys.count(f"rectification:{open_request.pk}:respond:20261102:overdue") == 1
