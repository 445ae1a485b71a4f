"""Reads of the incident register. Aggregates run in the database; the ``quality`` app builds
its overview (for the municipality and the board: counts only) on the helpers below."""

import datetime

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import timezone

from wijkteam.core.models import AppendOnlyError
from wijkteam.incidents.scoping import can_see_incidents, incident_scope
from wijkteam.incidents.workflow import (
    AFTERCARE_OPEN_STATES,
    CALAMITY_OPEN_STATES,
    CARE_NEED_OPEN_STATES,
    CalamityState,
    IncidentState,
)

# "Due soon" is a rolling week, as for the support deadlines: today and the six days after.
DUE_SOON_DAYS = 6


def _today(on):
    return on or timezone.localdate()


class IncidentQuerySet(models.QuerySet):
    def visible_for(self, user):
        if not can_see_incidents(user):
            return self.none()
        return self.filter(incident_scope(user))

    # --- states and deadlines

    def open(self):
        return self.exclude(state=IncidentState.CLOSED)

    def closed(self):
        return self.filter(state=IncidentState.CLOSED)

    def aftercare_open(self):
        """The aftercare conversation is still to be confirmed."""
        return self.filter(state__in=AFTERCARE_OPEN_STATES)

    def aftercare_overdue(self, on: datetime.date | None = None):
        """Aftercare not confirmed and its stored due date before ``on`` (today)."""
        return self.aftercare_open().filter(aftercare_due_on__lt=_today(on))

    def aftercare_due_soon(self, on: datetime.date | None = None):
        on = _today(on)
        return self.aftercare_open().filter(
            aftercare_due_on__gte=on,
            aftercare_due_on__lte=on + datetime.timedelta(days=DUE_SOON_DAYS),
        )

    def aftercare_late(self):
        """Aftercare confirmed after its due date (for figures: was it on time?)."""
        return self.filter(
            aftercare_done_on__isnull=False, aftercare_done_on__gt=models.F("aftercare_due_on")
        )

    def with_open_follow_ups(self):
        from wijkteam.incidents.models import FollowUpAction

        return self.filter(
            Exists(FollowUpAction.objects.filter(incident=OuterRef("pk"), done_on__isnull=True))
        )

    def with_overdue_follow_ups(self, on: datetime.date | None = None):
        from wijkteam.incidents.models import FollowUpAction

        return self.filter(
            Exists(FollowUpAction.objects.overdue(on).filter(incident=OuterRef("pk")))
        )

    def possible_calamities(self):
        """Incidents with a calamity procedure (flagged), whatever its outcome."""
        return self.filter(calamity__isnull=False)

    def calamities(self):
        """Incidents decided to be a calamity (reported or not yet)."""
        return self.filter(
            calamity__state__in=[
                CalamityState.CALAMITY,
                CalamityState.REPORTED,
                CalamityState.INVESTIGATED,
                CalamityState.CLOSED,
            ]
        )

    # --- filters for lists and figures

    def occurred_between(self, start: datetime.date | None, end: datetime.date | None):
        """Incidents that happened from ``start`` up to and including ``end`` (either open)."""
        qs = self
        if start:
            qs = qs.filter(occurred_on__gte=start)
        if end:
            qs = qs.filter(occurred_on__lte=end)
        return qs

    def in_category(self, *categories: int):
        return self.filter(category__in=categories)

    # --- aggregates: one query each, rows of plain values

    def _counts(self, *fields: str):
        return self.order_by().values(*fields).annotate(incidents=Count("id")).order_by(*fields)

    def by_category(self):
        """``[{"category": 1, "incidents": n}, ...]``"""
        return self._counts("category")

    def by_kind(self):
        return self._counts("kind")

    def by_team(self):
        return self._counts("team")

    def by_location_kind(self):
        return self._counts("location_kind")

    def by_year(self):
        return (
            self.order_by()
            .annotate(year=ExtractYear("occurred_on"))
            .values("year")
            .annotate(incidents=Count("id"))
            .order_by("year")
        )

    def by_month(self):
        return (
            self.order_by()
            .annotate(month=TruncMonth("occurred_on"))
            .values("month")
            .annotate(incidents=Count("id"))
            .order_by("month")
        )

    def summary(self, on: datetime.date | None = None) -> dict:
        """Totals in one query: incidents, open, aftercare overdue/late, with police or
        ambulance, possible calamities and calamities."""
        on = _today(on)
        return self.order_by().aggregate(
            incidents=Count("id"),
            open=Count("id", filter=~Q(state=IncidentState.CLOSED)),
            aftercare_overdue=Count(
                "id", filter=Q(state__in=AFTERCARE_OPEN_STATES, aftercare_due_on__lt=on)
            ),
            aftercare_late=Count(
                "id",
                filter=Q(
                    aftercare_done_on__isnull=False,
                    aftercare_done_on__gt=models.F("aftercare_due_on"),
                ),
            ),
            police=Count("id", filter=Q(police_involved=True)),
            ambulance=Count("id", filter=Q(ambulance_involved=True)),
            possible_calamities=Count("calamity"),
            calamities=Count(
                "calamity",
                filter=~Q(
                    calamity__state__in=[CalamityState.TO_ASSESS, CalamityState.NOT_CALAMITY]
                ),
            ),
        )


class IncidentRelatedQuerySet(models.QuerySet):
    """Rows about an incident follow the incident's scope."""

    def visible_for(self, user):
        if not can_see_incidents(user):
            return self.none()
        return self.filter(incident_scope(user, prefix="incident__"))


class IncidentEventQuerySet(IncidentRelatedQuerySet):
    """The history: bulk ``update()`` and ``delete()`` are refused like the model's own."""

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} is append-only")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} is append-only")

    delete.queryset_only = True


class FollowUpActionQuerySet(IncidentRelatedQuerySet):
    def open(self):
        return self.filter(done_on__isnull=True)

    def done(self):
        return self.filter(done_on__isnull=False)

    def owned_by(self, user):
        return self.filter(owner=user)

    def overdue(self, on: datetime.date | None = None):
        return self.open().filter(due_on__lt=_today(on))

    def due_between(self, start: datetime.date, end: datetime.date):
        return self.open().filter(due_on__gte=start, due_on__lte=end)

    def due_soon(self, on: datetime.date | None = None):
        on = _today(on)
        return self.due_between(on, on + datetime.timedelta(days=DUE_SOON_DAYS))


class CalamityQuerySet(IncidentRelatedQuerySet):
    def open(self):
        return self.filter(state__in=CALAMITY_OPEN_STATES)

    def to_assess(self):
        return self.filter(state=CalamityState.TO_ASSESS)

    def to_report(self):
        return self.filter(state=CalamityState.CALAMITY)

    def report_overdue(self, on: datetime.date | None = None):
        return self.to_report().filter(report_due_on__lt=_today(on))

    def report_due_soon(self, on: datetime.date | None = None):
        on = _today(on)
        return self.to_report().filter(
            report_due_on__gte=on, report_due_on__lte=on + datetime.timedelta(days=DUE_SOON_DAYS)
        )

    def reported_late(self):
        return self.filter(reported_on__isnull=False, reported_on__gt=models.F("report_due_on"))


class CareNeedQuerySet(IncidentRelatedQuerySet):
    def open(self):
        return self.filter(status__in=CARE_NEED_OPEN_STATES)

    def follow_up_overdue(self, on: datetime.date | None = None):
        return self.open().filter(follow_up_on__lt=_today(on))

    def follow_up_due_soon(self, on: datetime.date | None = None):
        on = _today(on)
        return self.open().filter(
            follow_up_on__gte=on, follow_up_on__lte=on + datetime.timedelta(days=DUE_SOON_DAYS)
        )
