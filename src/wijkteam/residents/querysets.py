from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone

from wijkteam.residents.scoping import break_glass_exists, can_see_residents


class ResidentQuerySet(models.QuerySet):
    def visible_for(self, user):
        if not can_see_residents(user):
            return self.none()
        from wijkteam.residents.models import ResidentShare

        shared = ResidentShare.objects.filter(
            resident=OuterRef("pk"), user=user, valid_until__gte=timezone.localdate()
        )
        return self.filter(
            models.Q(team_id__in=user.active_team_ids())
            | Exists(shared)
            | break_glass_exists(user)  # opened by break-the-glass, until the grant expires
        )

    def with_consent(self, purpose: str, on=None):
        """Residents whose consent for ``purpose`` holds on ``on`` (default today)."""
        from wijkteam.residents.models import Consent

        return self.filter(
            Exists(Consent.objects.in_force(on).filter(purpose=purpose, resident=OuterRef("pk")))
        )

    def possible_duplicates_of(self, resident):
        """Same name, date of birth and postcode: probably the same person (not scoped)."""
        return self.filter(
            first_name__iexact=resident.first_name.strip(),
            last_name__iexact=resident.last_name.strip(),
            date_of_birth=resident.date_of_birth,
            postcode=(resident.postcode or "").replace(" ", "").upper(),
        ).exclude(pk=resident.pk)

    def search(self, term: str):
        """Search by name, BSN, date of birth (dd-mm-jjjj) or postcode."""
        from wijkteam.residents.search import search_filter

        return self.filter(search_filter(term))


class HouseholdQuerySet(models.QuerySet):
    def visible_for(self, user):
        """A household is visible with its team, or when one of its members is visible."""
        if not can_see_residents(user) or not user.has_perm("residents.view_household"):
            return self.none()
        from wijkteam.residents.models import Resident

        members = Resident.objects.visible_for(user).filter(
            household_memberships__household=OuterRef("pk")
        )
        return self.filter(models.Q(team_id__in=user.active_team_ids()) | Exists(members))


class ResidentRelatedQuerySet(models.QuerySet):
    """Rows about one resident (household membership, share) follow the resident's scope."""

    def visible_for(self, user):
        from wijkteam.residents.models import Resident

        return self.filter(resident__in=Resident.objects.visible_for(user).values("pk"))


class ConsentQuerySet(ResidentRelatedQuerySet):
    def in_force(self, on=None):
        """Given on or before ``on`` and not withdrawn by then."""
        on = on or timezone.localdate()
        return self.filter(
            models.Q(given_on__lte=on),
            models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gt=on),
        )
