"""Reads of break-the-glass grants and their reviews. Both are append-only logs."""

import datetime

from django.db import models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from wijkteam.core.models import AppendOnlyError
from wijkteam.oversight.scoping import can_read_grants
from wijkteam.oversight.workflow import OPEN_STATUSES, ReviewStatus


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk ``update()`` and ``delete()`` are refused like the model's own save and delete."""

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} is append-only")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} is append-only")

    delete.queryset_only = True


class BreakGlassGrantQuerySet(AppendOnlyQuerySet):
    def visible_for(self, user):
        """Reviewers (quality, functioneel beheer) see every grant; a worker only their own."""
        if not user or not user.is_authenticated:
            return self.none()
        if can_read_grants(user):
            return self.all()
        return self.filter(user=user)

    def active(self, now: datetime.datetime | None = None):
        """Grants that open their file at ``now``: granted at or before, expiring after it."""
        now = now or timezone.now()
        return self.filter(granted_at__lte=now, expires_at__gt=now)

    def covering(self, *, user, resident, at):
        """Grants of ``user`` for ``resident`` that were active at ``at`` (values or OuterRefs).

        Links an access-log entry to the grant it was made under, by user, resident and time.
        """
        return self.filter(user=user, resident_id=resident, granted_at__lte=at, expires_at__gt=at)

    def with_review_status(self):
        """Annotate ``review_status``: the outcome of the latest review, or *unreviewed*."""
        from wijkteam.oversight.models import BreakGlassReview

        latest = (
            BreakGlassReview.objects.filter(grant=OuterRef("pk"))
            .order_by("-reviewed_at", "-id")
            .values("outcome")[:1]
        )
        return self.annotate(
            review_status=Coalesce(
                Subquery(latest, output_field=models.CharField()),
                Value(ReviewStatus.UNREVIEWED.value),
                output_field=models.CharField(),
            )
        )

    def open_for_review(self):
        """The reviewers' to-do list: unreviewed grants and those that need follow-up."""
        return self.with_review_status().filter(review_status__in=list(OPEN_STATUSES))

    def granted_between(self, lower, upper):
        return self.filter(granted_at__gte=lower, granted_at__lt=upper)


class BreakGlassReviewQuerySet(AppendOnlyQuerySet):
    def visible_for(self, user):
        """Reviews are read by the reviewers only (quality, functioneel beheer)."""
        if not user or not user.is_authenticated or not can_read_grants(user):
            return self.none()
        return self.all()
