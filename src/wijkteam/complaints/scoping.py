"""Who may see which complaint: the Q objects shared by pages, API and reminders.

A complaint holds the complainant's personal data, so it is scoped:

- quality staff (``complaints.view_all_complaints``: kwaliteitsmedewerker,
  klachtenfunctionaris) see every complaint;
- a teammanager (``complaints.view_team_complaints``) sees the complaints about one of their
  active teams;
- everybody with ``complaints.view_complaint`` sees the complaints they registered and the
  ones they handle.

The municipality and the board have no ``view_complaint``: they never see a complaint, only
the aggregates of the ``quality`` app.
"""

from django.db.models import Q


def can_see_complaints(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("complaints.view_complaint"))


def sees_all_complaints(user) -> bool:
    return can_see_complaints(user) and user.has_perm("complaints.view_all_complaints")


def complaint_scope(user, prefix: str = "") -> Q:
    """The Q that selects complaints visible to ``user`` (who must pass
    :func:`can_see_complaints`); ``prefix`` (e.g. ``"complaint__"``) for related rows."""
    if user.has_perm("complaints.view_all_complaints"):
        return Q()
    scope = Q(**{f"{prefix}registered_by": user}) | Q(**{f"{prefix}handler": user})
    if user.has_perm("complaints.view_team_complaints"):
        scope |= Q(**{f"{prefix}team_id__in": user.active_team_ids()})
    return scope
