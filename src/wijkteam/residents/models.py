"""Residents (inwoners) and households (huishoudens): the personal data at the heart of the
product. Every read goes through ``visible_for(user)``; every write through services."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

from wijkteam.residents.choices import HouseholdRelation
from wijkteam.residents.querysets import (
    HouseholdQuerySet,
    ResidentQuerySet,
    ResidentRelatedQuerySet,
)


def validate_bsn(value):
    if not stdnum_bsn.is_valid(value or ""):
        raise ValidationError(
            _("This is not a valid BSN (it fails the eleven test)."), code="invalid_bsn"
        )


def validate_postcode(value):
    try:
        stdnum_postcode.validate(value or "")
    except Exception as exc:  # noqa: BLE001 - stdnum raises several ValidationError kinds
        raise ValidationError(
            _("Enter a Dutch postcode such as 8911 AB."), code="invalid_postcode"
        ) from exc


class Resident(models.Model):
    """A person who lives in the municipality and is (or was) supported."""

    first_name = models.CharField(_("first name"), max_length=100)
    name_prefix = models.CharField(_("name prefix"), max_length=20, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"))
    bsn = models.CharField(
        _("BSN"),
        max_length=9,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_bsn],
        help_text=_("Citizen service number; optional."),
    )
    street = models.CharField(_("street"), max_length=150, blank=True)
    house_number = models.CharField(_("house number"), max_length=20, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=6, blank=True, validators=[validate_postcode]
    )
    city = models.CharField(_("place"), max_length=100, default="Leeuwarden")
    area = models.ForeignKey(
        "organisation.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("area"),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    team = models.ForeignKey(
        "organisation.Team",
        on_delete=models.PROTECT,
        related_name="residents",
        verbose_name=_("team holding the file"),
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ResidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["team", "last_name", "first_name"], name="resident_team_name"),
            models.Index(fields=["last_name", "first_name"], name="resident_name"),
            models.Index(fields=["date_of_birth"], name="resident_dob"),
            models.Index(fields=["postcode"], name="resident_postcode"),
        ]
        permissions = [
            ("share_resident", "Can share a resident's file with a colleague outside the team"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return " ".join(p for p in (self.first_name, self.name_prefix, self.last_name) if p)

    @property
    def postcode_display(self):
        return f"{self.postcode[:4]} {self.postcode[4:]}" if self.postcode else ""

    def clean(self):
        super().clean()
        errors = {}
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            errors["date_of_birth"] = ValidationError(
                _("The date of birth cannot be in the future."), code="birth_in_future"
            )
        if self.postcode:
            self.postcode = self.postcode.replace(" ", "").upper()
        if self.bsn:
            self.bsn = stdnum_bsn.compact(self.bsn)
        if errors:
            raise ValidationError(errors)


class Household(models.Model):
    """One household, one plan, one coordinator (één huishouden, één plan, één regisseur)."""

    name = models.CharField(_("name"), max_length=150)
    team = models.ForeignKey(
        "organisation.Team",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("team"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_households",
        verbose_name=_("coordinator (regisseur)"),
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["team", "name"], name="household_team_name")]

    def __str__(self):
        return self.name


class HouseholdMember(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name=_("household")
    )
    resident = models.ForeignKey(
        Resident,
        on_delete=models.CASCADE,
        related_name="household_memberships",
        verbose_name=_("resident"),
    )
    relation = models.CharField(_("relation"), max_length=20, choices=HouseholdRelation.choices)

    objects = ResidentRelatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            models.UniqueConstraint(fields=["household", "resident"], name="household_member_once")
        ]

    def __str__(self):
        return f"{self.resident} ({self.get_relation_display()})"


class ResidentShare(models.Model):
    """A file explicitly shared with a colleague outside the team, for a reason and a period."""

    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="shares", verbose_name=_("resident")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="shared_residents",
        verbose_name=_("shared with"),
    )
    reason = models.CharField(_("reason"), max_length=300)
    valid_until = models.DateField(_("until"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    objects = ResidentRelatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("shared file")
        verbose_name_plural = _("shared files")
        indexes = [models.Index(fields=["user", "valid_until"], name="share_user_until")]

    def __str__(self):
        return f"{self.resident} -> {self.user}"
