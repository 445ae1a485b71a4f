"""Reminders for complaint terms: the right people at the right moments, once each."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from wijkteam.complaints import services
from wijkteam.complaints.reminders import due_reminders
from wijkteam.complaints.tests.factories import ComplaintFactory
from wijkteam.complaints.tests.helpers import D, complaint_in, register
from wijkteam.complaints.workflow import ComplaintState
from wijkteam.notifications.models import Notification
from wijkteam.notifications.services import ReminderLevel, send_due_reminders

pytestmark = pytest.mark.django_db
S = ComplaintState
AMS = ZoneInfo("Europe/Amsterdam")


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=AMS)


def summary(now) -> set[tuple[str, str, str]]:
    """(recipient username, term, level) of every reminder at ``now``."""
    return {(r.recipient.username, r.key.split(":")[2], r.level) for r in due_reminders(now)}


def test_nothing_is_due_long_before_a_term(world):
    register(world)  # acknowledge by Monday 9 November
    assert summary(at(D(2026, 11, 6))) == set()


def test_an_acknowledgement_due_soon_goes_to_the_teammanager_when_there_is_no_handler(world):
    register(world)
    assert summary(at(D(2026, 11, 7))) == {("teammanager", "acknowledge", ReminderLevel.DUE)}


def test_an_overdue_acknowledgement_goes_to_teammanager_and_quality_staff(world):
    register(world)
    assert summary(at(D(2026, 11, 10))) == {
        ("teammanager", "acknowledge", ReminderLevel.OVERDUE),
        ("kwaliteit", "acknowledge", ReminderLevel.OVERDUE),
    }


def test_a_complaint_without_a_team_is_announced_to_quality_staff(world):
    ComplaintFactory(team=None)  # public form, received 2 November
    assert summary(at(D(2026, 11, 7))) == {("kwaliteit", "acknowledge", ReminderLevel.DUE)}


def test_after_acknowledgement_only_the_decision_term_reminds(world):
    complaint = complaint_in(S.IN_HANDLING, world)  # handler: quality staff; decide by 14 Dec
    services.change_handling(
        actor=world.quality,
        complaint=complaint,
        handler=world.manager,
        route="formal",
        reason="Teammanager neemt het over.",
    )
    assert summary(at(D(2026, 11, 10))) == set()
    assert summary(at(D(2026, 12, 8))) == {("teammanager", "decide", ReminderLevel.DUE)}
    assert summary(at(D(2026, 12, 15))) == {
        ("teammanager", "decide", ReminderLevel.OVERDUE),
        ("kwaliteit", "decide", ReminderLevel.OVERDUE),
    }


def test_decided_and_closed_complaints_remind_nobody(world):
    complaint_in(S.DECIDED, world)
    complaint_in(S.CLOSED, world)
    assert summary(at(D(2027, 3, 1))) == set()


def test_an_extension_reminds_again_with_a_new_key(world):
    complaint = complaint_in(S.IN_HANDLING, world)
    before = {r.key for r in due_reminders(at(D(2026, 12, 8)))}
    assert before == {f"complaint:{complaint.pk}:decide:20261214:due"}
    services.extend_decision_term(actor=world.quality, complaint=complaint, reason="Advies.")
    assert list(due_reminders(at(D(2026, 12, 8)))) == []
    after = {r.key for r in due_reminders(at(D(2027, 1, 12)))}
    assert f"complaint:{complaint.pk}:decide:20270111:overdue" in after


def test_reminders_name_the_reference_never_the_complainant(world):
    complaint = register(world, complainant_name="Geheime Klager")
    (reminder,) = list(due_reminders(at(D(2026, 11, 7))))
    text = f"{reminder.subject} {reminder.body}"
    assert complaint.reference in text
    assert "Geheime Klager" not in text
    assert reminder.url == f"/klachten/{complaint.pk}/"


def test_the_scheduled_run_sends_each_reminder_once(world, settings):
    settings.TASKS_SYNC = True
    register(world)
    ComplaintFactory(team=None)
    first = send_due_reminders(at(D(2026, 11, 10)))
    ours = Notification.objects.filter(key__startswith="complaint:")
    assert first.created >= 3 and ours.count() == 3
    second = send_due_reminders(at(D(2026, 11, 10), 15))
    assert ours.count() == 3
    assert second.failed_providers == []


def test_due_reminders_run_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for _n in range(10):
        register(world)
    with django_assert_max_num_queries(4):
        assert len(list(due_reminders(at(D(2026, 11, 10))))) == 20
