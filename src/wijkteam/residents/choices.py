from django.db import models
from django.utils.translation import gettext_lazy as _


class HouseholdRelation(models.TextChoices):
    HEAD = "head", _("Main applicant")
    PARTNER = "partner", _("Partner")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    OTHER = "other", _("Other household member")
