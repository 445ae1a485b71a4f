"""Reminders reach each recipient once, by app and e-mail, whatever the task does."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from wijkteam.accounts.tests.factories import UserFactory
from wijkteam.notifications import services
from wijkteam.notifications.choices import ReminderLevel
from wijkteam.notifications.models import Notification
from wijkteam.notifications.services import Reminder, notify, send_due_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def sync_tasks(monkeypatch):
    """Run django-q2 tasks in the calling process, as the qcluster would run them."""
    monkeypatch.setattr("django_q.conf.Conf.SYNC", True)


def reminder(user, key="complaint:1:acknowledge:20261203:due", **extra):
    return Reminder(recipient=user, key=key, subject="Klacht K-2026-0001", **extra)


def test_notify_creates_one_notification_per_recipient_and_key():
    user = UserFactory(email="a@example.org")
    assert notify(reminder(user)) is not None
    assert notify(reminder(user)) is None
    assert Notification.objects.filter(recipient=user).count() == 1


def test_the_same_key_reaches_every_recipient_and_a_new_due_date_reminds_again():
    first, second = UserFactory(), UserFactory()
    notify(reminder(first))
    notify(reminder(second))
    notify(reminder(first, key="complaint:1:acknowledge:20261210:due"))
    assert Notification.objects.filter(recipient=first).count() == 2
    assert Notification.objects.filter(recipient=second).count() == 1


def test_email_goes_out_after_commit_exactly_once(sync_tasks, django_capture_on_commit_callbacks):
    user = UserFactory(email="manager@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(reminder(user, url="/klachten/1/"))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["manager@example.org"]
    assert "/klachten/1/" in mail.outbox[0].body
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert services.email_notification(notification.pk) is False
    assert len(mail.outbox) == 1


def test_no_email_when_the_write_rolls_back(sync_tasks, django_capture_on_commit_callbacks):
    from django.db import transaction

    user = UserFactory(email="x@example.org")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                notify(reminder(user))
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_notify_refuses_a_key_that_cannot_identify_the_reminder():
    user = UserFactory()
    with pytest.raises(ValueError):
        notify(reminder(user, key=""))
    with pytest.raises(ValueError):
        notify(reminder(user, key="x" * 201))
    with pytest.raises(ValueError):
        notify(reminder(user, level="urgent"))


class FakeProvider:
    """A reminders module: the task asks it what is due at a moment."""

    def __init__(self, user, due=datetime.datetime(2026, 12, 3, 17, 0, tzinfo=datetime.UTC)):
        self.user = user
        self.due = due
        self.calls = []

    def due_reminders(self, now):
        self.calls.append(now)
        due = self.due
        if now >= due - datetime.timedelta(days=1):
            yield Reminder(self.user, "item:1:20261203:due", "Bijna verlopen")
        if now >= due:
            yield Reminder(
                self.user, "item:1:20261203:overdue", "Verlopen", level=ReminderLevel.OVERDUE
            )


@pytest.fixture
def provider(monkeypatch):
    user = UserFactory(email="owner@example.org")
    fake = FakeProvider(user)
    monkeypatch.setattr(
        services, "provider_functions", lambda: iter([("fake", fake.due_reminders)])
    )
    return fake


def test_scheduled_run_sends_each_due_reminder_once_however_often_it_runs(provider):
    before = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
    day_before = datetime.datetime(2026, 12, 2, 18, 0, tzinfo=datetime.UTC)
    after = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC)

    assert send_due_reminders(before).created == 0
    first = send_due_reminders(day_before)
    assert (first.created, first.emailed) == (1, 1)
    again = send_due_reminders(day_before)
    assert (again.created, again.already_sent, again.emailed) == (0, 1, 0)
    late = send_due_reminders(after)
    assert (late.created, late.already_sent, late.emailed) == (1, 1, 1)
    assert [m.subject for m in mail.outbox] == ["[wijkteam] Bijna verlopen", "[wijkteam] Verlopen"]
    assert send_due_reminders(after).created == 0
    assert len(mail.outbox) == 2


def test_an_email_lost_in_a_restart_is_sent_by_the_next_run(provider):
    notification = notify(reminder(provider.user), email=True)  # on_commit never runs here
    assert notification.emailed_at is None
    run = send_due_reminders(timezone.now())
    assert run.emailed == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_failing_provider_is_reported_and_does_not_stop_the_others(monkeypatch):
    user = UserFactory()

    def broken(now):
        raise RuntimeError("provider bug")
        yield  # pragma: no cover

    def working(now):
        yield Reminder(user, "ok:1", "Werkt")

    monkeypatch.setattr(
        services, "provider_functions", lambda: iter([("broken", broken), ("ok", working)])
    )
    run = send_due_reminders(timezone.now())
    assert run.failed_providers == ["broken"]
    assert run.created == 1


def test_scheduled_task_runs_through_the_task_library(provider, sync_tasks):
    from django_q.tasks import async_task, result

    task_id = async_task("wijkteam.notifications.tasks.send_due_reminders_task")
    outcome = result(task_id)
    assert outcome["failed_providers"] == []


def test_the_reminder_schedule_exists_after_migrate_and_survives_a_rerun():
    from django_q.models import Schedule

    from wijkteam.core.schedules import ensure_schedules

    schedule = Schedule.objects.get(name="send_due_reminders")
    assert schedule.func == "wijkteam.notifications.tasks.send_due_reminders_task"
    assert schedule.repeats == -1
    next_run = schedule.next_run
    ensure_schedules()
    assert Schedule.objects.filter(name="send_due_reminders").count() == 1
    assert Schedule.objects.get(name="send_due_reminders").next_run == next_run


def test_send_reminders_command_dry_run_changes_nothing(provider):
    from io import StringIO

    from django.core.management import call_command

    provider.due = timezone.now() - datetime.timedelta(hours=1)
    out = StringIO()
    call_command("send_reminders", "--dry-run", stdout=out)
    assert "reminders due (dry run" in out.getvalue()
    assert not Notification.objects.exists()
    call_command("send_reminders", stdout=StringIO())
    assert Notification.objects.count() == 2


# ------------------------------------------------------------------------ pages


def test_user_sees_only_own_notifications(client):
    mine, theirs = UserFactory(), UserFactory()
    notify(reminder(mine, key="a"))
    notify(Reminder(theirs, "b", "Niet voor jou"))
    client.force_login(mine)
    response = client.get(reverse("notifications:notification-list"))
    assert response.status_code == 200
    assert "Klacht K-2026-0001" in response.content.decode()
    assert "Niet voor jou" not in response.content.decode()


def test_opening_a_notification_marks_it_read_and_follows_its_link(client):
    user = UserFactory()
    notification = notify(reminder(user, url="/klachten/1/"))
    client.force_login(user)
    response = client.post(
        reverse("notifications:notification-open"), {"notification": notification.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == "/klachten/1/"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize("value", ["own-of-other", "999999", "abc", "", "9" * 40])
def test_opening_someone_elses_or_an_unknown_notification_changes_nothing(client, value):
    owner, other = UserFactory(), UserFactory()
    notification = notify(reminder(owner))
    client.force_login(other)
    posted = str(notification.pk) if value == "own-of-other" else value
    response = client.post(reverse("notifications:notification-open"), {"notification": posted})
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:notification-list")
    notification.refresh_from_db()
    assert notification.read_at is None


def test_an_external_link_is_never_followed(client):
    user = UserFactory()
    notification = notify(reminder(user, url="https://evil.example/"))
    client.force_login(user)
    response = client.post(
        reverse("notifications:notification-open"), {"notification": notification.pk}
    )
    assert response["Location"] == reverse("notifications:notification-list")


def test_mark_all_read_touches_only_own_unread(client):
    user, other = UserFactory(), UserFactory()
    for i in range(3):
        notify(reminder(user, key=f"k{i}"))
    notify(reminder(other, key="k0"))
    client.force_login(user)
    client.post(reverse("notifications:notification-read-all"))
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 1


def test_badge_counts_unread_for_htmx_and_redirects_without_htmx(client):
    user = UserFactory()
    for i in range(2):
        notify(reminder(user, key=f"k{i}"))
    client.force_login(user)
    url = reverse("notifications:notification-badge")
    partial = client.get(url, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert '<span class="badge">2</span>' in partial.content.decode()
    plain = client.get(url)
    assert plain.status_code == 302
    assert plain["Location"] == reverse("notifications:notification-list")


@pytest.mark.parametrize("count", [3, 30])
def test_notification_list_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, count
):
    user = UserFactory()
    for i in range(count):
        notify(reminder(user, key=f"k{i}"))
    client.force_login(user)
    with django_assert_max_num_queries(12) as captured:
        response = client.get(reverse("notifications:notification-list"))
    assert response.status_code == 200
    counts.setdefault("list", set()).add(len(captured))
    assert len(counts["list"]) == 1, counts


counts: dict[str, set[int]] = {}
