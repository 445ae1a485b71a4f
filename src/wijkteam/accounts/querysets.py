from django.contrib.auth.models import UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone


class TeamMembershipQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gte=on))

    def visible_for(self, user):
        """Memberships are staff data: visible with the staff member they belong to."""
        from wijkteam.accounts.models import User

        return self.filter(user__in=User.objects.visible_for(user).values("pk"))


class UserQuerySet(models.QuerySet):
    def visible_for(self, user):
        """Staff records are personal data too.

        Functioneel beheer, quality staff and the board see every colleague; everyone else
        sees the members of their own active teams and themselves. The municipality has no
        ``view_user`` permission and sees nobody.
        """
        if not user.is_authenticated or not user.has_perm("accounts.view_user"):
            return self.none()
        if user.has_perm("accounts.view_all_staff"):
            return self.all()
        team_ids = user.active_team_ids()
        return self.filter(
            Q(pk=user.pk)
            | Q(
                pk__in=TeamMembershipQuerySet(model=_membership_model())
                .active()
                .filter(team_id__in=team_ids)
                .values("user_id")
            )
        )


def _membership_model():
    from wijkteam.accounts.models import TeamMembership

    return TeamMembership


class WijkteamUserManager(UserManager.from_queryset(UserQuerySet)):
    pass
