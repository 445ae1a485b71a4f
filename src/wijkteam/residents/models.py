"""Residents (inwoners) and households (huishoudens): the personal data at the heart of the
product. Every read goes through ``visible_for(user)``; every write through services."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

from wijkteam.residents.choices import ConsentPurpose, HouseholdRelation
from wijkteam.residents.querysets import (
    ConsentQuerySet,
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
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=50,
        default="Nederlands",
        db_default="Nederlands",
        help_text=_("Language in which the resident prefers to be spoken to or written to."),
    )
    interpreter_needed = models.BooleanField(
        _("interpreter needed"), default=False, db_default=False
    )
    team = models.ForeignKey(
        "organisation.Team",
        on_delete=models.PROTECT,
        related_name="residents",
        verbose_name=_("team holding the file"),
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # Restriction of processing (AVG art. 18), set and lifted only by
    # privacy.restriction.restrict_processing / lift_restriction; the history of periods is
    # privacy.ProcessingRestriction. While set, the file is left out of every figure and
    # export and cannot be shared.
    processing_restricted = models.BooleanField(
        _("processing restricted"), default=False, db_default=False, editable=False
    )
    processing_restricted_since = models.DateTimeField(
        _("processing restricted since"), null=True, blank=True, editable=False
    )
    processing_restriction_reason = models.TextField(
        _("reason for the restriction"), blank=True, default="", db_default="", editable=False
    )
    processing_restricted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("processing restricted by"),
        editable=False,
    )

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
            models.Index(
                fields=["team"],
                name="resident_restricted_team",
                condition=models.Q(processing_restricted=True),
            ),
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


class Consent(models.Model):
    """A resident's consent (toestemming) for one purpose, from a date until withdrawn.

    A withdrawal is recorded on the row once (date, who, note); the audit trail keeps the
    before and after. A new consent after a withdrawal is a new row.
    """

    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="consents", verbose_name=_("resident")
    )
    purpose = models.CharField(_("purpose"), max_length=40, choices=ConsentPurpose.choices)
    partner = models.CharField(
        _("partner"),
        max_length=150,
        blank=True,
        help_text=_("Required when sharing with a partner, e.g. Windkracht058."),
    )
    scope = models.CharField(
        _("scope"),
        max_length=300,
        blank=True,
        help_text=_("Which data may be used or shared, in the words agreed with the resident."),
    )
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawal recorded by"),
    )
    withdrawal_note = models.CharField(_("note on the withdrawal"), max_length=300, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]
        indexes = [
            models.Index(
                fields=["purpose", "resident"],
                name="consent_in_force",
                condition=models.Q(withdrawn_on__isnull=True),
            ),
            models.Index(fields=["resident", "-given_on"], name="consent_resident_given"),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.resident})"

    @property
    def is_in_force(self):
        today = timezone.localdate()
        return self.given_on <= today and (self.withdrawn_on is None or self.withdrawn_on > today)

    def clean(self):
        super().clean()
        errors = {}
        today = timezone.localdate()
        if self.purpose == ConsentPurpose.PARTNER_SHARING and not self.partner.strip():
            errors["partner"] = ValidationError(
                _("Name the partner the data may be shared with."), code="partner_required"
            )
        if self.given_on and self.given_on > today:
            errors["given_on"] = ValidationError(
                _("Consent cannot be recorded for a future date."), code="consent_in_future"
            )
        if self.withdrawn_on and self.given_on and self.withdrawn_on < self.given_on:
            errors["withdrawn_on"] = ValidationError(
                _("A consent cannot be withdrawn before it was given."),
                code="withdrawn_before_given",
            )
        if errors:
            raise ValidationError(errors)
