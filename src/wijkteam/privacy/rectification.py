"""Rectification (correctie, AVG art. 16): the request, its decision, and the history of
changes to a resident's data.

A request is recorded by whoever receives it (``privacy.add_rectificationrequest``) with the
date the resident asked; the answer is due one month later (AVG art. 12(3)), moved to the
next working day when that day is not one, and stored on the row. The correction itself is
made through the resident's edit page (so it is audited like every change); the decision
(corrected or refused, each with an explanation for the resident) is recorded through
:func:`transition_rectification`, which checks ``rectification_workflow.TRANSITIONS``
and appends a ``RectificationTransition``.

:func:`resident_change_history` reads the audit trail of the resident record as readable
rows: when, who (role and team, as in the inzage), field, old and new value.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auditlog.context import set_actor
from dateutil.relativedelta import relativedelta

from wijkteam.core.services import ConflictError
from wijkteam.core.workingdays import next_working_day
from wijkteam.privacy.models import RectificationRequest, RectificationTransition
from wijkteam.privacy.rectification_workflow import (
    INITIAL_STATE,
    RectificationState,
    is_allowed,
    requirement,
)


def respond_by(requested_on: datetime.date) -> datetime.date:
    """One calendar month after the request (AVG art. 12(3); the 31st becomes the last day
    of a shorter month), on the next working day if that is not a working day."""
    return next_working_day(requested_on + relativedelta(months=1))


def _visible(actor, resident) -> bool:
    from wijkteam.residents.models import Resident

    return Resident.objects.visible_for(actor).filter(pk=resident.pk).exists()


def record_rectification_request(
    *,
    actor,
    resident,
    what_is_wrong: str,
    requested_correction: str = "",
    requested_on: datetime.date | None = None,
) -> RectificationRequest:
    if not actor.has_perm("privacy.add_rectificationrequest") or not _visible(actor, resident):
        raise PermissionDenied
    requested_on = requested_on or timezone.localdate()
    errors = {}
    if not (what_is_wrong or "").strip():
        errors["what_is_wrong"] = _("Describe which data is incorrect.")
    if requested_on > timezone.localdate():
        errors["requested_on"] = _("The date of the request cannot be in the future.")
    if errors:
        raise ValidationError(errors, code="invalid_request")
    with transaction.atomic(), set_actor(actor):
        request = RectificationRequest(
            resident=resident,
            what_is_wrong=what_is_wrong.strip(),
            requested_correction=(requested_correction or "").strip(),
            requested_on=requested_on,
            respond_by=respond_by(requested_on),
            recorded_by=actor,
            state=INITIAL_STATE,
        )
        request.full_clean()
        request.save()
        RectificationTransition.objects.create(
            request=request, from_state="", to_state=INITIAL_STATE, actor=actor
        )
    return request


def transition_rectification(
    request: RectificationRequest,
    to: str,
    *,
    actor,
    reason: str = "",
    on: datetime.date | None = None,
    expected_version: int | None = None,
) -> RectificationRequest:
    """Move a request to ``to`` if the table allows it. A decision needs
    ``privacy.decide_rectificationrequest``; a withdrawal (the resident takes the request
    back) may be recorded by whoever may record requests."""
    needed = (
        "privacy.add_rectificationrequest"
        if to == RectificationState.WITHDRAWN
        else "privacy.decide_rectificationrequest"
    )
    if not actor.has_perm(needed) or not _visible(actor, request.resident):
        raise PermissionDenied
    on = on or timezone.localdate()
    reason = (reason or "").strip()
    with transaction.atomic(), set_actor(actor):
        locked = RectificationRequest.objects.select_for_update().get(pk=request.pk)
        if expected_version is not None and locked.version != expected_version:
            raise ConflictError()
        if to not in RectificationState.values:
            raise ValidationError(_("Unknown state."), code="unknown_state")
        if not is_allowed(locked.state, to):
            raise ValidationError(
                _("A request that is “%(from)s” cannot become “%(to)s”.")
                % {
                    "from": RectificationState(locked.state).label,
                    "to": RectificationState(to).label,
                },
                code="transition_not_allowed",
            )
        if requirement(locked.state, to).reason and not reason:
            raise ValidationError(
                {"reason": _("Explain the decision; the resident receives this explanation.")},
                code="reason_required",
            )
        if on < locked.requested_on or on > timezone.localdate():
            raise ValidationError(
                {"on": _("The decision date must lie between the request and today.")},
                code="invalid_date",
            )
        from_state = locked.state
        RectificationTransition.objects.create(
            request=locked, from_state=from_state, to_state=to, reason=reason, actor=actor
        )
        locked.state = to
        locked.decided_on = on
        locked.decided_by = actor
        locked.decision_note = reason
        locked.version += 1
        locked.full_clean()
        locked.save()
    for name in ("state", "decided_on", "decided_by_id", "decision_note", "version"):
        setattr(request, name, getattr(locked, name))
    return locked


# --------------------------------------------------------------------------- history


@dataclass(frozen=True)
class FieldChange:
    at: datetime.datetime
    who: str
    action: str
    field: str
    label: str
    old: str
    new: str


def resident_log_entries(resident):
    """The audit-trail entries of the resident record, newest first (a QuerySet to page)."""
    from auditlog.models import LogEntry

    return LogEntry.objects.filter(
        content_type__app_label="residents",
        content_type__model="resident",
        object_id=resident.pk,
    ).order_by("-timestamp", "-id")


def resident_change_history(resident, *, limit: int | None = None) -> list[FieldChange]:
    """The latest ``limit`` (default all) entries as readable field changes."""
    entries = resident_log_entries(resident)
    return describe_resident_changes(entries[:limit] if limit else entries)


def describe_resident_changes(entries) -> list[FieldChange]:
    """Audit-trail entries of resident records as readable field changes, in the given order.

    Staff are shown by role and team, as in the inzage. Foreign keys (team, area) are shown
    by name. A fixed number of queries: the entries, the staff directory (3) and one query
    per kind of foreign key.
    """
    from auditlog.models import LogEntry

    from wijkteam.organisation.models import Area, Team
    from wijkteam.privacy.inzage import StaffDirectory, StaffRef, describe_changes
    from wijkteam.residents.models import Resident

    entries = list(entries)
    directory = StaffDirectory(e.actor_id for e in entries if e.actor_id)
    team_ids, area_ids = set(), set()
    described = []
    for e in entries:
        rows = describe_changes(Resident, e.changes or {})
        described.append((e, rows))
        for r in rows:
            target = (
                team_ids if r["field"] == "team" else area_ids if r["field"] == "area" else None
            )
            if target is not None:
                target.update(int(v) for v in (r["old"], r["new"]) if str(v).isdigit())
    names = {
        "team": dict(Team.objects.filter(pk__in=sorted(team_ids or {0})).values_list("pk", "name")),
        "area": dict(Area.objects.filter(pk__in=sorted(area_ids or {0})).values_list("pk", "name")),
    }
    action_text = {
        LogEntry.Action.CREATE: _("registered"),
        LogEntry.Action.DELETE: _("deleted"),
    }  # an update is the ordinary case: no label
    result = []
    for e, rows in described:
        _value, who = directory.describe(
            StaffRef(e.actor_id, timezone.localtime(e.timestamp).date())
        )
        for r in rows:
            old, new = r["old_text"], r["new_text"]
            if r["field"] in names:
                lookup = names[r["field"]]
                old = lookup.get(int(r["old"]), old) if str(r["old"]).isdigit() else old
                new = lookup.get(int(r["new"]), new) if str(r["new"]).isdigit() else new
            if r["field"] == "processing_restricted_by":
                # A staff member: role and team, never the number or name.
                old = "—" if old == "—" else _("a staff member")
                new = "—" if new == "—" else _("a staff member")
            result.append(
                FieldChange(
                    at=e.timestamp,
                    who=who,
                    action=action_text.get(e.action, ""),
                    field=r["field"],
                    label=r["label"],
                    old=old,
                    new=new,
                )
            )
    return result
