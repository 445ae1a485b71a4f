"""Choices of the incident register. Stored values in English, labels translated (nl)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IncidentLocationKind(models.TextChoices):
    """Where it happened; the kinds named in the annual report (000 l.1809-1814)."""

    OFFICE = "office", _("Office")
    NEIGHBOURHOOD_ROOM = "neighbourhood_room", _("Neighbourhood or village room")
    HOME_VISIT = "home_visit", _("Home visit (at the resident's home)")
    PUBLIC_SPACE = "public_space", _("Public space")
    YOUTH_CENTRE = "youth_centre", _("Youth centre (jeugdhonk)")
    OTHER = "other", pgettext_lazy("incident location", "Other")


# Kinds of place that are an organisation.Location (an office or a buurt-/dorpskamer).
LOCATION_KINDS_WITH_PLACE = frozenset(
    {IncidentLocationKind.OFFICE, IncidentLocationKind.NEIGHBOURHOOD_ROOM}
)


class IncidentKind(models.TextChoices):
    """What kind of incident; aggression is split as in the gradatieladder's wording."""

    VERBAL_AGGRESSION = "verbal_aggression", _("Verbal aggression")
    THREAT = "threat", _("Threat or intimidation")
    PHYSICAL_AGGRESSION = "physical_aggression", _("Physical aggression")
    SEXUAL_MISCONDUCT = "sexual_misconduct", _("Sexually transgressive behaviour")
    VANDALISM = "vandalism", _("Vandalism")
    FIGHT = "fight", _("Fight or scuffle")
    RESIDENT_HARM = "resident_harm", _("Harm to a resident")
    OCCUPATIONAL_ACCIDENT = "occupational_accident", _("Occupational accident")
    NEAR_ACCIDENT = "near_accident", _("Near accident")
    OTHER = "other", pgettext_lazy("incident kind", "Other")


class AftercareOutcome(models.TextChoices):
    """How the aftercare conversation ended: held, or offered and declined."""

    HELD = "held", _("Conversation held")
    DECLINED = "declined", _("Offered, declined by the staff member")


class EventKind(models.TextChoices):
    """What an entry of the incident history records."""

    REPORTED = "reported", _("Reported")
    UPDATED = "updated", _("Report changed")
    STATE_CHANGED = "state_changed", _("State changed")
    FOLLOW_UP_ADDED = "follow_up_added", _("Follow-up action added")
    FOLLOW_UP_DONE = "follow_up_done", _("Follow-up action done")
    CALAMITY = "calamity", _("Calamity procedure")
    CARE_NEED = "care_need", _("More than basic support")
