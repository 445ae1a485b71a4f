from django.db import models
from django.db.models import Q
from django.utils import timezone


class ValidityQuerySet(models.QuerySet):
    """Master data with a validity period: ``active(on=date)`` keeps history meaningful."""

    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on))

    def visible_for(self, user):
        """Master data is not personal data: every signed-in staff member may read it."""
        if not user.is_authenticated:
            return self.none()
        return self.all()
