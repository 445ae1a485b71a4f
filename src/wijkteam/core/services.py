"""The shared write path: optimistic concurrency and an explicit actor for the audit trail."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from auditlog.context import set_actor

CONFLICT_MESSAGE = _(
    "Someone else changed this record while you were editing it. Your changes have not been "
    "saved; they are still in the form. Reload the page to see the latest version, then "
    "make your changes again."
)


class ConflictError(ValidationError):
    """The record changed since the form was loaded: nothing was saved."""

    def __init__(self):
        super().__init__(CONFLICT_MESSAGE, code="conflict")


def create_audited(instance, *, actor):
    """Validate and insert ``instance``; the audit trail records ``actor``."""
    with transaction.atomic(), set_actor(actor):
        instance.full_clean()
        instance.save()
    return instance


def save_versioned(instance, *, actor, expected_version: int, exclude=None):
    """Save ``instance`` only if nobody saved it since ``expected_version`` was read.

    The row is locked while compared (``select_for_update``; SQLite serialises writers with
    IMMEDIATE transactions), the version is bumped, and the audit trail records ``actor``.
    """
    model = type(instance)
    with transaction.atomic(), set_actor(actor):
        current = (
            model._base_manager.select_for_update()
            .filter(pk=instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is None or current != expected_version:
            raise ConflictError()
        instance.full_clean(exclude=exclude)
        instance.version = current + 1
        instance.save()
    return instance
