"""Reads of the data-breach register; aggregates run in the database."""

import datetime

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from wijkteam.breaches.scoping import breach_scope, can_see_breaches
from wijkteam.core.models import AppendOnlyError

UNDECIDED = ("reported", "assessed")


class DataBreachQuerySet(models.QuerySet):
    def visible_for(self, user):
        if not can_see_breaches(user):
            return self.none()
        return self.filter(breach_scope(user))

    def undecided(self):
        """No decision on notifying the AP yet (reported or assessed)."""
        return self.filter(state__in=UNDECIDED)

    def open(self):
        return self.exclude(state="closed")

    def overdue(self, now: datetime.datetime | None = None):
        """The 72-hour AP deadline passed without a decision."""
        now = now or timezone.now()
        return self.undecided().filter(ap_deadline__lt=now)

    def due_within(self, hours: int, now: datetime.datetime | None = None):
        """Undecided breaches whose AP deadline falls in the next ``hours`` hours."""
        now = now or timezone.now()
        return self.undecided().filter(
            ap_deadline__gte=now, ap_deadline__lt=now + datetime.timedelta(hours=hours)
        )

    def discovered_between(self, start: datetime.datetime, end: datetime.datetime):
        return self.filter(discovered_at__gte=start, discovered_at__lt=end)

    def counts_by_risk(self) -> dict[str, int]:
        """Breaches per risk level ("" = not assessed yet), one query."""
        return dict(
            self.order_by()
            .values_list("risk_level")
            .annotate(n=Count("id"))
            .values_list("risk_level", "n")
        )

    def summary(self, now: datetime.datetime | None = None) -> dict[str, int]:
        """Total, notified to the AP, notified late, overdue and open, in one query."""
        now = now or timezone.now()
        return self.aggregate(
            total=Count("id"),
            notified=Count("id", filter=Q(ap_notified_at__isnull=False)),
            notified_late=Count(
                "id",
                filter=Q(ap_notified_at__isnull=False, ap_notified_at__gt=models.F("ap_deadline")),
            ),
            overdue=Count("id", filter=Q(state__in=UNDECIDED, ap_deadline__lt=now)),
            open=Count("id", filter=~Q(state="closed")),
        )


class BreachTransitionQuerySet(models.QuerySet):
    """History rows follow their breach's scope; bulk ``update()``/``delete()`` are refused."""

    def visible_for(self, user):
        if not can_see_breaches(user):
            return self.none()
        return self.filter(breach_scope(user, prefix="breach__"))

    def update(self, **kwargs):
        raise AppendOnlyError("BreachTransition is append-only")

    def delete(self):
        raise AppendOnlyError("BreachTransition is append-only")

    delete.queryset_only = True
