from django.db import models
from django.db.models import Q

from wijkteam.core.models import AppendOnlyError
from wijkteam.organisation.querysets import ValidityQuerySet
from wijkteam.plans.scoping import can_see_plans, plan_scope
from wijkteam.plans.workflow import FINAL_STATUSES


class PlanScopedQuerySet(models.QuerySet):
    """Rows of a support plan are visible exactly when their case is (``plan_path`` below)."""

    plan_path = ""

    def visible_for(self, user):
        if not can_see_plans(user):
            return self.none()
        return self.filter(plan_scope(user, self.plan_path))


class SupportPlanQuerySet(PlanScopedQuerySet):
    plan_path = ""


class GoalQuerySet(PlanScopedQuerySet):
    plan_path = "plan__"

    def open(self):
        return self.exclude(status__in=FINAL_STATUSES)

    def active_in(self, start, end):
        """Goals that ran at some time between ``start`` and ``end`` (inclusive)."""
        return self.filter(
            Q(started_on__lte=end), Q(ended_on__isnull=True) | Q(ended_on__gte=start)
        )


class ActionQuerySet(PlanScopedQuerySet):
    plan_path = "goal__plan__"

    def open(self):
        return self.filter(done_on__isnull=True)


class GoalEvaluationQuerySet(PlanScopedQuerySet):
    """Evaluations are history: the QuerySet refuses bulk updates and deletes."""

    plan_path = "goal__plan__"

    def update(self, **kwargs):
        raise AppendOnlyError("GoalEvaluation is append-only")

    def delete(self):
        raise AppendOnlyError("GoalEvaluation is append-only")


class LifeDomainQuerySet(ValidityQuerySet):
    def for_new_goals(self, on=None, keep=None):
        """Life domains a new goal may get: active ``on`` a day, plus ``keep`` (the current one
        of an existing goal, so an old goal keeps showing its ended domain)."""
        qs = self.active(on)
        if keep is not None:
            qs = self.filter(Q(pk__in=qs.values("pk")) | Q(pk=keep))
        return qs.order_by("sort_order", "name")
