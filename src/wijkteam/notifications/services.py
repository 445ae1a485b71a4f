"""Reminders and notifications: created once per (recipient, key), e-mailed after commit.

Apps announce what is due in ``<app>/reminders.py``::

    def due_reminders(now: datetime.datetime) -> Iterable[Reminder]: ...

returning every reminder that should exist at ``now``. The scheduled task
(``tasks.send_due_reminders_task``, every ``REMINDER_INTERVAL_MINUTES``) calls them all and
``notify()``s each one; ``notify()`` is idempotent, so the task may run as often as it likes,
be interrupted, or run twice after a restart: every reminder reaches its recipient once.
"""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auditlog.context import disable_auditlog

from wijkteam.notifications.choices import ReminderLevel
from wijkteam.notifications.models import Notification

logger = logging.getLogger(__name__)

# Apps whose reminders.py offers due_reminders(now); an app without the module is skipped.
PROVIDER_MODULES = (
    "wijkteam.incidents.reminders",
    "wijkteam.complaints.reminders",
    "wijkteam.breaches.reminders",
    "wijkteam.improvements.reminders",
    "wijkteam.privacy.reminders",
    "wijkteam.oversight.reminders",
)
EMAIL_TASK = "wijkteam.notifications.tasks.email_notification_task"


@dataclass(frozen=True)
class Reminder:
    """One thing a person should hear about; ``key`` identifies it for idempotency."""

    recipient: object
    key: str
    subject: str
    body: str = ""
    url: str = ""
    level: str = ReminderLevel.DUE


@dataclass
class ReminderRun:
    """What one run of ``send_due_reminders`` did."""

    created: int = 0
    already_sent: int = 0
    emailed: int = 0
    failed_providers: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "already_sent": self.already_sent,
            "emailed": self.emailed,
            "failed_providers": self.failed_providers,
        }


def _check(reminder: Reminder) -> None:
    if not reminder.key or len(reminder.key) > 200:
        raise ValueError(f"Reminder key must be 1-200 characters: {reminder.key!r}")
    if reminder.level not in ReminderLevel.values:
        raise ValueError(f"Unknown reminder level: {reminder.level!r}")


def notify(reminder: Reminder, *, email: bool = True) -> Notification | None:
    """Create the notification unless this recipient already has one with this key.

    Returns the new notification, or None when it existed. The e-mail is queued on the task
    library after the surrounding transaction commits (never for a rolled-back write).
    """
    _check(reminder)
    recipient = reminder.recipient
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                key=reminder.key,
                level=reminder.level,
                subject=str(reminder.subject)[:200],
                body=str(reminder.body),
                url=reminder.url[:500],
            )
    except IntegrityError:
        return None
    if email and recipient.email and recipient.is_active:
        transaction.on_commit(lambda: queue_email(notification.pk))
    return notification


def queue_email(notification_id: int) -> None:
    from django_q.tasks import async_task

    async_task(EMAIL_TASK, notification_id, task_name=f"email-notification-{notification_id}")


def email_notification(notification_id: int) -> bool:
    """Send the e-mail of one notification unless it went already; True when sent now."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.recipient.email:
            return False
        link = f"{settings.SITE_URL.rstrip('/')}{notification.url}" if notification.url else ""
        body = "\n\n".join(
            part
            for part in (
                notification.body,
                link,
                _("This message was sent by wijkteam. You can also find it under Notifications."),
            )
            if part
        )
        send_mail(
            subject=f"[wijkteam] {notification.subject}",
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.recipient.email],
        )
        notification.emailed_at = timezone.now()
        # A delivery timestamp, not a change of content: kept out of the audit trail.
        with disable_auditlog():
            notification.save(update_fields=["emailed_at"])
    return True


def provider_functions():
    for name in PROVIDER_MODULES:
        if find_spec(name) is not None:
            yield name, import_module(name).due_reminders


def collect_due_reminders(now: datetime.datetime) -> Iterable[tuple[str, Reminder]]:
    for name, due_reminders in provider_functions():
        for reminder in due_reminders(now):
            yield name, reminder


def send_due_reminders(now: datetime.datetime | None = None) -> ReminderRun:
    """Notify everything that is due at ``now``, then e-mail what has not gone out yet.

    A failing provider is logged and reported, and does not stop the others.
    """
    now = now or timezone.now()
    run = ReminderRun()
    for name, due_reminders in provider_functions():
        try:
            with transaction.atomic():
                for reminder in due_reminders(now):
                    if notify(reminder, email=False) is None:
                        run.already_sent += 1
                    else:
                        run.created += 1
        except Exception:
            logger.exception("Reminder provider %s failed", name)
            run.failed_providers.append(name)
    # Catch-up: everything not e-mailed yet (new reminders, and e-mails lost in a restart).
    recent = now - datetime.timedelta(days=settings.REMINDER_EMAIL_MAX_AGE_DAYS)
    pending = (
        Notification.objects.not_emailed()
        .filter(created_at__gte=recent, recipient__is_active=True)
        .exclude(recipient__email="")
        .values_list("pk", flat=True)
    )
    for notification_id in list(pending):
        try:
            if email_notification(notification_id):
                run.emailed += 1
        except Exception:
            logger.exception("E-mail of notification %s failed", notification_id)
    return run


def mark_read(*, actor, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the actor's own notifications read (all unread ones when no ids are given)."""
    queryset = Notification.objects.visible_for(actor).unread()
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=list(notification_ids))
    with transaction.atomic():
        return queryset.update(read_at=timezone.now())
