from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone

from wijkteam.residents.scoping import can_see_residents


class SupportCaseQuerySet(models.QuerySet):
    def visible_for(self, user):
        """A case is visible to whoever may see its resident (team or explicit share)."""
        if not can_see_residents(user) or not user.has_perm("support.view_supportcase"):
            return self.none()
        from wijkteam.residents.models import ResidentShare

        shared = ResidentShare.objects.filter(
            resident=OuterRef("resident_id"), user=user, valid_until__gte=timezone.localdate()
        )
        return self.filter(models.Q(team_id__in=user.active_team_ids()) | Exists(shared))

    def open(self):
        return self.filter(closed_on__isnull=True)
