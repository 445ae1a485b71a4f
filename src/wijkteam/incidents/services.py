"""Writes of the incident register: report, change, aftercare, follow-up actions, the calamity
procedure and people who need more than basic support. Views, API, commands and demo code
all call these functions.

Each function owns its transaction, locks the incident (or row) where it reads-then-writes,
sets the actor for the audit trail, appends an ``IncidentEvent`` for the history and stores
deadlines explicitly. Notifications go out after the commit (``transaction.on_commit``).
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from auditlog.context import set_actor

from wijkteam.core.services import ConflictError, save_versioned
from wijkteam.incidents import deadlines, ladder, workflow
from wijkteam.incidents.choices import AftercareOutcome, EventKind
from wijkteam.incidents.models import Calamity, CareNeed, FollowUpAction, Incident, IncidentEvent
from wijkteam.incidents.recipients import holders_of, team_managers
from wijkteam.incidents.workflow import (
    CALAMITY_OPEN_STATES,
    CalamityState,
    CareNeedStatus,
    IncidentState,
)

# Fields of the report that may be changed after it was made (not the team, reporter, dates
# of the report or anything the workflow sets).
CHANGEABLE_FIELDS = (
    "occurred_on",
    "occurred_time",
    "location_kind",
    "location",
    "kind",
    "category",
    "resident",
    "household",
    "third_party",
    "description",
    "immediate_measures",
    "police_involved",
    "ambulance_involved",
)


def _date(value: datetime.date) -> str:
    return value.strftime("%d-%m-%Y")


def _event(incident, kind, actor, *, from_state="", to_state="", note="") -> IncidentEvent:
    return IncidentEvent.objects.create(
        incident=incident,
        kind=kind,
        from_state=from_state,
        to_state=to_state,
        note=note,
        actor=actor,
    )


def incident_url(incident_id: int) -> str:
    return reverse("incidents:incident-detail", args=[incident_id])


# --- Who may be named on a report ------------------------------------------------------------


def _check_people(actor, incident: Incident, staff, errors: dict, *, changed=None) -> None:
    """Residents, households and staff on the report must be within the actor's scope.

    The same message answers an unknown and an out-of-scope number, so a report never
    reveals whether someone outside the actor's scope exists. ``changed``: only check the
    fields in it (an update keeps what another user, with another scope, put there).
    """
    from wijkteam.accounts.models import User
    from wijkteam.residents.models import Household, Resident

    def check(field):
        return changed is None or field in changed

    if (
        check("resident")
        and incident.resident_id
        and not Resident.objects.visible_for(actor).filter(pk=incident.resident_id).exists()
    ):
        errors["resident"] = ValidationError(
            _("There is no resident with this number in your files."), code="resident_unknown"
        )
    if (
        check("household")
        and incident.household_id
        and not Household.objects.visible_for(actor).filter(pk=incident.household_id).exists()
    ):
        errors["household"] = ValidationError(
            _("There is no household with this number in your files."), code="household_unknown"
        )
    if staff is not None and check("staff_involved"):
        ids = {user.pk for user in staff}
        visible = set(
            User.objects.visible_for(actor).filter(pk__in=ids).values_list("pk", flat=True)
        )
        if ids - visible:
            errors["staff_involved"] = ValidationError(
                _("You can only name colleagues of your own teams."), code="staff_out_of_scope"
            )


# --- Report ----------------------------------------------------------------------------------


def report_incident(*, actor, incident: Incident, staff_involved=()) -> Incident:
    """Record a new incident report by ``actor`` for one of the actor's teams.

    Stores the aftercare deadline, appends the first history entry, flags categories 5 and 6
    as a possible calamity, and after the commit notifies the team's teammanagers (and the
    quality officers of a possible calamity).
    """
    errors = {}
    if incident.team_id and incident.team_id not in actor.active_team_ids():
        errors["team"] = ValidationError(
            _("You can only report an incident for one of your own teams."),
            code="team_out_of_scope",
        )
    staff = list(staff_involved)
    _check_people(actor, incident, staff, errors)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    incident.reporter = actor
    incident.reported_at = now
    incident.reported_on = timezone.localdate()
    incident.state = workflow.INITIAL_STATE
    deadline = deadlines.aftercare_deadline(incident.reported_on)
    incident.aftercare_due_on = deadline.due_on
    incident.aftercare_computed_with = deadline.computed_with
    with transaction.atomic(), set_actor(actor):
        incident.full_clean()
        incident.save()
        if staff:
            incident.staff_involved.set(staff)
        _event(incident, EventKind.REPORTED, actor, to_state=incident.state)
        calamity = None
        if ladder.is_possible_calamity(incident.category):
            calamity = _flag(incident, actor, _automatic_flag_reason(incident.category))
        pk = incident.pk
        transaction.on_commit(lambda: notify_reported(pk))
        if calamity is not None:
            transaction.on_commit(lambda: notify_possible_calamity(pk))
    return incident


def _automatic_flag_reason(category: int) -> str:
    return _("Category %(category)s on the aggression ladder: possibly a calamity.") % {
        "category": category
    }


def update_incident(
    *, actor, incident: Incident, expected_version: int, staff_involved=None
) -> Incident:
    """Save corrections to a report; refused when someone else saved it meanwhile or when it
    is closed. Raising the category to 5 or 6 flags a possible calamity."""
    with transaction.atomic(), set_actor(actor):
        stored = Incident.objects.select_for_update().get(pk=incident.pk)
        if stored.version != expected_version:
            raise ConflictError()
        if stored.is_closed:
            raise ValidationError(
                _("This incident is closed. Reopen it before changing the report."),
                code="incident_closed",
            )
        changed = [f for f in CHANGEABLE_FIELDS if getattr(stored, f) != getattr(incident, f)]
        old_staff = set(stored.staff_involved.values_list("pk", flat=True))
        staff = list(staff_involved) if staff_involved is not None else None
        if staff is not None and {u.pk for u in staff} != old_staff:
            changed.append("staff_involved")
        errors = {}
        _check_people(actor, incident, staff, errors, changed=set(changed))
        if errors:
            raise ValidationError(errors)
        save_versioned(incident, actor=actor, expected_version=expected_version)
        if "staff_involved" in changed:
            incident.staff_involved.set(staff)
        if changed:
            labels = ", ".join(str(Incident._meta.get_field(f).verbose_name) for f in changed)
            _event(
                incident,
                EventKind.UPDATED,
                actor,
                note=_("Changed: %(fields)s") % {"fields": labels},
            )
        flagged = None
        if (
            "category" in changed
            and ladder.is_possible_calamity(incident.category)
            and not Calamity.objects.filter(incident=incident).exists()
        ):
            flagged = _flag(incident, actor, _automatic_flag_reason(incident.category))
        if flagged is not None:
            pk = incident.pk
            transaction.on_commit(lambda: notify_possible_calamity(pk))
    return incident


# --- The incident workflow -------------------------------------------------------------------


def next_steps(incident: Incident, user) -> list[str]:
    """States the incident can move to that ``user`` may perform (the table and the
    permission; the other requirements depend on what is filled in)."""
    return [
        state
        for state in workflow.allowed_targets(incident.state)
        if user.has_perm(workflow.requirement(incident.state, state).permission)
    ]


def open_items(incident: Incident) -> list[str]:
    """Why the incident cannot close yet (empty when it can)."""
    reasons = []
    open_actions = incident.follow_ups.open().count()
    if open_actions:
        reasons.append(
            translation.ngettext(
                "%(n)s follow-up action is still open.",
                "%(n)s follow-up actions are still open.",
                open_actions,
            )
            % {"n": open_actions}
        )
    state = Calamity.objects.filter(incident=incident).values_list("state", flat=True).first()
    if state in CALAMITY_OPEN_STATES:
        reasons.append(
            _("The calamity procedure is not finished (%(state)s).")
            % {"state": CalamityState(state).label}
        )
    return reasons


def _transition_errors(incident, to, *, on, planned_on, outcome, reason) -> dict:
    from_state = incident.state
    if to not in IncidentState.values:
        return {"to": ValidationError(_("Unknown state."), code="unknown_state")}
    if not workflow.is_allowed(from_state, to):
        return {
            "to": ValidationError(
                _("An incident cannot go from “%(from)s” to “%(to)s”.")
                % {"from": IncidentState(from_state).label, "to": IncidentState(to).label},
                code="illegal_transition",
            )
        }
    needs = workflow.requirement(from_state, to)
    errors = {}
    today = timezone.localdate()
    if on > today:
        errors["on"] = ValidationError(_("This date cannot be in the future."), code="in_future")
    elif on < incident.occurred_on:
        errors["on"] = ValidationError(
            _("This date cannot be before the incident (%(date)s).")
            % {"date": _date(incident.occurred_on)},
            code="before_incident",
        )
    if needs.planned_on:
        if not planned_on:
            errors["planned_on"] = ValidationError(
                _("Give the date of the aftercare conversation."), code="planned_on_required"
            )
        elif planned_on < incident.reported_on:
            errors["planned_on"] = ValidationError(
                _("The conversation cannot be planned before the report (%(date)s).")
                % {"date": _date(incident.reported_on)},
                code="planned_before_report",
            )
    if needs.aftercare and outcome not in AftercareOutcome.values:
        errors["outcome"] = ValidationError(
            _("Say whether the conversation was held or declined."), code="outcome_required"
        )
    if needs.reason and not (reason or "").strip():
        errors["reason"] = ValidationError(_("Give a reason."), code="reason_required")
    if to == IncidentState.CLOSED and "on" not in errors and on < incident.aftercare_done_on:
        errors["on"] = ValidationError(
            _("An incident cannot close before its aftercare (%(date)s).")
            % {"date": _date(incident.aftercare_done_on)},
            code="before_aftercare",
        )
    if needs.nothing_open:
        reasons = open_items(incident)
        if reasons:
            errors["to"] = ValidationError(
                " ".join([_("The incident cannot be closed yet."), *reasons]),
                code="open_items",
            )
    return errors


def transition_incident(
    incident: Incident,
    to: str,
    *,
    actor,
    on: datetime.date | None = None,
    planned_on: datetime.date | None = None,
    outcome: str | None = None,
    note: str = "",
    reason: str = "",
    expected_version: int | None = None,
) -> Incident:
    """Move ``incident`` to ``to`` if the table in ``workflow.py`` allows it.

    ``on`` is the date of the step (the conversation held, the closing; default today);
    ``planned_on`` the date of a planned conversation; ``outcome`` and ``note`` describe the
    aftercare. In one transaction with the incident locked: check the table, the permission
    and the requirements, append an ``IncidentEvent``, update the incident and its version.
    A refused transition raises ``ValidationError`` (Dutch) and saves nothing.
    """
    on = on or timezone.localdate()
    with transaction.atomic(), set_actor(actor):
        locked = Incident.objects.select_for_update().get(pk=incident.pk)
        if expected_version is not None and locked.version != expected_version:
            raise ConflictError()
        if workflow.is_allowed(locked.state, to) and not actor.has_perm(
            workflow.requirement(locked.state, to).permission
        ):
            raise PermissionDenied(_("You may not take this step."))
        errors = _transition_errors(
            locked, to, on=on, planned_on=planned_on, outcome=outcome, reason=reason
        )
        if errors:
            raise ValidationError(errors)
        from_state = locked.state
        if to == IncidentState.AFTERCARE_PLANNED:
            locked.aftercare_planned_on = planned_on
            text = _("Conversation planned on %(date)s.") % {"date": _date(planned_on)}
            event_note = f"{text} {reason}".strip()
        elif to == IncidentState.AFTERCARE_DONE and from_state in workflow.AFTERCARE_OPEN_STATES:
            locked.aftercare_done_on = on
            locked.aftercare_outcome = outcome
            locked.aftercare_by = actor
            locked.aftercare_note = note
            event_note = f"{AftercareOutcome(outcome).label} ({_date(on)}). {note}".strip()
        elif to == IncidentState.CLOSED:
            locked.closed_on = on
            event_note = note or reason
        else:  # reopening: closed -> aftercare done
            locked.closed_on = None
            event_note = reason
        locked.state = to
        locked.version += 1
        locked.full_clean()
        locked.save()
        _event(
            locked,
            EventKind.STATE_CHANGED,
            actor,
            from_state=from_state,
            to_state=to,
            note=event_note,
        )
    for field in (
        "state",
        "aftercare_planned_on",
        "aftercare_done_on",
        "aftercare_outcome",
        "aftercare_by",
        "aftercare_note",
        "closed_on",
        "version",
    ):
        setattr(incident, field, getattr(locked, field))
    return locked


# --- Follow-up actions -----------------------------------------------------------------------


def _check_owner(actor, action: FollowUpAction, errors: dict) -> None:
    from wijkteam.accounts.models import User

    if (
        action.owner_id
        and not User.objects.visible_for(actor).filter(pk=action.owner_id, is_active=True).exists()
    ):
        errors["owner"] = ValidationError(
            _("The owner must be an active colleague you can see."), code="owner_out_of_scope"
        )


def add_follow_up(*, actor, action: FollowUpAction) -> FollowUpAction:
    """Add a follow-up action (what, owner, due date) to an incident that is not closed."""
    errors = {}
    _check_owner(actor, action, errors)
    if action.due_on and action.due_on < timezone.localdate():
        errors["due_on"] = ValidationError(
            _("The due date cannot be in the past."), code="due_in_past"
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), set_actor(actor):
        incident = Incident.objects.select_for_update().get(pk=action.incident_id)
        if incident.is_closed:
            raise ValidationError(
                _("This incident is closed. Reopen it before adding an action."),
                code="incident_closed",
            )
        action.created_by = actor
        action.done_on = None
        action.full_clean()
        action.save()
        _event(
            incident,
            EventKind.FOLLOW_UP_ADDED,
            actor,
            note=_("%(action)s (owner %(owner)s, due %(date)s)")
            % {"action": action.description, "owner": action.owner, "date": _date(action.due_on)},
        )
    return action


def complete_follow_up(
    *,
    actor,
    action: FollowUpAction,
    done_on: datetime.date,
    result: str = "",
    expected_version: int,
) -> FollowUpAction:
    """Mark a follow-up action done; an action is done once (a new one is a new action)."""
    if action.done_on is not None:
        raise ValidationError(
            {"done_on": ValidationError(_("This action is already done."), code="already_done")}
        )
    action.done_on = done_on
    action.result = result
    with transaction.atomic(), set_actor(actor):
        save_versioned(action, actor=actor, expected_version=expected_version)
        _event(
            action.incident,
            EventKind.FOLLOW_UP_DONE,
            actor,
            note=f"{action.description} ({_date(done_on)}). {result}".strip(),
        )
    return action


# --- The calamity procedure ------------------------------------------------------------------


def _flag(incident: Incident, actor, reason: str) -> Calamity:
    calamity = Calamity(
        incident=incident,
        state=CalamityState.TO_ASSESS,
        flagged_on=timezone.localdate(),
        flagged_by=actor,
        flag_reason=reason,
    )
    calamity.full_clean()
    calamity.save()
    _event(incident, EventKind.CALAMITY, actor, to_state=calamity.state, note=reason)
    return calamity


def flag_calamity(*, actor, incident: Incident, reason: str) -> Calamity:
    """Flag an incident as a possible calamity for the quality officer's decision (incidents
    of categories 5 and 6 are flagged when reported)."""
    if not actor.has_perm(workflow.DECIDE):
        raise PermissionDenied(_("You may not take this step."))
    if not (reason or "").strip():
        raise ValidationError(
            {"reason": ValidationError(_("Give a reason."), code="reason_required")}
        )
    with transaction.atomic(), set_actor(actor):
        locked = Incident.objects.select_for_update().get(pk=incident.pk)
        if Calamity.objects.filter(incident=locked).exists():
            raise ValidationError(
                _("This incident is already in the calamity procedure."), code="already_flagged"
            )
        if locked.is_closed:
            raise ValidationError(
                _("This incident is closed. Reopen it first."), code="incident_closed"
            )
        calamity = _flag(locked, actor, reason)
    return calamity


def _calamity_errors(calamity, to, *, on, reason, reported_to, summary) -> dict:
    from_state = calamity.state
    if to not in CalamityState.values:
        return {"to": ValidationError(_("Unknown state."), code="unknown_state")}
    if not workflow.calamity_is_allowed(from_state, to):
        return {
            "to": ValidationError(
                _("The calamity procedure cannot go from “%(from)s” to “%(to)s”.")
                % {"from": CalamityState(from_state).label, "to": CalamityState(to).label},
                code="illegal_transition",
            )
        }
    needs = workflow.calamity_requirement(from_state, to)
    errors = {}
    previous = calamity.reported_on or calamity.decided_on or calamity.incident.occurred_on
    if to == CalamityState.CLOSED:
        previous = calamity.investigation_done_on or previous
    if on > timezone.localdate():
        errors["on"] = ValidationError(_("This date cannot be in the future."), code="in_future")
    elif on < previous:
        errors["on"] = ValidationError(
            _("This date cannot be before the previous step (%(date)s).")
            % {"date": _date(previous)},
            code="before_previous",
        )
    if needs.reason and not (reason or "").strip():
        errors["reason"] = ValidationError(_("Give a reason."), code="reason_required")
    if needs.report and not (reported_to or "").strip():
        errors["reported_to"] = ValidationError(
            _("Say to whom the calamity was reported."), code="reported_to_required"
        )
    if needs.investigation and not (summary or "").strip():
        errors["summary"] = ValidationError(
            _("Summarise the outcome of the investigation."), code="summary_required"
        )
    return errors


def transition_calamity(
    calamity: Calamity,
    to: str,
    *,
    actor,
    on: datetime.date | None = None,
    reason: str = "",
    reported_to: str = "",
    reference: str = "",
    summary: str = "",
    expected_version: int | None = None,
) -> Calamity:
    """Move a calamity procedure along its table (``workflow.CALAMITY_TRANSITIONS``).

    Deciding that it is a calamity stores the report deadline
    (``CALAMITY_REPORT_WORKING_DAYS`` working days after the decision). Reporting records
    date, authority and reference; then the investigation; then closing.
    """
    on = on or timezone.localdate()
    with transaction.atomic(), set_actor(actor):
        locked = Calamity.objects.select_for_update().select_related("incident").get(pk=calamity.pk)
        if expected_version is not None and locked.version != expected_version:
            raise ConflictError()
        if workflow.calamity_is_allowed(locked.state, to) and not actor.has_perm(
            workflow.calamity_requirement(locked.state, to).permission
        ):
            raise PermissionDenied(_("You may not take this step."))
        errors = _calamity_errors(
            locked, to, on=on, reason=reason, reported_to=reported_to, summary=summary
        )
        if errors:
            raise ValidationError(errors)
        from_state = locked.state
        note = reason
        if to in (CalamityState.CALAMITY, CalamityState.NOT_CALAMITY):
            locked.decided_on = on
            locked.decided_by = actor
            locked.decision_reason = reason
            if to == CalamityState.CALAMITY:
                deadline = deadlines.calamity_report_deadline(on)
                locked.report_due_on = deadline.due_on
                locked.report_computed_with = deadline.computed_with
                note = f"{reason} " + _("Report due on %(date)s.") % {
                    "date": _date(deadline.due_on)
                }
        elif to == CalamityState.TO_ASSESS:  # assessed again
            locked.decided_on = None
            locked.decided_by = None
        elif to == CalamityState.REPORTED:
            locked.reported_on = on
            locked.reported_to = reported_to
            locked.reference = reference
            note = _("Reported on %(date)s to %(to)s.") % {"date": _date(on), "to": reported_to}
            if reference:
                note += " " + _("Reference: %(ref)s.") % {"ref": reference}
        elif to == CalamityState.INVESTIGATED:
            locked.investigation_done_on = on
            locked.investigation_summary = summary
            note = summary
        elif to == CalamityState.CLOSED:
            locked.closed_on = on
        locked.state = to
        locked.version += 1
        locked.full_clean()
        locked.save()
        _event(
            locked.incident,
            EventKind.CALAMITY,
            actor,
            from_state=from_state,
            to_state=to,
            note=note.strip(),
        )
    for field in Calamity._meta.concrete_fields:
        setattr(calamity, field.attname, getattr(locked, field.attname))
    return locked


# --- People who need more than basic support ------------------------------------------------


def _check_care_need_resident(actor, care_need: CareNeed, errors: dict) -> None:
    from wijkteam.residents.models import Resident

    if (
        care_need.resident_id
        and not Resident.objects.visible_for(actor).filter(pk=care_need.resident_id).exists()
    ):
        errors["resident"] = ValidationError(
            _("There is no resident with this number in your files."), code="resident_unknown"
        )


def record_care_need(*, actor, care_need: CareNeed) -> CareNeed:
    """Mark a person on an incident as needing more than basic support, to be followed up."""
    errors = {}
    _check_care_need_resident(actor, care_need, errors)
    first_statuses = {CareNeedStatus.OPEN, *workflow.care_need_targets(CareNeedStatus.OPEN)}
    if care_need.status not in first_statuses:
        errors["status"] = ValidationError(_("Unknown status."), code="unknown_status")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), set_actor(actor):
        Incident.objects.select_for_update().filter(pk=care_need.incident_id).first()
        care_need.recorded_by = actor
        care_need.full_clean()
        care_need.save()
        _event(
            care_need.incident,
            EventKind.CARE_NEED,
            actor,
            to_state=care_need.status,
            note=care_need.referral_to,
        )
    return care_need


def update_care_need(
    *,
    actor,
    care_need: CareNeed,
    previous_status: str,
    expected_version: int,
    changed_resident=False,
) -> CareNeed:
    """Save the follow-up of a care need; a status change must follow its table."""
    errors = {}
    if changed_resident:
        _check_care_need_resident(actor, care_need, errors)
    if care_need.status != previous_status and care_need.status not in workflow.care_need_targets(
        previous_status
    ):
        errors["status"] = ValidationError(
            _("The status cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": CareNeedStatus(previous_status).label,
                "to": CareNeedStatus(care_need.status).label
                if care_need.status in CareNeedStatus.values
                else care_need.status,
            },
            code="illegal_transition",
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), set_actor(actor):
        save_versioned(care_need, actor=actor, expected_version=expected_version)
        _event(
            care_need.incident,
            EventKind.CARE_NEED,
            actor,
            from_state=previous_status,
            to_state=care_need.status,
            note=care_need.note,
        )
    return care_need


# --- Notifications (after the commit) -------------------------------------------------------


def notify_reported(incident_id: int) -> None:
    """Tell the teammanagers of the incident's team about a new report, at once."""
    from wijkteam.notifications.choices import ReminderLevel
    from wijkteam.notifications.services import Reminder, notify

    incident = Incident.objects.select_related("team").get(pk=incident_id)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New incident report (category %(category)s), %(team)s") % {
            "category": incident.category,
            "team": incident.team.name,
        }
        body = _(
            "An incident of %(date)s was reported. Confirm the aftercare conversation with "
            "the staff member by %(due)s."
        ) % {"date": _date(incident.occurred_on), "due": _date(incident.aftercare_due_on)}
        for manager in team_managers([incident.team_id]).get(incident.team_id, []):
            notify(
                Reminder(
                    recipient=manager,
                    key=f"incident:{incident.pk}:reported",
                    subject=subject,
                    body=body,
                    url=incident_url(incident.pk),
                    level=ReminderLevel.INFO,
                )
            )


def notify_possible_calamity(incident_id: int) -> None:
    """Tell the quality officers that an incident awaits their calamity decision."""
    from wijkteam.notifications.choices import ReminderLevel
    from wijkteam.notifications.services import Reminder, notify

    incident = Incident.objects.select_related("team").get(pk=incident_id)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Possible calamity: incident of %(date)s, %(team)s") % {
            "date": _date(incident.occurred_on),
            "team": incident.team.name,
        }
        body = _("Decide whether this incident is a calamity.")
        for officer in holders_of(workflow.DECIDE):
            notify(
                Reminder(
                    recipient=officer,
                    key=f"incident:{incident.pk}:calamity:flagged",
                    subject=subject,
                    body=body,
                    url=incident_url(incident.pk),
                    level=ReminderLevel.DUE,
                )
            )
