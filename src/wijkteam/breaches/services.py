"""Writes of the data-breach register: report, edit the facts, change the state.

Views, API, commands and tasks all call these functions. Each owns its transaction, locks the
breach row where it reads-then-writes, sets the actor for the audit trail and appends the
state history explicitly (no signal receivers). Quality staff hear about a new breach after
commit: the 72 hours run from the discovery, not from office hours.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auditlog.context import set_actor

from wijkteam.breaches import deadlines, workflow
from wijkteam.breaches.choices import RiskLevel
from wijkteam.breaches.models import BreachTransition, DataBreach
from wijkteam.breaches.workflow import BreachState
from wijkteam.core.services import ConflictError, save_versioned

# Facts a handler may correct after the report; the discovery time is not among them, because
# the AP deadline was computed and stored from it.
EDITABLE_FIELDS = (
    "team",
    "discovered_by",
    "kind",
    "description",
    "data_categories",
    "persons_affected",
    "persons_estimated",
    "persons_notified_at",
    "persons_not_notified_reason",
    "measures",
)


def report_breach(*, actor, breach: DataBreach) -> DataBreach:
    """Register a breach reported by ``actor``; stores the 72-hour AP deadline."""
    breach.reported_by = actor
    if breach.discovered_by_id is None:
        breach.discovered_by = actor
    breach.reported_at = timezone.now()
    breach.state = workflow.INITIAL_STATE
    if breach.discovered_at is None:
        raise ValidationError(
            {"discovered_at": _("Give the date and time the breach was discovered.")}
        )
    breach.ap_deadline = deadlines.ap_deadline(breach.discovered_at)
    with transaction.atomic(), set_actor(actor):
        breach.full_clean()
        breach.save()
        BreachTransition.objects.create(
            breach=breach, from_state="", to_state=breach.state, actor=actor
        )
        transaction.on_commit(lambda: _announce(breach.pk))
    return breach


def _announce(breach_id: int) -> None:
    from wijkteam.breaches.reminders import new_breach_reminders
    from wijkteam.notifications.services import notify

    breach = DataBreach.objects.select_related("team").get(pk=breach_id)
    for reminder in new_breach_reminders(breach):
        notify(reminder)


def update_breach(*, actor, breach: DataBreach, expected_version: int) -> DataBreach:
    """Save corrected facts; refused for a closed breach or when someone saved meanwhile."""
    if breach.state == BreachState.CLOSED:
        raise ValidationError(_("This data breach is closed; it can no longer be changed."))
    return save_versioned(breach, actor=actor, expected_version=expected_version)


def next_steps(breach: DataBreach) -> list[str]:
    return workflow.allowed_targets(breach.state)


def _text(value) -> str:
    return (value or "").strip()


def _transition_errors(breach: DataBreach, to: str, data: dict, now) -> dict:
    from_state = breach.state
    if to not in BreachState.values:
        return {"to": ValidationError(_("Unknown state."), code="unknown_state")}
    if not workflow.is_allowed(from_state, to):
        return {
            "to": ValidationError(
                _("A data breach cannot go from “%(from)s” to “%(to)s”.")
                % {"from": BreachState(from_state).label, "to": BreachState(to).label},
                code="illegal_transition",
            )
        }
    needs = workflow.requirement(from_state, to)
    errors = {}
    if needs.risk_assessment:
        if data["risk_level"] not in RiskLevel.values:
            errors["risk_level"] = ValidationError(
                _("Choose the risk for the persons concerned."), code="risk_required"
            )
        if not _text(data["risk_rationale"]):
            errors["risk_rationale"] = ValidationError(
                _("Explain the risk assessment: which data, how many persons, what could happen."),
                code="rationale_required",
            )
    if needs.ap_notification:
        notified_at = data["ap_notified_at"]
        if notified_at is None:
            errors["ap_notified_at"] = ValidationError(
                _("Give the date and time of the notification to the AP."),
                code="notified_at_required",
            )
        elif notified_at > now + datetime.timedelta(minutes=5):
            errors["ap_notified_at"] = ValidationError(
                _("The notification cannot be in the future."), code="in_future"
            )
        elif notified_at < breach.discovered_at:
            errors["ap_notified_at"] = ValidationError(
                _("The notification cannot be before the breach was discovered."),
                code="before_discovery",
            )
        elif notified_at > breach.ap_deadline and not _text(data["ap_delay_reason"]):
            errors["ap_delay_reason"] = ValidationError(
                _(
                    "The notification was later than 72 hours after discovery; the AP asks "
                    "for the reason of the delay."
                ),
                code="delay_reason_required",
            )
        if not _text(data["ap_reference"]):
            errors["ap_reference"] = ValidationError(
                _("Give the reference number the AP gave the notification."),
                code="reference_required",
            )
    if needs.no_notification_reason:
        if breach.risk_level != RiskLevel.NONE:
            errors["to"] = ValidationError(
                _(
                    "This breach was assessed as a risk for the persons concerned, so it must "
                    "be notified to the AP. Reassess the risk first if it is lower."
                ),
                code="risk_requires_notification",
            )
        elif not _text(data["no_notification_reason"]):
            errors["no_notification_reason"] = ValidationError(
                _("Record why the breach is not notified to the AP."),
                code="no_notification_reason_required",
            )
    if needs.measures and not _text(
        data["measures"] if data["measures"] is not None else breach.measures
    ):
        errors["measures"] = ValidationError(
            _("Record the measures taken before closing the breach."), code="measures_required"
        )
    if needs.persons_decision and breach.risk_level == RiskLevel.HIGH:
        informed = data["persons_notified_at"] or breach.persons_notified_at
        why_not = _text(
            data["persons_not_notified_reason"]
            if data["persons_not_notified_reason"] is not None
            else breach.persons_not_notified_reason
        )
        if not informed and not why_not:
            errors["persons_notified_at"] = ValidationError(
                _(
                    "At high risk the persons concerned must be informed: give the date and "
                    "time, or record why they are not informed."
                ),
                code="persons_decision_required",
            )
    return errors


def transition_breach(
    breach: DataBreach,
    to: str,
    *,
    actor,
    reason: str = "",
    risk_level: str | None = None,
    risk_rationale: str = "",
    ap_notified_at: datetime.datetime | None = None,
    ap_reference: str = "",
    ap_delay_reason: str = "",
    no_notification_reason: str = "",
    measures: str | None = None,
    persons_notified_at: datetime.datetime | None = None,
    persons_not_notified_reason: str | None = None,
    expected_version: int | None = None,
) -> DataBreach:
    """Move ``breach`` to state ``to`` if the table in ``workflow.py`` allows it.

    In one transaction with the breach row locked: check the table and the transition's
    requirements, append a ``BreachTransition``, store what the step records (assessment,
    AP notification or the reason not to notify, measures, closing time) and bump the version.
    A refused transition raises ``ValidationError`` with a Dutch message and saves nothing;
    with ``expected_version`` a concurrent change is refused (``ConflictError``).
    """
    now = timezone.now()
    data = {
        "risk_level": risk_level,
        "risk_rationale": risk_rationale,
        "ap_notified_at": ap_notified_at,
        "ap_reference": ap_reference,
        "ap_delay_reason": ap_delay_reason,
        "no_notification_reason": no_notification_reason,
        "measures": measures,
        "persons_notified_at": persons_notified_at,
        "persons_not_notified_reason": persons_not_notified_reason,
    }
    with transaction.atomic(), set_actor(actor):
        locked = DataBreach.objects.select_for_update().get(pk=breach.pk)
        if expected_version is not None and locked.version != expected_version:
            raise ConflictError()
        errors = _transition_errors(locked, to, data, now)
        if errors:
            raise ValidationError(errors)
        from_state = locked.state
        needs = workflow.requirement(from_state, to)
        BreachTransition.objects.create(
            breach=locked, from_state=from_state, to_state=to, reason=reason, actor=actor, at=now
        )
        if needs.risk_assessment:
            locked.risk_level = risk_level
            locked.risk_rationale = risk_rationale.strip()
            locked.assessed_at = now
            locked.assessed_by = actor
        if needs.ap_notification:
            locked.ap_notified_at = ap_notified_at
            locked.ap_reference = ap_reference.strip()
            locked.ap_delay_reason = (
                ap_delay_reason.strip() if ap_notified_at > locked.ap_deadline else ""
            )
        if needs.no_notification_reason:
            locked.no_notification_reason = no_notification_reason.strip()
        if measures is not None:
            locked.measures = measures.strip()
        if persons_notified_at is not None:
            locked.persons_notified_at = persons_notified_at
        if persons_not_notified_reason is not None:
            locked.persons_not_notified_reason = persons_not_notified_reason.strip()
        locked.state = to
        if to == BreachState.CLOSED:
            locked.closed_at = now
        locked.version += 1
        locked.full_clean()
        locked.save()
    for name in (f.attname for f in DataBreach._meta.concrete_fields):
        setattr(breach, name, getattr(locked, name))
    return locked
