from django.db import models
from django.utils.translation import gettext_lazy as _


class HouseholdRelation(models.TextChoices):
    HEAD = "head", _("Main applicant")
    PARTNER = "partner", _("Partner")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    OTHER = "other", _("Other household member")


class ConsentPurpose(models.TextChoices):
    """What a resident agreed to; data is used or shared for a purpose only while it holds."""

    MUNICIPALITY_MONITORING = (
        "municipality_monitoring",
        _("Sharing with the municipality for monitoring"),
    )
    PARTNER_SHARING = "partner_sharing", _("Sharing with a named partner")
    CLIENT_SURVEY = "client_survey", _("Client-experience survey")
