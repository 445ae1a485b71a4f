from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanSource(models.TextChoices):
    """Where the finding behind an improvement plan came from."""

    AUDIT = "audit", _("Internal audit")
    CERTIFICATION = "certification", _("Certification audit")
    INCIDENT_ANALYSIS = "incident_analysis", _("Incident analysis")
    COMPLAINT = "complaint", _("Complaint")
    SURVEY = "survey", _("Survey")
    DATA_BREACH = "data_breach", _("Data breach")
    OTHER = "other", _("Other")
