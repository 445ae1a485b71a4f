"""Reads of support cases and what is recorded on them; aggregates run in the database."""

import datetime

from django.db import models
from django.db.models import Count, Min, Q
from django.utils import timezone

from wijkteam.core.models import AppendOnlyError
from wijkteam.support.scoping import can_see_cases, case_scope
from wijkteam.support.workflow import CaseState

# "This week" for deadlines is a rolling week: today and the six days after it, so that on a
# Friday the deadlines of the next Monday to Thursday are in view too.
DUE_SOON_DAYS = 6


class SupportCaseQuerySet(models.QuerySet):
    def visible_for(self, user):
        """A case is visible to whoever may see its resident (team or explicit share)."""
        if not can_see_cases(user):
            return self.none()
        return self.filter(case_scope(user))

    def open(self):
        return self.filter(closed_on__isnull=True)

    def closed(self):
        return self.filter(closed_on__isnull=False)

    def coordinated_by(self, user):
        return self.filter(coordinator=user)

    def with_next_deadline(self):
        """Annotate ``next_due_on``: the earliest unmet deadline (None when there is none)."""
        return self.annotate(
            next_due_on=Min("deadlines__due_on", filter=Q(deadlines__met_on__isnull=True))
        )

    def _caseload(self, *group_by: str):
        return (
            self.open()
            .order_by()
            .values(*group_by)
            .annotate(
                open_cases=Count("id"),
                # A case without a registered household counts as a household of its own.
                households=Count("household", distinct=True)
                + Count("id", filter=Q(household__isnull=True)),
                registered=Count("id", filter=Q(state=CaseState.REGISTERED)),
                investigating=Count("id", filter=Q(state=CaseState.INVESTIGATING)),
                plan_active=Count("id", filter=Q(state=CaseState.PLAN_ACTIVE)),
                evaluating=Count("id", filter=Q(state=CaseState.EVALUATING)),
            )
            .order_by(*group_by)
        )

    def caseload_by_coordinator(self):
        """Open cases and households per coordinating worker, one row per worker (one query).

        Rows: ``coordinator`` (id or None), ``open_cases``, ``households`` and a count per open
        state.
        """
        return self._caseload("coordinator")

    def caseload_by_team(self):
        """Open cases, households and the number of coordinating workers per team."""
        return self._caseload("team").annotate(coordinators=Count("coordinator", distinct=True))


class CaseRelatedQuerySet(models.QuerySet):
    """Rows recorded on a case follow the case's scope."""

    def visible_for(self, user):
        if not can_see_cases(user):
            return self.none()
        return self.filter(case_scope(user, prefix="case__"))


class AppendOnlyCaseQuerySet(CaseRelatedQuerySet):
    """History rows: bulk ``update()`` and ``delete()`` are refused like the model's own."""

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} is append-only")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} is append-only")

    delete.queryset_only = True


class CaseDeadlineQuerySet(CaseRelatedQuerySet):
    def unmet(self):
        return self.filter(met_on__isnull=True)

    def of_open_cases(self):
        return self.filter(case__closed_on__isnull=True)

    def due_between(self, start: datetime.date, end: datetime.date):
        """Unmet deadlines of open cases due from ``start`` to ``end`` (both included)."""
        return self.unmet().of_open_cases().filter(due_on__gte=start, due_on__lte=end)

    def due_this_week(self, on: datetime.date | None = None):
        """Unmet deadlines of open cases due from ``on`` (today) up to six days later: a
        rolling week, so on a Friday the next Monday to Thursday are included."""
        on = on or timezone.localdate()
        return self.due_between(on, on + datetime.timedelta(days=DUE_SOON_DAYS))

    def overdue(self, on: datetime.date | None = None):
        """Unmet deadlines of open cases whose due date is before ``on`` (today).

        A closed case's unmet deadline was missed, but is no longer work to do: it stays in
        the data for figures and is left out here.
        """
        on = on or timezone.localdate()
        return self.unmet().of_open_cases().filter(due_on__lt=on)
