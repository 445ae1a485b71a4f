"""Reminders: actions due soon to the owner; overdue actions to owner and responsible."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from wijkteam.improvements.reminders import due_reminders
from wijkteam.improvements.tests.helpers import add_action, make_plan
from wijkteam.improvements.workflow import ActionStatus
from wijkteam.notifications.models import Notification
from wijkteam.notifications.services import send_due_reminders

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(7, 0), AMS)


def seen(now):
    return sorted(
        (r.recipient.username, r.key.split(":")[0], r.key.rsplit(":", 1)[1])
        for r in due_reminders(now)
    )


@pytest.fixture
def action(world):
    plan = make_plan(world, due_on=datetime.date(2027, 3, 1))
    # Friday 11 December 2026: five working days before it is Friday 4 December.
    return add_action(world, plan, due_on=datetime.date(2026, 12, 11))


def test_nothing_before_five_working_days(world, action):
    assert seen(at(datetime.date(2026, 12, 3))) == []


def test_due_soon_reminds_the_owner(world, action):
    assert seen(at(datetime.date(2026, 12, 4))) == [("sociaalwerker", "improvement-action", "due")]
    assert seen(at(datetime.date(2026, 12, 11))) == [("sociaalwerker", "improvement-action", "due")]


def test_overdue_reminds_owner_and_responsible(world, action):
    assert seen(at(datetime.date(2026, 12, 12))) == [
        ("sociaalwerker", "improvement-action", "overdue"),
        ("teammanager", "improvement-action", "overdue"),
    ]


def test_done_action_no_longer_reminds(world, action):
    from wijkteam.improvements import services

    services.set_action_status(action, ActionStatus.DONE, actor=world.worker)
    assert seen(at(datetime.date(2026, 12, 20))) == []


def test_overdue_plan_reminds_the_responsible(world):
    make_plan(world, due_on=datetime.date(2026, 12, 1))
    assert seen(at(datetime.date(2026, 12, 2))) == [("teammanager", "improvement-plan", "overdue")]


def test_postponing_reminds_again_under_a_new_key(world, action):
    first = {r.key for r in due_reminders(at(datetime.date(2026, 12, 14)))}
    action.due_on = datetime.date(2026, 12, 18)
    from wijkteam.improvements import services

    services.update_action(actor=world.manager, action=action, expected_version=action.version)
    second = {r.key for r in due_reminders(at(datetime.date(2026, 12, 21)))}
    assert first.isdisjoint(second)


def test_scheduled_service_sends_each_once(world, action):
    send_due_reminders(at(datetime.date(2026, 12, 14)))
    send_due_reminders(at(datetime.date(2026, 12, 14)) + datetime.timedelta(hours=1))
    rows = Notification.objects.filter(key__startswith="improvement-action:")
    assert rows.count() == 2  # owner and responsible, once each
