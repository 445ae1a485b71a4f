"""Choices of the oversight app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BreakGlassCategory(models.TextChoices):
    """Why a worker opens a file outside the own teams (the reason in one word)."""

    ACUTE_SAFETY = "acute_safety", _("Acute safety or calamity")
    CONTINUITY = "continuity", _("Continuity of care (the own worker is not available)")
    RESIDENT_REQUEST = "resident_request", _("At the request of the resident")
    OTHER = "other", _("Other (explain in the reason)")


class LookupKind(models.TextChoices):
    """How the out-of-scope file was identified (the search term itself is not kept)."""

    BSN = "bsn", _("BSN")
    NAME_AND_BIRTH_DATE = "name_dob", _("Name and date of birth")
