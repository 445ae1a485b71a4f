from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "wijkteam.incidents"
    label = "incidents"
    verbose_name = _("Incidents")

    def ready(self):
        from auditlog.registry import auditlog

        from wijkteam.incidents import models

        auditlog.register(models.Incident, m2m_fields={"staff_involved"})
        for model in (
            models.IncidentEvent,
            models.FollowUpAction,
            models.Calamity,
            models.CareNeed,
        ):
            auditlog.register(model)
