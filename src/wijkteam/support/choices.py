from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalFramework(models.TextChoices):
    BASIC = "basic", _("Basic support (no decision)")
    WMO = "wmo", _("Wmo 2015")
    YOUTH = "youth", _("Jeugdwet")
    DEBT = "debt", _("Wgs (debt help)")
