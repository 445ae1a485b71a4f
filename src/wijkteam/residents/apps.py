from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentsConfig(AppConfig):
    name = "wijkteam.residents"
    label = "residents"
    verbose_name = _("Residents and households")

    def ready(self):
        from auditlog.registry import auditlog

        from wijkteam.residents import models

        for model in (
            models.Resident,
            models.Household,
            models.HouseholdMember,
            models.ResidentShare,
            models.Consent,
        ):
            auditlog.register(model)
