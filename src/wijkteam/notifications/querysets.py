from django.db import models


class NotificationQuerySet(models.QuerySet):
    def visible_for(self, user):
        """A user sees only the notifications addressed to them."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def not_emailed(self):
        return self.filter(emailed_at__isnull=True)
