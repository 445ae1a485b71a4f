"""Reminders of the incident register, for the scheduled task of ``notifications``.

``due_reminders(now)`` yields every reminder that should exist at ``now``; ``notify()`` creates
each one at most once per (recipient, key), so the task may run as often as it likes.

* **Aftercare** (to the teammanagers of the incident's team): *due* from one working day
  before the stored due date up to that date, *overdue* after it, again every week it stays
  overdue (the teammanager keeps being reminded until the aftercare is confirmed, 000
  l.1785-1791).
* **Follow-up actions** (to the owner; once overdue also to the teammanagers): the same rhythm.
* **Possible calamities awaiting a decision** (to the quality officers): from the day it was
  flagged, every week until decided.
* **Calamity reports** (to whoever tracks them): due and overdue against the stored deadline.
* **People who need more than basic support** (to whoever recorded them): on and after the
  follow-up date.

A key holds the due date, so a new date (a rescheduled follow-up) reminds again.
"""

import datetime
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wijkteam.core.workingdays import working_days_between
from wijkteam.incidents import workflow
from wijkteam.incidents.models import Calamity, CareNeed, FollowUpAction, Incident
from wijkteam.incidents.recipients import holders_of, team_managers
from wijkteam.notifications.choices import ReminderLevel
from wijkteam.notifications.services import Reminder

DUE_WORKING_DAYS = 1  # "due" from this many working days before the due date
REPEAT_DAYS = 7  # an overdue item reminds again every week
WINDOW = datetime.timedelta(days=10)  # calendar days that surely hold DUE_WORKING_DAYS


def _date(value: datetime.date) -> str:
    return value.strftime("%d-%m-%Y")


def phase(today: datetime.date, due: datetime.date) -> tuple[str, str] | None:
    """(level, key suffix) of an item due on ``due`` as seen on ``today``, or None when it is
    not due yet. Overdue items get a new suffix every ``REPEAT_DAYS``."""
    if due < today:
        return ReminderLevel.OVERDUE, f"overdue:{((today - due).days - 1) // REPEAT_DAYS + 1}"
    if working_days_between(today, due) <= DUE_WORKING_DAYS:
        return ReminderLevel.DUE, "due"
    return None


def _url(incident_id: int) -> str:
    return reverse("incidents:incident-detail", args=[incident_id])


def due_reminders(now: datetime.datetime) -> Iterable[Reminder]:
    today = timezone.localtime(now).date()
    with translation.override(settings.LANGUAGE_CODE):
        yield from _aftercare(today)
        yield from _follow_ups(today)
        yield from _calamity_assessments(today)
        yield from _calamity_reports(today)
        yield from _care_needs(today)


def _aftercare(today) -> Iterator[Reminder]:
    incidents = list(
        Incident.objects.aftercare_open()
        .filter(aftercare_due_on__lte=today + WINDOW)
        .select_related("team")
        .order_by("aftercare_due_on", "pk")
    )
    managers = team_managers({incident.team_id for incident in incidents})
    for incident in incidents:
        found = phase(today, incident.aftercare_due_on)
        if found is None:
            continue
        level, suffix = found
        values = {
            "date": _date(incident.occurred_on),
            "team": incident.team.name,
            "due": _date(incident.aftercare_due_on),
        }
        if level == ReminderLevel.OVERDUE:
            subject = _("Aftercare overdue: incident of %(date)s, %(team)s") % values
            body = (
                _(
                    "The aftercare conversation with the staff member was due on %(due)s and has "
                    "not been confirmed."
                )
                % values
            )
        else:
            subject = _("Aftercare due %(due)s: incident of %(date)s, %(team)s") % values
            body = _("Confirm the aftercare conversation with the staff member by %(due)s.") % (
                values
            )
        key = f"incident:{incident.pk}:aftercare:{incident.aftercare_due_on:%Y%m%d}:{suffix}"
        for manager in managers.get(incident.team_id, []):
            yield Reminder(manager, key, subject, body, _url(incident.pk), level)


def _follow_ups(today) -> Iterator[Reminder]:
    actions = list(
        FollowUpAction.objects.open()
        .filter(due_on__lte=today + WINDOW, owner__is_active=True)
        .select_related("owner", "incident__team")
        .order_by("due_on", "pk")
    )
    overdue_teams = {a.incident.team_id for a in actions if a.due_on < today}
    managers = team_managers(overdue_teams)
    for action in actions:
        found = phase(today, action.due_on)
        if found is None:
            continue
        level, suffix = found
        values = {"action": action.description, "due": _date(action.due_on)}
        if level == ReminderLevel.OVERDUE:
            subject = _("Follow-up action overdue: %(action)s") % values
            body = _("This follow-up action of an incident was due on %(due)s.") % values
        else:
            subject = _("Follow-up action due %(due)s: %(action)s") % values
            body = _("This follow-up action of an incident is due on %(due)s.") % values
        key = f"incident-follow-up:{action.pk}:{action.due_on:%Y%m%d}:{suffix}"
        recipients = [action.owner]
        if level == ReminderLevel.OVERDUE:
            recipients += [
                m for m in managers.get(action.incident.team_id, []) if m.pk != action.owner_id
            ]
        for recipient in recipients:
            yield Reminder(recipient, key, subject, body, _url(action.incident_id), level)


def _calamity_assessments(today) -> Iterator[Reminder]:
    pending = list(
        Calamity.objects.to_assess().select_related("incident__team").order_by("flagged_on", "pk")
    )
    if not pending:
        return
    officers = list(holders_of(workflow.DECIDE))
    for calamity in pending:
        incident = calamity.incident
        week = (today - calamity.flagged_on).days // REPEAT_DAYS + 1
        values = {"date": _date(incident.occurred_on), "team": incident.team.name}
        subject = _("Possible calamity awaits your decision: incident of %(date)s, %(team)s") % (
            values
        )
        body = _(
            "Decide whether this incident is a calamity; the report deadline starts with the "
            "decision."
        )
        key = f"incident:{incident.pk}:calamity-assessment:{calamity.flagged_on:%Y%m%d}:{week}"
        for officer in officers:
            yield Reminder(officer, key, subject, body, _url(incident.pk), ReminderLevel.DUE)


def _calamity_reports(today) -> Iterator[Reminder]:
    to_report = list(
        Calamity.objects.to_report()
        .filter(report_due_on__lte=today + WINDOW)
        .select_related("incident__team")
        .order_by("report_due_on", "pk")
    )
    if not to_report:
        return
    trackers = list(holders_of(workflow.TRACK))
    for calamity in to_report:
        found = phase(today, calamity.report_due_on)
        if found is None:
            continue
        level, suffix = found
        incident = calamity.incident
        values = {
            "date": _date(incident.occurred_on),
            "team": incident.team.name,
            "due": _date(calamity.report_due_on),
        }
        if level == ReminderLevel.OVERDUE:
            subject = _("Calamity report overdue: incident of %(date)s, %(team)s") % values
            body = (
                _("The calamity had to be reported to the supervisory authority by %(due)s.")
                % values
            )
        else:
            subject = _("Calamity report due %(due)s: incident of %(date)s, %(team)s") % values
            body = _("Report the calamity to the supervisory authority by %(due)s.") % values
        key = f"incident:{incident.pk}:calamity-report:{calamity.report_due_on:%Y%m%d}:{suffix}"
        for tracker in trackers:
            yield Reminder(tracker, key, subject, body, _url(incident.pk), level)


def _care_needs(today) -> Iterator[Reminder]:
    needs = (
        CareNeed.objects.open()
        .filter(follow_up_on__lte=today, recorded_by__is_active=True)
        .select_related("recorded_by", "incident")
        .order_by("follow_up_on", "pk")
    )
    for need in needs:
        level, suffix = phase(today, need.follow_up_on) or (ReminderLevel.DUE, "due")
        values = {"date": _date(need.follow_up_on)}
        if level == ReminderLevel.OVERDUE:
            subject = _("Follow-up overdue since %(date)s: person needing more support") % values
        else:
            subject = _("Follow up today: person needing more than basic support") % values
        body = _("Check how the referral of the person who needs more than basic support is going.")
        key = f"incident-care-need:{need.pk}:{need.follow_up_on:%Y%m%d}:{suffix}"
        yield Reminder(need.recorded_by, key, subject, body, _url(need.incident_id), level)
