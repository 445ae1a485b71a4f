"""Who may see which improvement plan: the Q objects shared by views, API and figures.

Quality staff and the board (``view_all_improvementplans``) see every plan. A teammanager
(``view_team_improvementplans``) sees the plans of the own active teams. Everyone with
``view_improvementplan`` sees the plans they are responsible for, created, or own an action
in. Actions follow their plan.
"""

from django.db.models import Exists, OuterRef, Q


def can_see_plans(user) -> bool:
    return bool(
        user and user.is_authenticated and user.has_perm("improvements.view_improvementplan")
    )


def plan_scope(user, prefix: str = "") -> Q:
    """The Q selecting plans visible to ``user``; ``prefix`` (``"plan__"``) for actions."""
    if user.has_perm("improvements.view_all_improvementplans"):
        return Q()
    from wijkteam.improvements.models import ImprovementAction

    owns_action = ImprovementAction.objects.filter(plan=OuterRef(f"{prefix}pk"), owner=user)
    scope = (
        Q(**{f"{prefix}responsible": user})
        | Q(**{f"{prefix}created_by": user})
        | Q(Exists(owns_action))
    )
    if user.has_perm("improvements.view_team_improvementplans"):
        scope |= Q(**{f"{prefix}team_id__in": user.active_team_ids()})
    return scope
