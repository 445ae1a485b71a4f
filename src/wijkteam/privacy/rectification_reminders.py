"""Reminders for open rectification requests (AVG art. 12(3): answer within one month).

The teammanagers of the team holding the resident's file (whoever may decide, with an active
membership of that team) hear:

* from ``DUE_SOON_WORKING_DAYS`` working days before the stored answer date (``due``);
* on and after the answer date while the request is still open (``overdue``).

The key carries the request and its answer date, so each reminder is sent once. Subjects
and bodies name no resident (they are e-mailed); the link leads to the request.
"""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.core.workingdays import add_working_days
from wijkteam.notifications.choices import ReminderLevel
from wijkteam.notifications.services import Reminder
from wijkteam.privacy.models import RectificationRequest

DUE_SOON_WORKING_DAYS = 5


def deciders_by_team(team_ids: set[int], on: datetime.date) -> dict[int, list]:
    """Active users who may decide, per team they belong to on ``on`` (one query)."""
    from wijkteam.accounts.models import TeamMembership

    perm = Permission.objects.filter(
        content_type__app_label="privacy", codename="decide_rectificationrequest"
    )
    memberships = (
        TeamMembership.objects.filter(team_id__in=sorted(team_ids), start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .filter(user__is_active=True)
        .filter(Q(user__groups__permissions__in=perm) | Q(user__user_permissions__in=perm))
        .select_related("user")
        .distinct()
        .order_by("team_id", "user_id")
    )
    result: dict[int, list] = {}
    for m in memberships:
        if m.user not in result.setdefault(m.team_id, []):
            result[m.team_id].append(m.user)
    return result


def due_reminders(now: datetime.datetime) -> Iterable[Reminder]:
    """Every rectification reminder that should exist at ``now`` (two queries)."""
    today = timezone.localtime(now).date()
    requests = list(
        RectificationRequest.objects.open()
        .filter(respond_by__lte=add_working_days(today, DUE_SOON_WORKING_DAYS))
        .select_related("resident")
        .order_by("respond_by", "id")
    )
    if not requests:
        return
    deciders = deciders_by_team({r.resident.team_id for r in requests}, today)
    for request in requests:
        overdue = request.respond_by <= today
        level = ReminderLevel.OVERDUE if overdue else ReminderLevel.DUE
        when = request.respond_by.strftime("%d-%m-%Y")
        if overdue:
            subject = _("A request to correct data had to be answered by %(date)s") % {"date": when}
        else:
            subject = _("Answer a request to correct data by %(date)s") % {"date": when}
        body = _(
            "A resident asked on %(asked)s to correct their data. Decide on the request and "
            "tell the resident (AVG article 12: within one month)."
        ) % {"asked": request.requested_on.strftime("%d-%m-%Y")}
        for user in deciders.get(request.resident.team_id, []):
            yield Reminder(
                recipient=user,
                key=(
                    f"rectification:{request.pk}:respond:{request.respond_by:%Y%m%d}:"
                    f"{'overdue' if overdue else 'due'}"
                ),
                subject=subject,
                body=body,
                url=reverse("privacy:rectification-detail", args=[request.pk]),
                level=level,
            )
