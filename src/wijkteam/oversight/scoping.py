"""Who may see break-the-glass grants and reviews, and who may break the glass.

Grants hold a reason that can describe a resident's situation, so they are personal data:
reviewers (``oversight.view_breakglassgrant``: quality staff and functioneel beheer) read them
all, a worker only their own, everybody else none. The resident scope that a grant opens is
in ``residents/scoping.py`` (``break_glass_exists``).
"""


def can_read_grants(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("oversight.view_breakglassgrant"))


def can_break_glass(user) -> bool:
    """A worker with casework access and the break-the-glass permission (never quality staff:
    they have no resident access by design)."""
    return bool(
        user
        and user.is_authenticated
        and user.has_perm("oversight.break_glass")
        and user.has_perm("residents.view_resident")
    )


def with_break_glass(residents, user):
    """Annotate ``break_glass_id`` and ``break_glass_until`` on ``residents``: the user's active
    break-the-glass grant for each (None without one). No extra query: two subqueries."""
    from django.db.models import OuterRef, Subquery

    from wijkteam.oversight.models import BreakGlassGrant

    grants = (
        BreakGlassGrant.objects.active()
        .filter(user=user, resident_id=OuterRef("pk"))
        .order_by("-expires_at", "-id")
    )
    return residents.annotate(
        break_glass_id=Subquery(grants.values("pk")[:1]),
        break_glass_until=Subquery(grants.values("expires_at")[:1]),
    )
