"""Placing and lifting a legal hold on a support case (services; audited).

A hold keeps a case, and with it the resident's file, past its retention date, e.g. while a
complaint, an objection or a court case runs. Teammanagers place holds on cases of their own
teams; quality staff, who cannot open case files, on any case by its number (they see only
number, team, framework and dates). Both need ``privacy.set_legal_hold``.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auditlog.context import set_actor

from wijkteam.core.services import ConflictError
from wijkteam.privacy.models import LegalHold, RetentionTombstone, TombstoneAction


def holdable_cases(user):
    """The support cases ``user`` may place a hold on (see the module docstring)."""
    from django.db.models import Q

    from wijkteam.support.models import SupportCase
    from wijkteam.support.scoping import can_see_cases, case_scope

    if not (user and user.is_authenticated and user.has_perm("privacy.set_legal_hold")):
        return SupportCase.objects.none()
    return SupportCase.objects.filter(case_scope(user) if can_see_cases(user) else Q())


def place_legal_hold(
    *, actor, case_id: int, reason: str, until: datetime.date | None = None
) -> LegalHold:
    """Place a hold on case ``case_id``. Refused (Dutch message, nothing saved) when the case
    is out of the actor's reach, already anonymised, already held, the reason is empty or
    the end date has passed. An expired hold that was never lifted is closed first."""

    reason = (reason or "").strip()
    today = timezone.localdate()
    errors = {}
    if not reason:
        errors["reason"] = ValidationError(
            _("Give the reason why the file must be kept."), code="reason_required"
        )
    if until is not None and until < today:
        errors["until"] = ValidationError(
            _("The end date cannot be in the past."), code="until_in_past"
        )
    current = []
    with transaction.atomic(), set_actor(actor):
        case = (
            holdable_cases(actor).select_for_update().filter(pk=case_id).first()
            if case_id
            else None
        )
        if case is None:
            errors["case"] = ValidationError(
                _("There is no support case with this number that you may place a hold on."),
                code="case_out_of_scope",
            )
        elif RetentionTombstone.objects.filter(
            model="support.supportcase", object_id=case.pk, action=TombstoneAction.ANONYMISED
        ).exists():
            errors["case"] = ValidationError(
                _("This case has already been anonymised; there is nothing left to keep."),
                code="case_anonymised",
            )
        else:
            current = list(
                LegalHold.objects.select_for_update().filter(case=case, lifted_at__isnull=True)
            )
            for hold in current:
                if hold.is_active(today):
                    errors["case"] = ValidationError(
                        _("This case already has a legal hold (placed on %(date)s).")
                        % {"date": timezone.localtime(hold.placed_at).strftime("%d-%m-%Y")},
                        code="already_held",
                    )
                    break
        if errors:
            raise ValidationError(errors)
        for expired in current:
            _close(expired, actor=actor, reason=_("The end date had passed."))
        hold = LegalHold(case=case, reason=reason, until=until, placed_by=actor)
        hold.full_clean()
        hold.save()
    return hold


def lift_legal_hold(*, actor, hold: LegalHold, reason: str, expected_version: int) -> LegalHold:
    """Lift a hold, with a reason; the case follows the retention rules again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Give the reason for lifting the hold."), code="required")}
        )
    with transaction.atomic(), set_actor(actor):
        locked = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if locked.version != expected_version:
            raise ConflictError()
        if locked.lifted_at is not None:
            raise ValidationError(_("This hold has already been lifted."), code="already_lifted")
        _close(locked, actor=actor, reason=reason)
    return locked


def _close(hold: LegalHold, *, actor, reason: str) -> None:
    hold.lifted_at = timezone.now()
    hold.lifted_by = actor
    hold.lift_reason = reason
    hold.version += 1
    hold.save(update_fields=["lifted_at", "lifted_by", "lift_reason", "version"])
