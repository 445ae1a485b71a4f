"""Writes of complaints: register (staff or the public form), edit, change state, extend the
decision term, change the handler. Views, API, demo and tests all call these functions.

Each function owns its transaction, locks the complaint row where it reads-then-writes, sets
the actor for the audit trail and stores the terms explicitly (no signal receivers). A refused
change raises ``ValidationError`` with a Dutch message and saves nothing.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from auditlog.context import set_actor

from wijkteam.complaints import deadlines, workflow
from wijkteam.complaints.choices import (
    DECISION_OUTCOMES,
    STAFF_CHANNELS,
    ComplaintChannel,
    EventKind,
    HandlingRoute,
    Outcome,
)
from wijkteam.complaints.models import Complaint, ComplaintEvent
from wijkteam.complaints.workflow import ComplaintState
from wijkteam.core.services import ConflictError, save_versioned

HANDLE_PERMISSION = "change_complaint"
REFERENCE_ATTEMPTS = 5


class _NoActor:
    """``set_actor`` stand-in for the public form: the audit trail records no user."""

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def _audit_actor(actor):
    return set_actor(actor) if actor is not None else _NoActor()


# --- Who may handle --------------------------------------------------------------------------


def users_with_permission(codename: str):
    """Active staff who hold ``complaints.<codename>`` through a role or directly."""
    from wijkteam.accounts.models import User

    perm = Permission.objects.filter(content_type__app_label="complaints", codename=codename)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__permissions__in=perm) | Q(user_permissions__in=perm))
        .distinct()
        .order_by("last_name", "first_name", "id")
    )


def eligible_handlers():
    """Active staff who may handle complaints (``complaints.change_complaint``)."""
    return users_with_permission(HANDLE_PERMISSION)


def unknown_handler_message() -> str:
    return _("This person cannot handle complaints.")


def may_handle(user, complaint: Complaint) -> bool:
    """The user may change this complaint: the permission, and the complaint in their scope."""
    return (
        user.has_perm("complaints.change_complaint")
        and Complaint.objects.visible_for(user).filter(pk=complaint.pk).exists()
    )


# --- Registering -----------------------------------------------------------------------------


def _check_resident(actor, complaint: Complaint, errors: dict, previous_id=None) -> None:
    """A complaint is linked to a resident only when the actor may open that file."""
    if complaint.resident_id is None or complaint.resident_id == previous_id:
        return
    from wijkteam.residents.models import Resident

    if actor is None or not (
        Resident.objects.visible_for(actor).filter(pk=complaint.resident_id).exists()
    ):
        errors["resident"] = ValidationError(
            _("You can only link a complaint to a resident whose file you may open."),
            code="resident_out_of_scope",
        )


def _next_number(year: int) -> int:
    last = Complaint.objects.filter(reference_year=year).aggregate(n=Max("reference_number"))["n"]
    return (last or 0) + 1


def _open(complaint: Complaint, actor) -> Complaint:
    """Store a new complaint in RECEIVED with its reference and both terms, and its first
    history row. The reference (K-<year>-<number>) counts per year of receipt; two clients
    registering at once get different numbers (the unique constraint, then a retry)."""
    received = complaint.received_on
    ack = deadlines.acknowledgement_term(received)
    decision = deadlines.decision_term(received)
    complaint.state = workflow.INITIAL_STATE
    complaint.registered_by = actor
    complaint.registered_at = timezone.now()
    complaint.acknowledge_by = ack.due_on
    complaint.acknowledge_rule = ack.computed_with
    complaint.decision_weeks = settings.COMPLAINT_DECISION_WEEKS
    complaint.decide_by = decision.due_on
    complaint.decide_rule = decision.computed_with
    complaint.decision_due_on = decision.due_on
    complaint.reference_year = received.year
    with transaction.atomic(), _audit_actor(actor):
        for attempt in range(REFERENCE_ATTEMPTS):
            complaint.reference_number = _next_number(received.year)
            complaint.reference = f"K-{received.year}-{complaint.reference_number:04d}"
            complaint.full_clean(exclude=["reference", "reference_number"])
            try:
                with transaction.atomic():
                    complaint.save()
                break
            except IntegrityError:
                complaint.pk = None
                if attempt == REFERENCE_ATTEMPTS - 1:
                    raise
        ComplaintEvent.objects.create(
            complaint=complaint,
            kind=EventKind.TRANSITION,
            from_state="",
            to_state=complaint.state,
            on=received,
            actor=actor,
        )
    return complaint


def register_complaint(*, actor, complaint: Complaint) -> Complaint:
    """Register a complaint a staff member received (phone, e-mail, letter, in person).

    A resident may be linked only when the actor may open the resident's file. The complaint
    starts RECEIVED; its acknowledgement and decision terms are stored.
    """
    errors = {}
    if complaint.channel not in STAFF_CHANNELS:
        errors["channel"] = ValidationError(
            _("Choose how the complaint reached you: phone, e-mail, letter or in person."),
            code="channel",
        )
    _check_resident(actor, complaint, errors)
    if errors:
        raise ValidationError(errors)
    return _open(complaint, actor)


def submit_public_complaint(*, complaint: Complaint) -> Complaint:
    """Register a complaint sent by a resident with the public form (no account).

    The form never links a resident and never reads anything back: the complaint is received
    today, through the web form, without a registering user.
    """
    complaint.channel = ComplaintChannel.WEB_FORM
    complaint.resident = None
    complaint.received_on = timezone.localdate()
    return _open(complaint, None)


def update_complaint(*, actor, complaint: Complaint, expected_version: int) -> Complaint:
    """Save changed details (complainant, team, category, text, resident link).

    The date of receipt and the channel are fixed: the terms were computed from them. A
    stale ``expected_version`` raises ``ConflictError`` and saves nothing.
    """
    stored = (
        Complaint.objects.filter(pk=complaint.pk)
        .values("resident_id", "received_on", "channel")
        .first()
    )
    if stored is None:
        raise ConflictError()
    errors = {}
    _check_resident(actor, complaint, errors, previous_id=stored["resident_id"])
    if complaint.received_on != stored["received_on"] or complaint.channel != stored["channel"]:
        errors["received_on"] = ValidationError(
            _("The date of receipt and the channel cannot be changed after registration."),
            code="fixed",
        )
    if errors:
        raise ValidationError(errors)
    return save_versioned(complaint, actor=actor, expected_version=expected_version)


# --- The workflow ----------------------------------------------------------------------------


def _check_date(complaint: Complaint, on: datetime.date, errors: dict) -> None:
    if on > timezone.localdate():
        errors["on"] = ValidationError(_("This date cannot be in the future."), code="in_future")
    elif on < complaint.received_on:
        errors["on"] = ValidationError(
            _("This date cannot be before the complaint was received (%(date)s).")
            % {"date": complaint.received_on.strftime("%d-%m-%Y")},
            code="before_received",
        )
    else:
        last = complaint.events.order_by("-on").values_list("on", flat=True).first()
        if last and on < last:
            errors["on"] = ValidationError(
                _("This date cannot be before the previous step (%(date)s).")
                % {"date": last.strftime("%d-%m-%Y")},
                code="before_previous",
            )


def _check_handler(handler, route: str, errors: dict) -> None:
    if handler is None:
        errors["handler"] = ValidationError(_("Choose a handler."), code="handler_required")
    elif not eligible_handlers().filter(pk=handler.pk).exists():
        errors["handler"] = ValidationError(unknown_handler_message(), code="handler_not_allowed")
    if route not in HandlingRoute.values:
        errors["route"] = ValidationError(
            _("Choose mediation or formal handling."), code="route_required"
        )


def _transition_errors(complaint, to, *, on, reason, handler, route, outcome, summary) -> dict:
    from_state = complaint.state
    if to not in ComplaintState.values:
        return {"to": ValidationError(_("Unknown state."), code="unknown_state")}
    if not workflow.is_allowed(from_state, to):
        return {
            "to": ValidationError(
                _("A complaint cannot go from “%(from)s” to “%(to)s”.")
                % {"from": ComplaintState(from_state).label, "to": ComplaintState(to).label},
                code="illegal_transition",
            )
        }
    errors = {}
    _check_date(complaint, on, errors)
    needs = workflow.requirement(from_state, to)
    if needs.reason and not reason.strip():
        message = (
            _("Write down when and how the complainant withdrew the complaint.")
            if needs.withdrawal
            else _("Give the reason.")
        )
        errors["reason"] = ValidationError(message, code="reason_required")
    if needs.handler:
        _check_handler(handler, route, errors)
    if needs.outcome:
        if outcome not in DECISION_OUTCOMES:
            errors["outcome"] = ValidationError(
                _("Choose the outcome: founded, partly founded or unfounded."),
                code="outcome_required",
            )
        if not summary.strip():
            errors["decision_summary"] = ValidationError(
                _("Summarise the decision and its grounds."), code="summary_required"
            )
    if needs.category and complaint.category_id is None:
        errors["category"] = ValidationError(
            _("Give the complaint a category before recording the decision."),
            code="category_required",
        )
    return errors


def _lock(complaint: Complaint, expected_version: int | None, actor) -> Complaint:
    """Lock the row; refuse an actor who may not handle it and a stale version."""
    if not may_handle(actor, complaint):
        raise ValidationError(_("You may not handle this complaint."), code="not_allowed")
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError()
    return locked


def _copy_back(source: Complaint, target: Complaint) -> None:
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


def transition_complaint(
    complaint: Complaint,
    to: str,
    *,
    actor,
    on: datetime.date | None = None,
    reason: str = "",
    handler=None,
    route: str = "",
    outcome: str = "",
    decision_summary: str = "",
    expected_version: int | None = None,
) -> Complaint:
    """Move ``complaint`` to state ``to`` if the table in ``workflow.py`` allows it.

    In one transaction with the row locked: check the table and the move's requirements,
    append a ``ComplaintEvent``, update the complaint (acknowledgement date, handler and
    route, committee date, decision, withdrawal, closing date) and bump its version. With
    ``expected_version`` a concurrent change is refused (``ConflictError``).
    """
    on = on or timezone.localdate()
    reason = reason or ""
    with transaction.atomic(), set_actor(actor):
        locked = _lock(complaint, expected_version, actor)
        errors = _transition_errors(
            locked,
            to,
            on=on,
            reason=reason,
            handler=handler,
            route=route,
            outcome=outcome,
            summary=decision_summary,
        )
        if errors:
            raise ValidationError(errors)
        from_state = locked.state
        needs = workflow.requirement(from_state, to)
        event = ComplaintEvent(
            complaint=locked, kind=EventKind.TRANSITION, from_state=from_state, to_state=to
        )
        event.on, event.reason, event.actor = on, reason, actor
        if to == ComplaintState.ACKNOWLEDGED:
            locked.acknowledged_on = on
        if needs.handler:
            locked.handler, locked.route = handler, route
            event.handler, event.route = handler, route
        if to == ComplaintState.COMMITTEE and locked.committee_on is None:
            locked.committee_on = on
        if needs.outcome:
            locked.outcome, locked.decided_on = outcome, on
            locked.decision_summary = decision_summary
            event.outcome = outcome
        if needs.withdrawal:
            locked.outcome = Outcome.WITHDRAWN
            event.outcome = Outcome.WITHDRAWN
        if to == ComplaintState.CLOSED:
            locked.closed_on = on
        locked.state = to
        locked.version += 1
        locked.full_clean()
        locked.save()
        event.full_clean()
        event.save()
    _copy_back(locked, complaint)
    return locked


def extend_decision_term(
    *,
    actor,
    complaint: Complaint,
    reason: str,
    on: datetime.date | None = None,
    expected_version: int | None = None,
) -> Complaint:
    """Extend the decision term once by ``COMPLAINT_EXTENSION_WEEKS`` (Awb 9:11 lid 2).

    Only while the decision is pending and before the term has run out, with a reason; a
    second extension is refused. The new date is stored (``extended_decide_by``) and becomes
    the date that applies (``decision_due_on``); the original stays.
    """
    on = on or timezone.localdate()
    reason = (reason or "").strip()
    with transaction.atomic(), set_actor(actor):
        locked = _lock(complaint, expected_version, actor)
        errors = {}
        if locked.is_extended:
            errors["reason"] = ValidationError(
                _(
                    "The decision term was already extended on %(date)s; it can be extended "
                    "only once (Awb 9:11). A later decision needs the complainant's consent."
                )
                % {"date": locked.extended_on.strftime("%d-%m-%Y")},
                code="already_extended",
            )
        elif not locked.is_undecided:
            errors["reason"] = ValidationError(
                _("The term can only be extended while the decision is pending."),
                code="not_pending",
            )
        else:
            _check_date(locked, on, errors)
            if "on" not in errors and on > locked.decide_by:
                errors["on"] = ValidationError(
                    _(
                        "The decision term ran out on %(date)s; a term can only be extended "
                        "before it ends."
                    )
                    % {"date": locked.decide_by.strftime("%d-%m-%Y")},
                    code="term_expired",
                )
            if not reason:
                errors["reason"] = ValidationError(
                    _("Give the reason for the extension; the complainant is told about it."),
                    code="reason_required",
                )
        if errors:
            raise ValidationError(errors)
        term = deadlines.extended_decision_term(locked.received_on, locked.decision_weeks)
        locked.extended_decide_by = term.due_on
        locked.extension_rule = term.computed_with
        locked.extension_reason = reason
        locked.extended_on = on
        locked.decision_due_on = term.due_on
        locked.version += 1
        locked.full_clean()
        locked.save()
        ComplaintEvent.objects.create(
            complaint=locked,
            kind=EventKind.EXTENSION,
            on=on,
            reason=reason,
            due_on=term.due_on,
            actor=actor,
        )
    _copy_back(locked, complaint)
    return locked


def change_handling(
    *,
    actor,
    complaint: Complaint,
    handler,
    route: str,
    reason: str,
    expected_version: int | None = None,
) -> Complaint:
    """Give a complaint in handling another handler or route (e.g. mediation did not work,
    formal handling follows); recorded in the history with the reason."""
    reason = (reason or "").strip()
    with transaction.atomic(), set_actor(actor):
        locked = _lock(complaint, expected_version, actor)
        errors = {}
        if locked.state not in workflow.HANDLED_STATES:
            errors["handler"] = ValidationError(
                _("The handler can be changed while the complaint is in handling."),
                code="not_in_handling",
            )
        else:
            _check_handler(handler, route, errors)
            if not reason:
                errors["reason"] = ValidationError(_("Give the reason."), code="reason_required")
            if (
                "handler" not in errors
                and handler.pk == locked.handler_id
                and route == locked.route
            ):
                errors["handler"] = ValidationError(
                    _("Nothing changed: choose another handler or route."), code="unchanged"
                )
        if errors:
            raise ValidationError(errors)
        locked.handler, locked.route = handler, route
        locked.version += 1
        locked.full_clean()
        locked.save()
        ComplaintEvent.objects.create(
            complaint=locked,
            kind=EventKind.HANDLING,
            on=timezone.localdate(),
            reason=reason,
            handler=handler,
            route=route,
            actor=actor,
        )
    _copy_back(locked, complaint)
    return locked
