from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "wijkteam.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from auditlog.registry import auditlog

        from wijkteam.notifications.models import Notification

        auditlog.register(Notification)
