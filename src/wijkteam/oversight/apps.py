from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "wijkteam.oversight"
    label = "oversight"
    verbose_name = _("Access oversight")

    def ready(self):
        from auditlog.registry import auditlog

        from wijkteam.oversight import models

        auditlog.register(models.BreakGlassGrant)
        auditlog.register(models.BreakGlassReview)
