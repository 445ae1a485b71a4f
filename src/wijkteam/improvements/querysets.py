"""Reads of improvement plans and actions; aggregates run in the database."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from wijkteam.core.models import AppendOnlyError
from wijkteam.improvements.scoping import can_see_plans, plan_scope

ACTIVE = ("open", "in_progress")


class ImprovementPlanQuerySet(models.QuerySet):
    def visible_for(self, user):
        if not can_see_plans(user):
            return self.none()
        return self.filter(plan_scope(user))

    def active(self):
        """Work to do: open or in progress."""
        return self.filter(state__in=ACTIVE)

    def overdue(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.active().filter(due_on__lt=on)

    def from_origin(self, obj):
        """Plans that came from ``obj`` (an incident, complaint, breach, ...)."""
        content_type = ContentType.objects.get_for_model(type(obj))
        return self.filter(origin_content_type=content_type, origin_object_id=obj.pk)


class ImprovementActionQuerySet(models.QuerySet):
    def visible_for(self, user):
        if not can_see_plans(user):
            return self.none()
        return self.filter(plan_scope(user, prefix="plan__"))

    def unfinished(self):
        """Open or in progress, in a plan that is still being worked on."""
        return self.filter(status__in=ACTIVE, plan__state__in=ACTIVE)

    def overdue(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.unfinished().filter(due_on__lt=on)

    def due_between(self, start: datetime.date, end: datetime.date):
        return self.unfinished().filter(due_on__gte=start, due_on__lte=end)


class PlanTransitionQuerySet(models.QuerySet):
    def visible_for(self, user):
        if not can_see_plans(user):
            return self.none()
        return self.filter(plan_scope(user, prefix="plan__"))

    def update(self, **kwargs):
        raise AppendOnlyError("PlanTransition is append-only")

    def delete(self):
        raise AppendOnlyError("PlanTransition is append-only")

    delete.queryset_only = True
