"""Writes of the support case cycle: register, change state, record contacts, conversations
and referrals. Views, API, commands and tasks all call these functions.

Each function owns its transaction, locks the case row where it reads-then-writes, sets the
actor for the audit trail and stores or meets deadlines explicitly (no signal receivers).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from auditlog.context import set_actor

from wijkteam.core.services import ConflictError, save_versioned
from wijkteam.support import deadlines, workflow
from wijkteam.support.choices import DeadlineKind, ReferralStatus
from wijkteam.support.models import (
    CaseDeadline,
    CaseTransition,
    Contact,
    Conversation,
    Referral,
    SupportCase,
)
from wijkteam.support.workflow import CaseState


def _check_coordinator(case: SupportCase, errors: dict) -> None:
    if case.coordinator_id is None or not case.team_id:
        return
    from wijkteam.accounts.models import TeamMembership

    if (
        not TeamMembership.objects.active()
        .filter(user_id=case.coordinator_id, team_id=case.team_id)
        .exists()
    ):
        errors["coordinator"] = ValidationError(
            _("The coordinating worker must be a member of the case's team."),
            code="coordinator_not_in_team",
        )


def register_case(*, actor, case: SupportCase) -> SupportCase:
    """Register a request (melding) for a resident the actor may see, with one of the
    actor's teams. The case starts REGISTERED; the deadlines of the request are stored."""
    from wijkteam.residents.models import Resident

    errors = {}
    if not Resident.objects.visible_for(actor).filter(pk=case.resident_id).exists():
        errors["resident"] = ValidationError(
            _("You can only register a request for a resident whose file you may open."),
            code="resident_out_of_scope",
        )
    if case.team_id not in actor.active_team_ids():
        errors["team"] = ValidationError(
            _("You can only register a request with one of your own teams."),
            code="team_out_of_scope",
        )
    _check_coordinator(case, errors)
    if errors:
        raise ValidationError(errors)
    case.state = workflow.INITIAL_STATE
    case.closed_on = None
    with transaction.atomic(), set_actor(actor):
        case.full_clean()
        case.save()
        CaseTransition.objects.create(
            case=case,
            from_state="",
            to_state=case.state,
            on=case.received_on,
            actor=actor,
        )
        _store(
            case,
            deadlines.on_registration(
                legal_framework=case.legal_framework,
                received_on=case.received_on,
                urgent_debt_threat=case.urgent_debt_threat,
            ),
        )
    return case


def update_case(*, actor, case: SupportCase, expected_version: int) -> SupportCase:
    """Save changed request details; refused when someone else saved the case meanwhile."""
    errors = {}
    _check_coordinator(case, errors)
    if errors:
        raise ValidationError(errors)
    return save_versioned(case, actor=actor, expected_version=expected_version)


def within_reopen_period(case: SupportCase, on: datetime.date) -> bool:
    """True while a closed case may still be reopened on ``on`` (``CASE_REOPEN_DAYS``)."""
    return case.closed_on is None or (on - case.closed_on).days <= settings.CASE_REOPEN_DAYS


def next_steps(case: SupportCase, on: datetime.date) -> list[str]:
    """The states the case can move to on ``on``: the table, minus a reopening whose period
    is over (the other requirements depend on what the worker fills in)."""
    return [
        state
        for state in workflow.allowed_targets(case.state)
        if not workflow.requirement(case.state, state).within_reopen_period
        or within_reopen_period(case, on)
    ]


def _transition_errors(case: SupportCase, to: str, closure_reason, on) -> dict:
    from_state = case.state
    if to not in CaseState.values:
        return {"to": ValidationError(_("Unknown state."), code="unknown_state")}
    if not workflow.is_allowed(from_state, to):
        return {
            "to": ValidationError(
                _("A case cannot go from “%(from)s” to “%(to)s”.")
                % {"from": CaseState(from_state).label, "to": CaseState(to).label},
                code="illegal_transition",
            )
        }
    errors = {}
    today = timezone.localdate()
    if on > today:
        errors["on"] = ValidationError(
            _("A state change cannot be dated in the future."), code="in_future"
        )
    elif on < case.received_on:
        errors["on"] = ValidationError(
            _("A state change cannot be dated before the request was received (%(date)s).")
            % {"date": case.received_on.strftime("%d-%m-%Y")},
            code="before_received",
        )
    else:
        last = case.transitions.order_by("-on").values_list("on", flat=True).first()
        if last and on < last:
            errors["on"] = ValidationError(
                _("A state change cannot be dated before the previous one (%(date)s).")
                % {"date": last.strftime("%d-%m-%Y")},
                code="before_previous",
            )
    needs = workflow.requirement(from_state, to)
    if needs.closure_reason and not closure_reason:
        errors["closure_reason"] = ValidationError(
            _("Choose why the case is closed."), code="closure_reason_required"
        )
    if needs.within_reopen_period and "on" not in errors:
        days = settings.CASE_REOPEN_DAYS
        if not within_reopen_period(case, on):
            errors["to"] = ValidationError(
                _(
                    "A case can be reopened up to %(days)s days after closing; this one was "
                    "closed on %(date)s. Register a new request instead."
                )
                % {"days": days, "date": case.closed_on.strftime("%d-%m-%Y")},
                code="reopen_period_over",
            )
    return errors


def transition_case(
    case: SupportCase,
    to: str,
    *,
    actor,
    reason: str = "",
    closure_reason: str | None = None,
    closure_note: str = "",
    on: datetime.date | None = None,
    expected_version: int | None = None,
) -> SupportCase:
    """Move ``case`` to state ``to`` if the table in ``workflow.py`` allows it.

    In one transaction with the case row locked: check the table and the transition's
    requirements, append a ``CaseTransition``, update the case (closing date, closure reason
    and retention date when closing; cleared again when reopening), bump its version and
    meet the deadlines the new state meets. A refused transition raises ``ValidationError``
    with a Dutch message and saves nothing. With ``expected_version`` a concurrent change of
    the case is refused (``ConflictError``).
    """
    on = on or timezone.localdate()
    with transaction.atomic(), set_actor(actor):
        locked = SupportCase.objects.select_for_update().get(pk=case.pk)
        if expected_version is not None and locked.version != expected_version:
            raise ConflictError()
        errors = _transition_errors(locked, to, closure_reason, on)
        if errors:
            raise ValidationError(errors)
        from_state = locked.state
        closing = to == CaseState.CLOSED
        CaseTransition.objects.create(
            case=locked,
            from_state=from_state,
            to_state=to,
            on=on,
            reason=reason,
            closure_reason=(closure_reason or "") if closing else "",
            actor=actor,
        )
        locked.state = to
        if closing:
            locked.closed_on = on
            locked.closure_reason = closure_reason
            locked.closure_note = closure_note
            locked.retention_until = deadlines.retention_until(locked.legal_framework, on)
        elif from_state == CaseState.CLOSED:
            locked.closed_on = None
            locked.closure_reason = ""
            locked.closure_note = ""
            locked.retention_until = None
        locked.version += 1
        locked.full_clean()
        locked.save()
        _meet(locked, deadlines.met_by_entering(to), on)
    for field in (
        "state",
        "closed_on",
        "closure_reason",
        "closure_note",
        "retention_until",
        "version",
    ):
        setattr(case, field, getattr(locked, field))
    return locked


def _lock_open_case(case: SupportCase) -> SupportCase:
    locked = SupportCase.objects.select_for_update().get(pk=case.pk)
    if locked.state == CaseState.CLOSED:
        raise ValidationError(
            _("This case is closed. Reopen it before recording anything new."),
            code="case_closed",
        )
    return locked


def record_contact(*, actor, contact: Contact) -> Contact:
    """Record a contact moment on an open case; it meets the first-contact deadline."""
    with transaction.atomic(), set_actor(actor):
        case = _lock_open_case(contact.case)
        contact.recorded_by = actor
        contact.full_clean()
        contact.save()
        _meet(case, deadlines.met_by_contact(), contact.date)
    return contact


def record_conversation(*, actor, conversation: Conversation) -> Conversation:
    """Record a conversation or research step and its outcome on an open case."""
    with transaction.atomic(), set_actor(actor):
        case = _lock_open_case(conversation.case)
        conversation.recorded_by = actor
        conversation.full_clean()
        conversation.save()
        _meet(case, deadlines.met_by_conversation(conversation.kind), conversation.held_on)
    return conversation


def send_referral(*, actor, referral: Referral) -> Referral:
    """Record a referral to additional support; in a Wmo case it is the application, so a
    decision deadline is stored for it."""
    with transaction.atomic(), set_actor(actor):
        case = _lock_open_case(referral.case)
        referral.recorded_by = actor
        referral.status = ReferralStatus.SENT
        referral.responded_on = None
        referral.full_clean()
        referral.save()
        _store(
            case,
            deadlines.on_referral(legal_framework=case.legal_framework, sent_on=referral.sent_on),
            referral=referral,
        )
    return referral


def answer_referral(
    *,
    actor,
    referral: Referral,
    status: str,
    responded_on: datetime.date,
    response: str = "",
    expected_version: int,
) -> Referral:
    """Record the answer to a referral (accepted, refused or withdrawn). An answer is final.

    The answer settles the application, so it meets the referral's Wmo decision deadline.
    ``referral`` must hold the values that were read together with ``expected_version``.
    """
    if status not in workflow.REFERRAL_TRANSITIONS.get(referral.status, frozenset()):
        if referral.status != ReferralStatus.SENT:
            message = _("This referral has already been answered (%(status)s).") % {
                "status": referral.get_status_display()
            }
        else:
            message = _("Choose accepted, refused or withdrawn.")
        raise ValidationError({"status": ValidationError(message, code="illegal_status")})
    referral.status = status
    referral.responded_on = responded_on
    referral.response = response
    with transaction.atomic(), set_actor(actor):
        save_versioned(referral, actor=actor, expected_version=expected_version)
        _meet(referral.case, {DeadlineKind.WMO_DECISION}, responded_on, referral=referral)
    return referral


def _store(case: SupportCase, rules, referral: Referral | None = None) -> list[CaseDeadline]:
    """Store computed deadlines; each row keeps the rule text it was computed with."""
    rows = [
        CaseDeadline(
            case=case,
            kind=rule.kind,
            referral=referral,
            started_on=rule.started_on,
            due_on=rule.due_on,
            computed_with=rule.computed_with,
        )
        for rule in rules
    ]
    for row in rows:
        row.full_clean()
        row.save()  # one by one: the audit trail records each deadline
    return rows


def _meet(case: SupportCase, kinds, on: datetime.date, referral: Referral | None = None) -> None:
    """Mark the case's deadlines of ``kinds`` met on ``on``: the earliest event counts."""
    if not kinds:
        return
    qs = CaseDeadline.objects.filter(case=case, kind__in=kinds)
    qs = qs.filter(referral=referral) if referral is not None else qs.filter(referral__isnull=True)
    for deadline in qs.filter(Q(met_on__isnull=True) | Q(met_on__gt=on)):
        deadline.met_on = on
        deadline.save(update_fields=["met_on"])
