"""Who may see which support plan: the plan follows its case, the case follows its resident.

``plan_scope(user, prefix)`` is the one Q object for plans, goals, evaluations and actions;
``prefix`` is the lookup path from the model to the plan (``"plan__"`` for a goal).
"""

from django.db.models import Q

from wijkteam.residents.scoping import can_see_residents


def can_see_plans(user) -> bool:
    return can_see_residents(user) and user.has_perm("plans.view_supportplan")


def plan_scope(user, prefix: str = "") -> Q:
    """The plans (or rows below a plan) whose case is visible to ``user``."""
    from wijkteam.support.models import SupportCase

    visible_cases = SupportCase.objects.visible_for(user).values("pk")
    return Q(**{f"{prefix}case__in": visible_cases})
