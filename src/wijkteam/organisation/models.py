"""Master data of the organisation: areas, teams, locations and staff functions.

Teams and areas are never renamed in place once figures refer to them: a rename or a split
ends the old team (``valid_to``) and starts successors that point back through
``predecessors``, so past figures keep the team they were recorded under.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkteam.organisation.choices import (
    AreaKind,
    EducationLevel,
    LocationKind,
    LocationStatus,
    TeamKind,
)
from wijkteam.organisation.querysets import ValidityQuerySet


class ValidityPeriod(models.Model):
    valid_from = models.DateField(_("valid from"), default=datetime.date(2021, 1, 1))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": _("The end date cannot be before the start date.")},
                code="period_reversed",
            )

    @property
    def is_active(self):
        from django.utils import timezone

        today = timezone.localdate()
        return self.valid_from <= today and (self.valid_to is None or self.valid_to >= today)


class Area(ValidityPeriod):
    """A wijk or dorpen area of the municipality (gebied)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=AreaKind.choices)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Team(ValidityPeriod):
    """A wijkteam, dorpenteam or citywide team."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=TeamKind.choices)
    areas = models.ManyToManyField(
        Area, blank=True, related_name="teams", verbose_name=_("areas served")
    )
    predecessors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="successors",
        verbose_name=_("predecessors"),
    )
    description = models.TextField(_("description"), blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["kind", "name"], name="team_kind_name")]

    def __str__(self):
        return self.name


class Location(ValidityPeriod):
    """A buurt- or dorpskamer, or an office where teams work."""

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=30, choices=LocationKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=LocationStatus.choices, default=LocationStatus.ACTIVE
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="locations", verbose_name=_("area")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=100, default="Leeuwarden")

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["area__name", "name"]

    def __str__(self):
        return self.name


class StaffFunction(ValidityPeriod):
    """A job function (functie) from the staffing table, e.g. sociaal werker (hbo)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(
        _("education level"), max_length=10, choices=EducationLevel.choices, blank=True
    )
    is_executive = models.BooleanField(
        _("executive function"),
        default=True,
        help_text=_("Works with residents (uitvoerend) rather than management or support."),
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("function")
        verbose_name_plural = _("functions")
        ordering = ["name"]

    def __str__(self):
        return self.name
