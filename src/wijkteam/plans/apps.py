from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "wijkteam.plans"
    label = "plans"
    verbose_name = _("Support plans")

    def ready(self):
        from auditlog.registry import auditlog

        from wijkteam.plans import models

        auditlog.register(models.SupportPlan, m2m_fields={"workers"})
        for model in (
            models.Goal,
            models.GoalEvaluation,
            models.Action,
            models.LifeDomain,
            models.AgeBand,
        ):
            auditlog.register(model)
