"""Choices of the data-breach register (datalekkenregister)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataCategory(models.TextChoices):
    """Kinds of personal data involved; a breach can involve several."""

    CONTACT = "contact", _("Contact details (name, address, phone, e-mail)")
    BSN = "bsn", _("Citizen service number (BSN)")
    IDENTITY = "identity", _("Copy of an identity document")
    HEALTH = "health", _("Health data")
    FINANCIAL = "financial", _("Financial data and debts")
    YOUTH = "youth", _("Youth care data")
    SPECIAL = "special", _("Other special categories (religion, ethnicity, sexual life, ...)")
    CRIMINAL = "criminal", _("Criminal data")
    CREDENTIALS = "credentials", _("User names and passwords")
    OTHER = "other", _("Other personal data")


# Categories that make a breach sensitive by nature (AP guidance: special categories, BSN,
# financial data and data of children weigh heavily in the risk assessment).
SENSITIVE_CATEGORIES = frozenset(
    {
        DataCategory.BSN,
        DataCategory.IDENTITY,
        DataCategory.HEALTH,
        DataCategory.FINANCIAL,
        DataCategory.YOUTH,
        DataCategory.SPECIAL,
        DataCategory.CRIMINAL,
    }
)


class BreachKind(models.TextChoices):
    """What happened, in the terms of the AP's notification form."""

    MISDIRECTED = "misdirected", _("Sent to the wrong recipient (mail, e-mail, message)")
    LOST_DEVICE = "lost_device", _("Lost or stolen device or papers")
    UNAUTHORISED_ACCESS = "unauthorised_access", _("Seen or used by someone not entitled to")
    PUBLISHED = "published", _("Wrongly published or shared")
    HACK = "hack", _("Hacking, malware or phishing")
    DISPOSAL = "disposal", _("Not properly destroyed")
    OTHER = "other", _("Other")


class RiskLevel(models.TextChoices):
    """The outcome of the risk assessment for the persons concerned (AVG art. 33-34)."""

    NONE = "none", _("No risk (unlikely to result in a risk)")
    RISK = "risk", _("Risk")
    HIGH = "high", _("High risk")
