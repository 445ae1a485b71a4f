"""Who hears about an incident: the teammanagers of its team and the quality officers."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q


def holders_of(permission: str):
    """Active users who hold ``permission`` ("app_label.codename") through a role or directly."""
    from wijkteam.accounts.models import User

    app_label, codename = permission.split(".", 1)
    through_group = Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app_label,
    )
    direct = Q(
        user_permissions__codename=codename,
        user_permissions__content_type__app_label=app_label,
    )
    return User.objects.filter(is_active=True).filter(through_group | direct).distinct()


def team_managers(team_ids: Iterable[int]) -> dict[int, list]:
    """The teammanagers of each team: active members who may confirm the aftercare, and of
    those the ones marked as managing the team when there are any. One query."""
    from wijkteam.accounts.models import TeamMembership

    team_ids = set(team_ids)
    if not team_ids:
        return {}
    memberships = (
        TeamMembership.objects.active()
        .filter(
            team_id__in=team_ids,
            user__in=holders_of("incidents.confirm_aftercare").values("pk"),
        )
        .select_related("user")
        .order_by("team_id", "user__last_name", "user__first_name", "user_id")
    )
    members: dict[int, list] = defaultdict(list)
    marked: dict[int, list] = defaultdict(list)
    for membership in memberships:
        if membership.user not in members[membership.team_id]:
            members[membership.team_id].append(membership.user)
        if membership.is_manager and membership.user not in marked[membership.team_id]:
            marked[membership.team_id].append(membership.user)
    return {team_id: marked.get(team_id) or members.get(team_id, []) for team_id in team_ids}
