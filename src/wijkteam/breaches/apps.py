from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BreachesConfig(AppConfig):
    name = "wijkteam.breaches"
    label = "breaches"
    verbose_name = _("Data breaches")

    def ready(self):
        from auditlog.registry import auditlog

        from wijkteam.breaches import models

        auditlog.register(models.DataBreach)
        auditlog.register(models.BreachTransition)
