"""Who may see which resident: the Q objects shared by views, API, search and exports.

A worker or teammanager sees the residents whose file is held by one of their active teams,
plus residents explicitly shared with them for a period, plus residents they opened by
break-the-glass (``oversight.BreakGlassGrant``) until the grant expires. Everybody else
(municipality, quality staff, functioneel beheer, board) sees no resident at all.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone


def can_see_residents(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("residents.view_resident"))


def break_glass_exists(user, resident_ref: str = "pk") -> Exists:
    """True for the resident at ``resident_ref`` while ``user`` holds an active break-the-glass
    grant for it (``resident_ref`` e.g. ``"resident_id"`` for rows that point to a resident)."""
    from wijkteam.oversight.models import BreakGlassGrant

    grants = BreakGlassGrant.objects.active().filter(user=user, resident_id=OuterRef(resident_ref))
    return Exists(grants)


def resident_scope(user, prefix: str = "") -> Q:
    """The Q that selects residents visible to ``user``; ``prefix`` for related lookups."""
    today = timezone.localdate()
    team_ids = user.active_team_ids()
    return (
        Q(**{f"{prefix}team_id__in": team_ids})
        | Q(
            **{
                f"{prefix}shares__user": user,
                f"{prefix}shares__valid_until__gte": today,
            }
        )
        | Q(break_glass_exists(user, f"{prefix}pk"))
    )
