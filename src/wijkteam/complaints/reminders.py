"""Reminders for complaint terms, collected by the notifications app's scheduled task.

``due_reminders(now)`` yields every reminder that should exist at ``now``; ``notify()`` is
idempotent per (recipient, key), so each reaches its recipient once. The key holds the due
date: an extended decision term reminds again.

Who hears what (docs/workflows.md, "Complaint reminders"):

- **due** (acknowledgement due within ``ACKNOWLEDGE_SOON_DAYS``, decision due within the
  rolling week): the handler; without a handler the teammanagers of the complaint's team;
  without those, the quality staff (who take in complaints without a team);
- **overdue**: the handler, the teammanagers of the team and the quality staff.

The messages name the reference, category, team and dates, never the complainant.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.complaints.models import Complaint
from wijkteam.complaints.querysets import DUE_SOON_DAYS
from wijkteam.complaints.services import users_with_permission
from wijkteam.complaints.workflow import UNDECIDED_STATES, ComplaintState
from wijkteam.notifications.services import Reminder, ReminderLevel

ACKNOWLEDGE_SOON_DAYS = 2  # the acknowledgement term is short: remind two days ahead


def _local_date(now: datetime.datetime) -> datetime.date:
    return timezone.localtime(now).date() if timezone.is_aware(now) else now.date()


def _team_managers(team_ids: set[int], on: datetime.date) -> dict[int, list]:
    """Teammanagers (``view_team_complaints``) with an active membership, per team."""
    from wijkteam.accounts.models import TeamMembership

    if not team_ids:
        return {}
    managers = users_with_permission("view_team_complaints")
    rows = (
        TeamMembership.objects.active(on)
        .filter(team_id__in=team_ids, user__in=managers)
        .select_related("user")
        .order_by("user__last_name", "user_id")
    )
    by_team: dict[int, list] = defaultdict(list)
    for membership in rows:
        if membership.user not in by_team[membership.team_id]:
            by_team[membership.team_id].append(membership.user)
    return by_team


def _recipients(complaint, level, managers, quality) -> list:
    if level == ReminderLevel.OVERDUE:
        people = [complaint.handler, *managers.get(complaint.team_id, []), *quality]
    elif complaint.handler is not None:
        people = [complaint.handler]
    else:
        people = managers.get(complaint.team_id, []) or list(quality)
    unique = {}
    for person in people:
        if person is not None and person.is_active:
            unique.setdefault(person.pk, person)
    return list(unique.values())


def _describe(complaint) -> str:
    lines = [
        _("Complaint %(reference)s, received on %(date)s.")
        % {"reference": complaint.reference, "date": complaint.received_on.strftime("%d-%m-%Y")},
        _("State: %(state)s.") % {"state": complaint.get_state_display()},
    ]
    if complaint.category_id:
        lines.append(_("Category: %(name)s.") % {"name": complaint.category.name})
    if complaint.team_id:
        lines.append(_("Team: %(name)s.") % {"name": complaint.team.name})
    return "\n".join(lines)


def due_reminders(now: datetime.datetime) -> Iterable[Reminder]:
    today = _local_date(now)
    ack_until = today + datetime.timedelta(days=ACKNOWLEDGE_SOON_DAYS)
    decision_until = today + datetime.timedelta(days=DUE_SOON_DAYS)
    complaints = list(
        Complaint.objects.filter(
            Q(state=ComplaintState.RECEIVED, acknowledge_by__lte=ack_until)
            | Q(state__in=UNDECIDED_STATES, decision_due_on__lte=decision_until)
        )
        .select_related("team", "category", "handler")
        .order_by("pk")
    )
    if not complaints:
        return
    managers = _team_managers({c.team_id for c in complaints if c.team_id}, today)
    quality = list(users_with_permission("view_all_complaints"))
    for complaint in complaints:
        url = reverse("complaints:complaint-detail", args=[complaint.pk])
        terms = []
        if complaint.state == ComplaintState.RECEIVED and complaint.acknowledge_by <= ack_until:
            terms.append(("acknowledge", complaint.acknowledge_by))
        if complaint.decision_due_on <= decision_until:
            terms.append(("decide", complaint.decision_due_on))
        for term, due in terms:
            level = ReminderLevel.OVERDUE if due < today else ReminderLevel.DUE
            subject = _subject(complaint, term, due, level)
            body = _describe(complaint)
            for person in _recipients(complaint, level, managers, quality):
                yield Reminder(
                    recipient=person,
                    key=f"complaint:{complaint.pk}:{term}:{due:%Y%m%d}:{level}",
                    subject=subject,
                    body=body,
                    url=url,
                    level=level,
                )


def _subject(complaint, term: str, due: datetime.date, level: str) -> str:
    values = {"reference": complaint.reference, "date": due.strftime("%d-%m-%Y")}
    if term == "acknowledge":
        if level == ReminderLevel.OVERDUE:
            return _("Complaint %(reference)s: acknowledgement overdue (was due %(date)s)") % values
        return _("Complaint %(reference)s: acknowledge receipt by %(date)s") % values
    if level == ReminderLevel.OVERDUE:
        return _("Complaint %(reference)s: decision overdue (was due %(date)s)") % values
    return _("Complaint %(reference)s: decision due by %(date)s") % values
