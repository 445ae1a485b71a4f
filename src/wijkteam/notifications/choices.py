from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderLevel(models.TextChoices):
    """How urgent a notification is; the list shows overdue ones first."""

    INFO = "info", _("Information")
    DUE = "due", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
