from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "wijkteam.privacy"
    label = "privacy"
    verbose_name = _("Privacy and retention")

    def ready(self):
        from auditlog.registry import auditlog

        from wijkteam.privacy import exports, models  # noqa: F401 - exports registers a check

        # AVG rights. The inzage documents themselves are not copied into the audit log.
        auditlog.register(models.InzageRequest, exclude_fields=["pdf", "json"])
        for model in (
            models.RectificationRequest,
            models.RectificationTransition,
            models.ProcessingRestriction,
            models.MunicipalityExport,
        ):
            auditlog.register(model)
        # Retention: register the retention models below.
        # (The run's reverse relations, its lines and tombstones, are not audit fields.)
        auditlog.register(models.RetentionRun, exclude_fields=["lines", "tombstones"])
        for model in (models.RetentionRunItem, models.RetentionTombstone, models.LegalHold):
            auditlog.register(model)
