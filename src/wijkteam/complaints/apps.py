from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "wijkteam.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from auditlog.registry import auditlog

        from wijkteam.complaints import models

        auditlog.register(models.ComplaintCategory)
        auditlog.register(models.Complaint)
        auditlog.register(models.ComplaintEvent)
