"""What follows an incident: follow-up actions and people who need more than basic support."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.incidents.models.incident import _not_in_future
from wijkteam.incidents.querysets import (
    CareNeedQuerySet,
    FollowUpActionQuerySet,
)
from wijkteam.incidents.workflow import (
    CARE_NEED_OPEN_STATES,
    CareNeedStatus,
)


class FollowUpAction(models.Model):
    """A follow-up action (vervolgactie) on an incident: what, who, by when, done when."""

    incident = models.ForeignKey(
        "incidents.Incident",
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("incident"),
    )
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="incident_follow_ups",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = FollowUpActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["incident", "due_on"], name="followup_incident_due"),
            models.Index(
                fields=["due_on"], name="followup_open_due", condition=Q(done_on__isnull=True)
            ),
            models.Index(
                fields=["owner", "due_on"],
                name="followup_open_owner_due",
                condition=Q(done_on__isnull=True),
            ),
        ]

    def __str__(self):
        return self.description

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def clean(self):
        super().clean()
        errors = {}
        _not_in_future(
            self.done_on, "done_on", errors, _("An action cannot be done in the future.")
        )
        if self.done_on and self.incident_id and self.done_on < self.incident.occurred_on:
            errors["done_on"] = ValidationError(
                _("An action cannot be done before the incident happened."),
                code="done_before_incident",
            )
        if self.due_on and self.incident_id and self.due_on < self.incident.occurred_on:
            errors["due_on"] = ValidationError(
                _("The due date cannot be before the incident happened."),
                code="due_before_incident",
            )
        if errors:
            raise ValidationError(errors)


class CareNeed(models.Model):
    """A person who needs more than basic support after an incident (000 l.1820-1826): who,
    referred to what, when to follow up, and how far it got."""

    incident = models.ForeignKey(
        "incidents.Incident",
        on_delete=models.PROTECT,
        related_name="care_needs",
        verbose_name=_("incident"),
    )
    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incident_care_needs",
        verbose_name=_("resident"),
    )
    person_description = models.CharField(
        _("person"),
        max_length=200,
        blank=True,
        help_text=_("Who, when it is not a resident in your files (a description is enough)."),
    )
    mental_health_problems = models.BooleanField(
        _("(serious) psychological problems"),
        default=False,
        help_text=_("As far as the reporter could tell."),
    )
    referral_to = models.CharField(
        _("referred to"),
        max_length=200,
        blank=True,
        help_text=_("For example GGZ, Windkracht058, the GP or the police (MOL)."),
    )
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CareNeedStatus.choices,
        default=CareNeedStatus.OPEN,
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
        editable=False,
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CareNeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("person needing more than basic support")
        verbose_name_plural = _("people needing more than basic support")
        ordering = ["follow_up_on", "id"]
        indexes = [
            models.Index(fields=["incident"], name="careneed_incident"),
            models.Index(
                fields=["follow_up_on"],
                name="careneed_open_follow_up",
                condition=Q(status__in=sorted(CARE_NEED_OPEN_STATES)),
            ),
        ]

    def __str__(self):
        return self.person_description or str(_("resident"))

    def clean(self):
        super().clean()
        errors = {}
        if not self.resident_id and not self.person_description.strip():
            errors["person_description"] = ValidationError(
                _("Choose the resident or describe the person."), code="who_required"
            )
        if self.status in CARE_NEED_OPEN_STATES and not self.follow_up_on:
            errors["follow_up_on"] = ValidationError(
                _("Give a date to follow this up."), code="follow_up_required"
            )
        if (
            self.status in (CareNeedStatus.REFERRED, CareNeedStatus.IN_CARE)
            and not self.referral_to.strip()
        ):
            errors["referral_to"] = ValidationError(
                _("Say where the person was referred to."), code="referral_required"
            )
        if errors:
            raise ValidationError(errors)
