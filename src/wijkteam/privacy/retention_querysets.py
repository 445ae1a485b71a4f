"""Reads of the retention records: runs, their report items, tombstones and legal holds."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from wijkteam.core.models import AppendOnlyError


class RetentionRunQuerySet(models.QuerySet):
    def visible_for(self, user):
        """Run reports hold metadata only (numbers, no names): whoever may read them sees all."""
        if not (user and user.is_authenticated and user.has_perm("privacy.view_retentionrun")):
            return self.none()
        return self.all()

    def real(self):
        return self.filter(dry_run=False)

    def dry(self):
        return self.filter(dry_run=True)


class AppendOnlyRetentionQuerySet(models.QuerySet):
    """Report items and tombstones are never changed: bulk ``update()``/``delete()`` raise."""

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} is append-only")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} is append-only")

    delete.queryset_only = True


class RetentionRunItemQuerySet(AppendOnlyRetentionQuerySet):
    def visible_for(self, user):
        if not (user and user.is_authenticated and user.has_perm("privacy.view_retentionrun")):
            return self.none()
        return self.all()


class RetentionTombstoneQuerySet(AppendOnlyRetentionQuerySet):
    def visible_for(self, user):
        if not (user and user.is_authenticated and user.has_perm("privacy.view_retentionrun")):
            return self.none()
        return self.all()

    def of(self, model_label: str):
        return self.filter(model=model_label.lower())


def legal_hold_case_scope(user) -> Q:
    """Cases whose legal holds ``user`` may see and set.

    Casework roles (who may open case files) only the cases in their scope; an
    organisation-wide role without access to case files (quality staff) every case, by
    number: a hold row shows the case number, team, framework and dates, never the resident.
    """
    from wijkteam.support.scoping import can_see_cases, case_scope

    if can_see_cases(user):
        return case_scope(user, prefix="case__")
    return Q()


class LegalHoldQuerySet(models.QuerySet):
    def visible_for(self, user):
        if not (user and user.is_authenticated and user.has_perm("privacy.view_legalhold")):
            return self.none()
        return self.filter(legal_hold_case_scope(user))

    def active(self, on: datetime.date | None = None):
        """Holds not lifted and not past their end date on ``on`` (default today)."""
        on = on or timezone.localdate()
        return self.filter(lifted_at__isnull=True).filter(Q(until__isnull=True) | Q(until__gte=on))
