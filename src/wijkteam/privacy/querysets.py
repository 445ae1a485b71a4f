"""Reads of the privacy app's records; every QuerySet with personal data has
``visible_for(user)``."""

from django.db import models

from wijkteam.core.models import AppendOnlyError
from wijkteam.privacy.scoping import can_see_residents, inzage_scope


class AppendOnlyQuerySet(models.QuerySet):
    """History and log rows: bulk ``update()`` and ``delete()`` are refused like the model's
    own ``save()`` of an existing row."""

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} is append-only")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} is append-only")

    delete.queryset_only = True


class ResidentRelatedQuerySet(models.QuerySet):
    def visible_for(self, user):
        from wijkteam.residents.models import Resident

        if not can_see_residents(user):
            return self.none()
        return self.filter(resident__in=Resident.objects.visible_for(user).values("pk"))


class InzageRequestQuerySet(models.QuerySet):
    def visible_for(self, user):
        if not can_see_residents(user):
            return self.none()
        return self.filter(inzage_scope(user)).distinct()

    def produced_by(self, user):
        return self.filter(produced_by=user)

    def unpurged(self):
        return self.filter(purged_at__isnull=True)

    def expired(self, now):
        """Files whose download period has ended but that still hold the documents."""
        return self.unpurged().filter(available_until__lte=now)


class RectificationTransitionQuerySet(AppendOnlyQuerySet):
    def visible_for(self, user):
        from wijkteam.residents.models import Resident

        if not can_see_residents(user):
            return self.none()
        return self.filter(request__resident__in=Resident.objects.visible_for(user).values("pk"))


class RectificationRequestQuerySet(ResidentRelatedQuerySet):
    def open(self):
        return self.filter(state="open")


class ProcessingRestrictionQuerySet(ResidentRelatedQuerySet):
    def active(self):
        return self.filter(lifted_at__isnull=True)
