from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "wijkteam.organisation"
    label = "organisation"
    verbose_name = _("Organisation")

    def ready(self):
        from auditlog.registry import auditlog

        from wijkteam.organisation import models

        auditlog.register(models.Team, m2m_fields={"areas", "predecessors"})
        for model in (models.Area, models.Location, models.StaffFunction):
            auditlog.register(model)
