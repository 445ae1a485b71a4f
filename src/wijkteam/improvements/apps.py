from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementsConfig(AppConfig):
    name = "wijkteam.improvements"
    label = "improvements"
    verbose_name = _("Improvement plans")

    def ready(self):
        from auditlog.registry import auditlog

        from wijkteam.improvements import models

        auditlog.register(models.ImprovementPlan)
        auditlog.register(models.ImprovementAction)
        auditlog.register(models.PlanTransition)
