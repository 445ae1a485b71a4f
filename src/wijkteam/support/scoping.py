"""Who may see which support case: the Q objects shared by views, API and figures.

A case is visible to whoever may see its resident's support work: the members of the team
that holds the case, colleagues the resident's file is explicitly shared with (until the
share ends), and a worker holding an active break-the-glass grant for the resident. Rows
recorded on a case (contacts, conversations, referrals, deadlines, state changes) follow
their case.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from wijkteam.residents.scoping import break_glass_exists, can_see_residents


def can_see_cases(user) -> bool:
    return can_see_residents(user) and user.has_perm("support.view_supportcase")


def case_scope(user, prefix: str = "") -> Q:
    """The Q that selects cases visible to ``user``; ``prefix`` (e.g. ``"case__"``) for rows
    that point to a case."""
    from wijkteam.residents.models import ResidentShare

    shared = ResidentShare.objects.filter(
        resident=OuterRef(f"{prefix}resident_id"),
        user=user,
        valid_until__gte=timezone.localdate(),
    )
    return (
        Q(**{f"{prefix}team_id__in": user.active_team_ids()})
        | Q(Exists(shared))
        # Break-the-glass opens the resident's support work too, while the grant lasts.
        | Q(break_glass_exists(user, f"{prefix}resident_id"))
    )
