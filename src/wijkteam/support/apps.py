from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "wijkteam.support"
    label = "support"
    verbose_name = _("Support")

    def ready(self):
        from auditlog.registry import auditlog

        from wijkteam.support import models

        auditlog.register(models.SupportCase)
        auditlog.register(models.CaseTransition)
        auditlog.register(models.CaseDeadline)
        auditlog.register(models.Conversation)
        auditlog.register(models.Contact)
        auditlog.register(models.Referral)
