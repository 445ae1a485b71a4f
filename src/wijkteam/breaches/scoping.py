"""Who may see which data breach: the Q objects shared by views, API and figures.

Privacy and quality staff (``view_all_databreaches``) see every breach. A teammanager
(``view_team_databreaches``) sees the breaches of the own active teams. Everyone else who may
report a breach sees the breaches they reported or discovered themselves.
"""

from django.db.models import Q


def can_see_breaches(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("breaches.view_databreach"))


def sees_all_breaches(user) -> bool:
    return user.has_perm("breaches.view_all_databreaches")


def breach_scope(user, prefix: str = "") -> Q:
    """The Q selecting breaches visible to ``user`` (who may see breaches at all)."""
    if sees_all_breaches(user):
        return Q()
    scope = Q(**{f"{prefix}reported_by": user}) | Q(**{f"{prefix}discovered_by": user})
    if user.has_perm("breaches.view_team_databreaches"):
        scope |= Q(**{f"{prefix}team_id__in": user.active_team_ids()})
    return scope
