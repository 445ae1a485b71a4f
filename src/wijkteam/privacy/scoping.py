"""Who may see which privacy record: the Q objects shared by views, API and exports.

Rectification requests and restrictions follow their resident's scope (the team that holds
the file, and colleagues it is shared with). An inzage record follows its resident too; once
the resident's file has been erased (retention) the record stays visible to the team that
held the file.
"""

from django.db.models import Q

from wijkteam.residents.scoping import can_see_residents, resident_scope


def resident_related_scope(user) -> Q:
    """Rows with a ``resident`` foreign key, visible with the resident."""
    return resident_scope(user, prefix="resident__")


def inzage_scope(user) -> Q:
    return resident_scope(user, prefix="resident__") | Q(
        resident__isnull=True, team_id__in=user.active_team_ids()
    )


__all__ = ["can_see_residents", "inzage_scope", "resident_related_scope"]
