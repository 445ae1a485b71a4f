from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaKind(models.TextChoices):
    WIJK = "wijk", _("Neighbourhood (wijk)")
    DORP = "dorp", _("Village area (dorpen)")


class TeamKind(models.TextChoices):
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood team (wijkteam)")
    VILLAGE = "village", _("Village team (dorpenteam)")
    CITYWIDE = "citywide", _("Citywide team or service")
    SUPPORT = "support", _("Management and support staff")


class LocationKind(models.TextChoices):
    NEIGHBOURHOOD_ROOM = "neighbourhood_room", _("Neighbourhood room (buurtkamer)")
    VILLAGE_ROOM = "village_room", _("Village room (dorpskamer)")
    OFFICE = "office", _("Office")


class LocationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CANDIDATE = "candidate", _("Candidate (in talks)")
    CLOSED = "closed", _("Closed")


class EducationLevel(models.TextChoices):
    HBO = "hbo", _("Higher professional education (hbo)")
    MBO4 = "mbo4", _("Secondary vocational level 4 (mbo-4)")
    MBO = "mbo", _("Secondary vocational (mbo)")
    OTHER = "other", _("Other")
