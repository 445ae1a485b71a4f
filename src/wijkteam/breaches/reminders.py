"""Reminders of the data-breach register for the scheduled reminder task.

Quality and privacy staff (whoever may see every breach) hear:

* when a breach is reported (right after commit, from ``services.report_breach``);
* from 24 hours before the 72-hour AP deadline while no decision is taken (``due``);
* at and after the deadline while still no decision is taken (``overdue``).

Each key carries the breach and its stored deadline, so ``notify()`` sends each once.
"""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.breaches import deadlines
from wijkteam.breaches.models import DataBreach
from wijkteam.notifications.choices import ReminderLevel
from wijkteam.notifications.services import Reminder

HANDLER_PERMISSION = ("breaches", "view_all_databreaches")


def handlers() -> list:
    """Active staff who handle breaches (through a role or a direct permission)."""
    from wijkteam.accounts.models import User

    app_label, codename = HANDLER_PERMISSION
    perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(groups__permissions__in=perm) | Q(user_permissions__in=perm))
        .distinct()
        .order_by("pk")
    )


def _when(value: datetime.datetime) -> str:
    return f"{timezone.localtime(value):%d-%m-%Y %H:%M}"


def _deadline_key(breach: DataBreach, suffix: str) -> str:
    stamp = breach.ap_deadline.astimezone(datetime.UTC).strftime("%Y%m%d%H%M")
    return f"breach:{breach.pk}:ap:{stamp}:{suffix}"


def new_breach_reminders(breach: DataBreach, recipients=None) -> list[Reminder]:
    recipients = handlers() if recipients is None else recipients
    subject = _("New data breach reported: decide on the AP notification before %(when)s") % {
        "when": _when(breach.ap_deadline)
    }
    body = _(
        "A data breach in %(team)s was reported. Assess the risk and decide whether to notify "
        "the Autoriteit Persoonsgegevens within 72 hours of the discovery (%(when)s)."
    ) % {"team": breach.team.name, "when": _when(breach.ap_deadline)}
    return [
        Reminder(
            recipient=user,
            key=f"breach:{breach.pk}:reported",
            subject=subject,
            body=body,
            url=reverse("breaches:breach-detail", args=[breach.pk]),
            level=ReminderLevel.INFO,
        )
        for user in recipients
    ]


def due_reminders(now: datetime.datetime) -> Iterable[Reminder]:
    """Every breach reminder that should exist at ``now`` (two queries)."""
    window_end = now + datetime.timedelta(hours=deadlines.REMINDER_HOURS_BEFORE)
    breaches = list(
        DataBreach.objects.undecided()
        .filter(ap_deadline__lte=window_end)
        .select_related("team")
        .order_by("ap_deadline", "pk")
    )
    if not breaches:
        return []
    recipients = handlers()
    reminders = []
    for breach in breaches:
        url = reverse("breaches:breach-detail", args=[breach.pk])
        when = _when(breach.ap_deadline)
        if breach.ap_deadline <= now:
            level, suffix = ReminderLevel.OVERDUE, "overdue"
            subject = _("AP deadline passed for a data breach in %(team)s (%(when)s)") % {
                "team": breach.team.name,
                "when": when,
            }
            body = _(
                "The 72 hours for notifying the Autoriteit Persoonsgegevens ended at %(when)s "
                "and no decision is recorded. Notify the AP now (and record the reason for the "
                "delay), or record why the breach is not notified."
            ) % {"when": when}
        else:
            level, suffix = ReminderLevel.DUE, "due"
            subject = _("AP deadline of a data breach in %(team)s ends at %(when)s") % {
                "team": breach.team.name,
                "when": when,
            }
            body = _(
                "Less than 24 hours are left to decide whether this data breach must be "
                "notified to the Autoriteit Persoonsgegevens (deadline %(when)s)."
            ) % {"when": when}
        for user in recipients:
            reminders.append(
                Reminder(
                    recipient=user,
                    key=_deadline_key(breach, suffix),
                    subject=subject,
                    body=body,
                    url=url,
                    level=level,
                )
            )
    return reminders
