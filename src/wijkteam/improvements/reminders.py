"""Reminders of improvement plans for the scheduled reminder task.

* An unfinished action due within ``DUE_SOON_WORKING_DAYS`` working days: its owner (``due``).
* An unfinished action past its due date: its owner and the plan's responsible teammanager
  (``overdue``).
* An open or in-progress plan past its due date: the responsible teammanager (``overdue``).

Keys carry the due date, so a postponed action or plan reminds again.
"""

import datetime
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.core.workingdays import add_working_days
from wijkteam.improvements.models import ImprovementAction, ImprovementPlan
from wijkteam.notifications.choices import ReminderLevel
from wijkteam.notifications.services import Reminder

DUE_SOON_WORKING_DAYS = 5


def due_reminders(now: datetime.datetime) -> Iterable[Reminder]:
    """Every improvement reminder that should exist at ``now`` (two queries)."""
    today = timezone.localdate(now)
    horizon = add_working_days(today, DUE_SOON_WORKING_DAYS)
    reminders: list[Reminder] = []
    actions = (
        ImprovementAction.objects.unfinished()
        .filter(due_on__lte=horizon)
        .select_related("owner", "plan__responsible")
        .order_by("due_on", "pk")
    )
    for action in actions:
        plan = action.plan
        url = reverse("improvements:plan-detail", args=[plan.pk])
        due = f"{action.due_on:%Y%m%d}"
        values = {
            "action": action.description,
            "plan": plan.title,
            "date": f"{action.due_on:%d-%m-%Y}",
        }
        if action.due_on < today:
            subject = _("Improvement action overdue: %(action)s") % values
            body = (
                _(
                    "The action “%(action)s” of the improvement plan “%(plan)s” was due on "
                    "%(date)s and is not done yet."
                )
                % values
            )
            recipients = {action.owner_id: action.owner, plan.responsible_id: plan.responsible}
            for user in recipients.values():
                reminders.append(
                    Reminder(
                        recipient=user,
                        key=f"improvement-action:{action.pk}:{due}:overdue",
                        subject=subject,
                        body=body,
                        url=url,
                        level=ReminderLevel.OVERDUE,
                    )
                )
        else:
            reminders.append(
                Reminder(
                    recipient=action.owner,
                    key=f"improvement-action:{action.pk}:{due}:due",
                    subject=_("Improvement action due on %(date)s: %(action)s") % values,
                    body=_(
                        "The action “%(action)s” of the improvement plan “%(plan)s” is due on "
                        "%(date)s."
                    )
                    % values,
                    url=url,
                    level=ReminderLevel.DUE,
                )
            )
    plans = ImprovementPlan.objects.overdue(today).select_related("responsible").order_by("pk")
    for plan in plans:
        values = {"plan": plan.title, "date": f"{plan.due_on:%d-%m-%Y}"}
        reminders.append(
            Reminder(
                recipient=plan.responsible,
                key=f"improvement-plan:{plan.pk}:{plan.due_on:%Y%m%d}:overdue",
                subject=_("Improvement plan overdue: %(plan)s") % values,
                body=_(
                    "The improvement plan “%(plan)s” was due on %(date)s and is not completed. "
                    "Complete it, or agree a new due date."
                )
                % values,
                url=reverse("improvements:plan-detail", args=[plan.pk]),
                level=ReminderLevel.OVERDUE,
            )
        )
    return reminders
