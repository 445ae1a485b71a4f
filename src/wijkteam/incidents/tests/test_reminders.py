"""Notifications at once after a report, and reminders when due and overdue (idempotent)."""

import datetime
from zoneinfo import ZoneInfo

from django.core import mail

import pytest

from wijkteam.accounts.models import TeamMembership
from wijkteam.accounts.tests.factories import UserFactory
from wijkteam.incidents import services
from wijkteam.incidents.choices import AftercareOutcome
from wijkteam.incidents.models import CareNeed, FollowUpAction
from wijkteam.incidents.reminders import due_reminders
from wijkteam.incidents.tests.helpers import CALAMITY_STEP_DATA, D, report
from wijkteam.incidents.workflow import CalamityState, IncidentState
from wijkteam.notifications.models import Notification
from wijkteam.notifications.services import send_due_reminders

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = D(2026, 11, 23)


def at(day: datetime.date, hour: int = 7) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), AMS)


def keys(now, user=None, prefix=""):
    return sorted(
        r.key
        for r in due_reminders(now)
        if (user is None or r.recipient == user) and r.key.startswith(prefix)
    )


@pytest.fixture
def reported(world, clock):
    clock.today = MONDAY
    return report(world, occurred_on=MONDAY)


# --- At once ---------------------------------------------------------------------------------


def test_the_teammanager_is_notified_right_after_the_report(
    world, clock, django_capture_on_commit_callbacks
):
    clock.today = MONDAY
    with django_capture_on_commit_callbacks(execute=True):
        incident = report(world, occurred_on=MONDAY)
    note = Notification.objects.get(recipient=world.manager)
    assert note.key == f"incident:{incident.pk}:reported"
    assert "categorie 2" in note.subject.lower()
    assert note.url == f"/incidenten/{incident.pk}/"
    assert not Notification.objects.exclude(recipient=world.manager).exists()


def test_a_marked_team_manager_is_preferred_over_other_holders(
    world, clock, django_capture_on_commit_callbacks
):
    clock.today = MONDAY
    boss = UserFactory(role="teammanager")
    TeamMembership.objects.create(
        user=boss, team=world.team_a, start_date=D(2021, 1, 1), is_manager=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        report(world, occurred_on=MONDAY)
    assert list(Notification.objects.values_list("recipient", flat=True)) == [boss.pk]


def test_a_possible_calamity_notifies_the_quality_officers(
    world, clock, django_capture_on_commit_callbacks
):
    clock.today = MONDAY
    with django_capture_on_commit_callbacks(execute=True):
        incident = report(world, occurred_on=MONDAY, category=6)
    assert Notification.objects.filter(
        recipient=world.quality, key=f"incident:{incident.pk}:calamity:flagged"
    ).exists()


def test_no_notification_for_a_refused_report(world, clock, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        report(world, team=world.team_b)
    assert not Notification.objects.exists()


# --- Aftercare -------------------------------------------------------------------------------


def test_aftercare_reminders_at_several_moments(world, reported):
    due = "20261125"
    prefix = f"incident:{reported.pk}:aftercare"
    assert keys(at(MONDAY), prefix=prefix) == []
    assert keys(at(D(2026, 11, 24)), world.manager, prefix) == [f"{prefix}:{due}:due"]
    assert keys(at(D(2026, 11, 25)), world.manager, prefix) == [f"{prefix}:{due}:due"]
    assert keys(at(D(2026, 11, 26)), world.manager, prefix) == [f"{prefix}:{due}:overdue:1"]
    assert keys(at(D(2026, 12, 2)), world.manager, prefix) == [f"{prefix}:{due}:overdue:1"]
    assert keys(at(D(2026, 12, 3)), world.manager, prefix) == [f"{prefix}:{due}:overdue:2"]
    # Nobody else hears about it.
    assert keys(at(D(2026, 11, 26)), world.worker, prefix) == []


def test_the_aftercare_reminder_stops_once_confirmed(world, reported, clock):
    clock.today = D(2026, 11, 26)
    services.transition_incident(
        reported, IncidentState.AFTERCARE_DONE, actor=world.manager, outcome=AftercareOutcome.HELD
    )
    assert keys(at(D(2026, 11, 27)), prefix=f"incident:{reported.pk}:aftercare") == []


def test_a_planned_conversation_still_reminds_until_confirmed(world, reported):
    services.transition_incident(
        reported, IncidentState.AFTERCARE_PLANNED, actor=world.manager, planned_on=D(2026, 11, 30)
    )
    assert keys(at(D(2026, 11, 26)), world.manager, f"incident:{reported.pk}:aftercare") == [
        f"incident:{reported.pk}:aftercare:20261125:overdue:1"
    ]


def test_easter_and_kings_day_push_the_due_reminder(world, clock):
    clock.today = D(2026, 4, 24)  # Friday; Monday 27 April is King's Day
    incident = report(world, occurred_on=D(2026, 4, 24))
    prefix = f"incident:{incident.pk}:aftercare:20260429"
    assert keys(at(D(2026, 4, 27)), world.manager, prefix) == []  # 2 working days to go
    assert keys(at(D(2026, 4, 28)), world.manager, prefix) == [f"{prefix}:due"]
    assert keys(at(D(2026, 4, 30)), world.manager, prefix) == [f"{prefix}:overdue:1"]


# --- Follow-up actions, calamities, care needs ----------------------------------------------


def test_follow_up_reminders_go_to_the_owner_and_when_overdue_to_the_manager(world, reported):
    action = FollowUpAction(
        incident=reported,
        description="Pandverbod versturen",
        owner=world.worker,
        due_on=D(2026, 11, 27),
    )
    services.add_follow_up(actor=world.manager, action=action)
    prefix = f"incident-follow-up:{action.pk}:20261127"
    assert keys(at(D(2026, 11, 25)), prefix=prefix) == []
    assert keys(at(D(2026, 11, 26)), world.worker, prefix) == [f"{prefix}:due"]
    assert keys(at(D(2026, 11, 26)), world.manager, prefix) == []
    assert keys(at(D(2026, 11, 30)), world.worker, prefix) == [f"{prefix}:overdue:1"]
    assert keys(at(D(2026, 11, 30)), world.manager, prefix) == [f"{prefix}:overdue:1"]
    services.complete_follow_up(
        actor=world.manager, action=action, done_on=MONDAY, expected_version=action.version
    )
    assert keys(at(D(2026, 11, 30)), prefix=prefix) == []


def test_calamity_reminders_for_the_decision_and_the_report(world, clock):
    clock.today = MONDAY
    incident = report(world, occurred_on=MONDAY, category=5)
    assess = f"incident:{incident.pk}:calamity-assessment:20261123"
    assert keys(at(MONDAY), world.quality, assess) == [f"{assess}:1"]
    assert keys(at(D(2026, 11, 30)), world.quality, assess) == [f"{assess}:2"]
    assert keys(at(MONDAY), world.manager, assess) == []
    services.transition_calamity(
        incident.calamity, CalamityState.CALAMITY, actor=world.quality, **CALAMITY_STEP_DATA
    )
    assert keys(at(D(2026, 11, 24)), prefix=assess) == []
    report_key = f"incident:{incident.pk}:calamity-report:20261126"
    assert keys(at(D(2026, 11, 24)), world.quality, report_key) == []
    assert keys(at(D(2026, 11, 25)), world.quality, report_key) == [f"{report_key}:due"]
    assert keys(at(D(2026, 11, 27)), world.quality, report_key) == [f"{report_key}:overdue:1"]
    clock.today = D(2026, 11, 25)
    services.transition_calamity(
        incident.calamity, CalamityState.REPORTED, actor=world.quality, **CALAMITY_STEP_DATA
    )
    assert keys(at(D(2026, 11, 27)), prefix=f"incident:{incident.pk}:calamity") == []


def test_care_need_follow_up_reminds_whoever_recorded_it(world, reported):
    need = CareNeed(
        incident=reported,
        person_description="Agressor",
        follow_up_on=D(2026, 11, 27),
        status="open",
    )
    services.record_care_need(actor=world.manager, care_need=need)
    prefix = f"incident-care-need:{need.pk}:20261127"
    assert keys(at(D(2026, 11, 26)), prefix=prefix) == []
    assert keys(at(D(2026, 11, 27)), world.manager, prefix) == [f"{prefix}:due"]
    assert keys(at(D(2026, 11, 28)), world.manager, prefix) == [f"{prefix}:overdue:1"]


# --- The scheduled task ----------------------------------------------------------------------


def test_the_scheduled_task_sends_each_reminder_once(world, reported, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world.manager.email = "tm@example.org"
    world.manager.save()
    now = at(D(2026, 11, 26))
    first = send_due_reminders(now)
    assert first.created >= 1 and not first.failed_providers
    mails = len(mail.outbox)
    assert mails >= 1
    second = send_due_reminders(now)
    assert second.created == 0
    assert second.already_sent == first.created
    assert len(mail.outbox) == mails
    assert (
        Notification.objects.filter(
            recipient=world.manager, key=f"incident:{reported.pk}:aftercare:20261125:overdue:1"
        ).count()
        == 1
    )
