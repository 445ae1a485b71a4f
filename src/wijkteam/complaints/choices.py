"""Choices of the complaints app (klachten). The states are in ``workflow.py``."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ComplaintChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")
    IN_PERSON = "in_person", _("In person")
    WEB_FORM = "web_form", _("Public complaint form")


# What a staff member may choose when registering a complaint they received; the public form
# is the only source of WEB_FORM.
STAFF_CHANNELS = (
    ComplaintChannel.PHONE,
    ComplaintChannel.EMAIL,
    ComplaintChannel.LETTER,
    ComplaintChannel.IN_PERSON,
)


class HandlingRoute(models.TextChoices):
    MEDIATION = "mediation", _("Mediation (informal, by the complaints officer)")
    FORMAL = "formal", _("Formal handling")


class Outcome(models.TextChoices):
    FOUNDED = "founded", pgettext_lazy("complaint outcome", "Founded")
    PARTLY_FOUNDED = "partly_founded", pgettext_lazy("complaint outcome", "Partly founded")
    UNFOUNDED = "unfounded", pgettext_lazy("complaint outcome", "Unfounded")
    WITHDRAWN = "withdrawn", pgettext_lazy("complaint outcome", "Withdrawn")


# A decision judges the complaint; "withdrawn" is recorded by the withdrawal, not decided.
DECISION_OUTCOMES = (Outcome.FOUNDED, Outcome.PARTLY_FOUNDED, Outcome.UNFOUNDED)


class EventKind(models.TextChoices):
    TRANSITION = "transition", _("State change")
    EXTENSION = "extension", _("Decision term extended")
    HANDLING = "handling", _("Handler or route changed")


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DUE_SOON = "due_soon", _("Due this week")
    OVERDUE = "overdue", _("Overdue")
    MET = "met", _("Met")
    MET_LATE = "met_late", _("Met late")
    NOT_NEEDED = "not_needed", _("No longer needed")
