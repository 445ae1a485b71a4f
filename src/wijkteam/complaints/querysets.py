"""Reads of complaints. ``visible_for`` for pages and API; the aggregate helpers below are for
the ``quality`` app's overview and count in the database (no complaint leaves it).

Aggregate helpers are deliberately unscoped: the caller decides who may see figures (the
municipality and the board see aggregates only, never a complaint). Chain them::

    Complaint.objects.received_between(start, end).count_by_category()
    Complaint.objects.open().overdue(on=today).count()
"""

import datetime

from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from wijkteam.complaints.scoping import can_see_complaints, complaint_scope
from wijkteam.complaints.workflow import UNDECIDED_STATES, ComplaintState
from wijkteam.core.models import AppendOnlyError

# "This week" is a rolling week, as for support deadlines: today and the six days after it.
DUE_SOON_DAYS = 6


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


class ComplaintQuerySet(models.QuerySet):
    def visible_for(self, user):
        if not can_see_complaints(user):
            return self.none()
        return self.filter(complaint_scope(user))

    # --- states ---------------------------------------------------------------------------

    def open(self):
        """Not closed (a decided complaint is open until it is closed)."""
        return self.exclude(state=ComplaintState.CLOSED)

    def closed(self):
        return self.filter(state=ComplaintState.CLOSED)

    def undecided(self):
        """Still waiting for a decision: the decision term runs."""
        return self.filter(state__in=UNDECIDED_STATES)

    def decided(self):
        """With a judgement (founded, partly founded, unfounded) or withdrawn."""
        return self.exclude(outcome="")

    # --- period, team, category -----------------------------------------------------------

    def received_between(self, start: datetime.date | None, end: datetime.date | None):
        """Received from ``start`` to ``end``, both included; ``None`` leaves a side open."""
        qs = self
        if start:
            qs = qs.filter(received_on__gte=start)
        if end:
            qs = qs.filter(received_on__lte=end)
        return qs

    def decided_between(self, start: datetime.date | None, end: datetime.date | None):
        """Decided (or withdrawn) from ``start`` to ``end``: by decision date, or by closing
        date for a withdrawal."""
        qs = self.decided()
        date_q = Q(decided_on__isnull=False) & Q(outcome__in=_judgements())
        if start:
            date_q &= Q(decided_on__gte=start)
        closing_q = Q(outcome="withdrawn")
        if start:
            closing_q &= Q(closed_on__gte=start)
        if end:
            date_q &= Q(decided_on__lte=end)
            closing_q &= Q(closed_on__lte=end)
        return qs.filter(date_q | closing_q)

    def for_team(self, team):
        return self.filter(team=team)

    def in_category(self, category):
        return self.filter(category=category)

    # --- deadlines ------------------------------------------------------------------------

    def acknowledgement_overdue(self, on: datetime.date | None = None):
        """Received, not yet acknowledged, and the acknowledgement date has passed."""
        return self.filter(state=ComplaintState.RECEIVED, acknowledge_by__lt=_today(on))

    def decision_overdue(self, on: datetime.date | None = None):
        """Still undecided after the (possibly extended) decision date."""
        return self.undecided().filter(decision_due_on__lt=_today(on))

    def overdue(self, on: datetime.date | None = None):
        """Acknowledgement or decision overdue."""
        on = _today(on)
        return self.filter(
            Q(state=ComplaintState.RECEIVED, acknowledge_by__lt=on)
            | Q(state__in=UNDECIDED_STATES, decision_due_on__lt=on)
        )

    def acknowledgement_due_between(self, start: datetime.date, end: datetime.date):
        return self.filter(
            state=ComplaintState.RECEIVED, acknowledge_by__gte=start, acknowledge_by__lte=end
        )

    def decision_due_between(self, start: datetime.date, end: datetime.date):
        return self.undecided().filter(decision_due_on__gte=start, decision_due_on__lte=end)

    def due_this_week(self, on: datetime.date | None = None):
        """An acknowledgement or decision due today or within the next six days."""
        on = _today(on)
        end = on + datetime.timedelta(days=DUE_SOON_DAYS)
        return self.filter(
            Q(state=ComplaintState.RECEIVED, acknowledge_by__gte=on, acknowledge_by__lte=end)
            | Q(state__in=UNDECIDED_STATES, decision_due_on__gte=on, decision_due_on__lte=end)
        )

    # --- aggregates (one query each; rows of dicts) -----------------------------------------

    def _count_by(self, *fields: str):
        return self.order_by().values(*fields).annotate(count=Count("id")).order_by(*fields)

    def count_by_category(self):
        """Rows ``{"category", "category__name", "count"}``; no category: ``None``."""
        return self._count_by("category", "category__name")

    def count_by_outcome(self):
        """Rows ``{"outcome", "count"}``; ``""`` for complaints without an outcome yet."""
        return self._count_by("outcome")

    def count_by_team(self):
        """Rows ``{"team", "team__name", "count"}``; no team: ``None``."""
        return self._count_by("team", "team__name")

    def count_by_state(self):
        return self._count_by("state")

    def count_by_month(self):
        """Rows ``{"month" (first day of the month of receipt), "count"}``."""
        return (
            self.order_by()
            .annotate(month=TruncMonth("received_on"))
            .values("month")
            .annotate(count=Count("id"))
            .order_by("month")
        )

    def count_by_category_and_outcome(self):
        return self._count_by("category", "category__name", "outcome")


def _judgements():
    from wijkteam.complaints.choices import DECISION_OUTCOMES

    return [str(o) for o in DECISION_OUTCOMES]


class ComplaintEventQuerySet(models.QuerySet):
    """History rows follow their complaint's scope; bulk update and delete are refused."""

    def visible_for(self, user):
        if not can_see_complaints(user):
            return self.none()
        return self.filter(complaint_scope(user, prefix="complaint__"))

    def update(self, **kwargs):
        raise AppendOnlyError("ComplaintEvent is append-only")

    def delete(self):
        raise AppendOnlyError("ComplaintEvent is append-only")

    delete.queryset_only = True
