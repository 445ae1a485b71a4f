"""Restriction of processing (beperking van de verwerking, AVG art. 18).

While a resident's processing is restricted the file is kept and support goes on, but it is
not *used* beyond that: it is left out of every figure and report (dashboard aggregates,
the progress report, the municipality export) and it cannot be shared with a colleague
outside the team. The flag lives on ``Resident`` (``processing_restricted`` and since/reason/
by) so every query can filter on it; ``ProcessingRestriction`` rows keep the periods.

Writes go only through :func:`restrict_processing` and :func:`lift_restriction`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from auditlog.context import set_actor

from wijkteam.core.services import ConflictError
from wijkteam.privacy.models import ProcessingRestriction

# The labels of the restriction fields on Resident (residents/models.py), listed here so the
# privacy catalogue carries their Dutch (the residents catalogue is not this app's to change).
RESIDENT_FIELD_LABELS = (
    gettext_noop("processing restricted"),
    gettext_noop("processing restricted since"),
    gettext_noop("reason for the restriction"),
    gettext_noop("processing restricted by"),
)

SHARING_REFUSED = gettext_lazy(
    "The processing of this resident's data is restricted (AVG article 18). The file cannot "
    "be shared while the restriction holds."
)


def not_restricted(prefix: str = "") -> Q:
    """Rows whose resident's processing is not restricted; ``prefix`` reaches the resident
    (``"resident__"`` from a case, ``"plan__case__resident__"`` from a goal, ``""`` on
    ``Resident`` itself)."""
    return Q(**{f"{prefix}processing_restricted": False})


def ensure_may_share(resident) -> None:
    """Refuse sharing a restricted file (called by ``residents.services.share_resident``)."""
    if resident.processing_restricted:
        raise ValidationError(SHARING_REFUSED, code="processing_restricted")


def _check_actor(actor, resident) -> None:
    from wijkteam.residents.models import Resident

    if not actor.has_perm("privacy.restrict_processing"):
        raise PermissionDenied
    if not Resident.objects.visible_for(actor).filter(pk=resident.pk).exists():
        raise PermissionDenied


def restrict_processing(*, actor, resident, reason: str) -> ProcessingRestriction:
    """Start a restriction: append a period and set the flag on the resident, in one
    transaction with the resident locked. Refused when already restricted or without a
    reason."""
    from wijkteam.residents.models import Resident

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Give the reason for the restriction.")}, code="reason_required"
        )
    _check_actor(actor, resident)
    now = timezone.now()
    with transaction.atomic(), set_actor(actor):
        locked = Resident.objects.select_for_update().get(pk=resident.pk)
        if locked.processing_restricted:
            raise ValidationError(
                _("Processing of this resident is already restricted."),
                code="already_restricted",
            )
        restriction = ProcessingRestriction(
            resident=locked, reason=reason, started_at=now, started_by=actor
        )
        restriction.full_clean()
        restriction.save()
        locked.processing_restricted = True
        locked.processing_restricted_since = now
        locked.processing_restriction_reason = reason
        locked.processing_restricted_by = actor
        locked.version += 1
        locked.save(
            update_fields=[
                "processing_restricted",
                "processing_restricted_since",
                "processing_restriction_reason",
                "processing_restricted_by",
                "version",
                "updated_at",
            ]
        )
    resident.refresh_from_db()
    return restriction


def lift_restriction(
    *, actor, resident, reason: str, expected_version: int | None = None
) -> ProcessingRestriction:
    """End the current restriction: record when, by whom and why, and clear the flag.
    ``expected_version`` is the restriction's version the user read."""
    from wijkteam.residents.models import Resident

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"lift_reason": _("Give the reason for lifting the restriction.")},
            code="reason_required",
        )
    _check_actor(actor, resident)
    with transaction.atomic(), set_actor(actor):
        locked = Resident.objects.select_for_update().get(pk=resident.pk)
        restriction = (
            ProcessingRestriction.objects.select_for_update()
            .filter(resident=locked, lifted_at__isnull=True)
            .first()
        )
        if restriction is None or not locked.processing_restricted:
            raise ValidationError(
                _("Processing of this resident is not restricted."), code="not_restricted"
            )
        if expected_version is not None and restriction.version != expected_version:
            raise ConflictError()
        restriction.lifted_at = timezone.now()
        restriction.lifted_by = actor
        restriction.lift_reason = reason
        restriction.version += 1
        restriction.full_clean()
        restriction.save()
        locked.processing_restricted = False
        locked.processing_restricted_since = None
        locked.processing_restriction_reason = ""
        locked.processing_restricted_by = None
        locked.version += 1
        locked.save(
            update_fields=[
                "processing_restricted",
                "processing_restricted_since",
                "processing_restriction_reason",
                "processing_restricted_by",
                "version",
                "updated_at",
            ]
        )
    resident.refresh_from_db()
    return restriction
