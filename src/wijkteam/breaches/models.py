"""The data-breach register (datalekkenregister, AVG art. 33 lid 5).

Every breach is registered, notified to the Autoriteit Persoonsgegevens or not. A breach
holds no resident: it describes what happened, which kinds of data and how many persons,
never who they are. Every write goes through ``breaches/services.py``; the state changes only
through ``transition_breach()`` (the table is in ``workflow.py``), which appends a
``BreachTransition``. The AP deadline is computed once, when the breach is registered.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.breaches.choices import BreachKind, DataCategory, RiskLevel
from wijkteam.breaches.querysets import BreachTransitionQuerySet, DataBreachQuerySet
from wijkteam.breaches.workflow import INITIAL_STATE, BreachState
from wijkteam.core.models import AppendOnlyModel


def validate_categories(value):
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one kind of data."), code="categories_required")
    unknown = [v for v in value if v not in DataCategory.values]
    if unknown:
        raise ValidationError(
            _("Unknown kind of data: %(values)s.") % {"values": ", ".join(map(str, unknown))},
            code="unknown_category",
        )


class DataBreach(models.Model):
    """One breach of personal data (datalek): what happened, the risk, the AP decision."""

    team = models.ForeignKey(
        "organisation.Team",
        on_delete=models.PROTECT,
        related_name="data_breaches",
        verbose_name=_("team"),
        help_text=_("The team where the breach happened."),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reported_breaches",
        verbose_name=_("reported by"),
        editable=False,
    )
    discovered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discovered_breaches",
        verbose_name=_("discovered by"),
        help_text=_("The colleague who discovered the breach, if someone else reports it."),
    )
    discovered_at = models.DateTimeField(
        _("discovered at"),
        help_text=_("Date and time the breach was discovered; the 72 hours run from here."),
    )
    reported_at = models.DateTimeField(_("registered at"), default=timezone.now, editable=False)
    kind = models.CharField(_("what happened"), max_length=30, choices=BreachKind.choices)
    description = models.TextField(
        _("description"),
        help_text=_("What happened, how it was discovered. Do not name residents."),
    )
    data_categories = models.JSONField(
        _("kinds of data"), default=list, validators=[validate_categories]
    )
    persons_affected = models.PositiveIntegerField(
        _("number of persons concerned"),
        null=True,
        blank=True,
        help_text=_("Leave empty when unknown."),
    )
    persons_estimated = models.BooleanField(_("the number is an estimate"), default=False)
    # The assessment and the AP decision are filled by transitions, never by the report form.
    risk_level = models.CharField(
        _("risk"), max_length=10, choices=RiskLevel.choices, blank=True, editable=False
    )
    risk_rationale = models.TextField(_("rationale of the risk"), blank=True, editable=False)
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True, editable=False)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessed by"),
        editable=False,
    )
    ap_deadline = models.DateTimeField(
        _("AP deadline"),
        editable=False,
        help_text=_("72 hours after discovery; stored when the breach is registered."),
    )
    ap_notified_at = models.DateTimeField(
        _("notified to the AP at"), null=True, blank=True, editable=False
    )
    ap_reference = models.CharField(_("AP reference"), max_length=50, blank=True, editable=False)
    ap_delay_reason = models.TextField(
        _("reason for the late notification"), blank=True, editable=False
    )
    no_notification_reason = models.TextField(
        _("reason for not notifying"), blank=True, editable=False
    )
    persons_notified_at = models.DateTimeField(
        _("persons concerned informed at"), null=True, blank=True
    )
    persons_not_notified_reason = models.TextField(
        _("why the persons concerned are not informed"),
        blank=True,
        help_text=_(
            "At high risk the persons concerned must be informed, unless e.g. the data was "
            "encrypted or measures take the high risk away (AVG art. 34 lid 3)."
        ),
    )
    measures = models.TextField(
        _("measures taken"),
        blank=True,
        help_text=_("What was done to limit the consequences and to prevent a repeat."),
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=BreachState.choices,
        default=INITIAL_STATE,
        editable=False,
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = DataBreachQuerySet.as_manager()

    class Meta:
        verbose_name = _("data breach")
        verbose_name_plural = _("data breaches")
        ordering = ["-discovered_at", "-id"]
        indexes = [
            models.Index(fields=["-discovered_at"], name="breach_discovered"),
            models.Index(fields=["team", "-discovered_at"], name="breach_team_discovered"),
            models.Index(fields=["reported_by", "-discovered_at"], name="breach_reporter"),
            models.Index(fields=["discovered_by"], name="breach_discoverer"),
            models.Index(
                fields=["ap_deadline"],
                name="breach_undecided_deadline",
                condition=Q(state__in=["reported", "assessed"]),
            ),
            models.Index(fields=["state", "-discovered_at"], name="breach_state_discovered"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state=BreachState.CLOSED, closed_at__isnull=False)
                | (~Q(state=BreachState.CLOSED) & Q(closed_at__isnull=True)),
                name="breach_closed_at_iff_closed",
                violation_error_message=_("A breach has a closing time exactly when closed."),
            ),
            models.CheckConstraint(
                condition=~Q(state=BreachState.NOTIFIED)
                | (Q(ap_notified_at__isnull=False) & ~Q(ap_reference="")),
                name="breach_notified_has_reference",
                violation_error_message=_(
                    "A notified breach has a notification time and AP reference."
                ),
            ),
        ]
        permissions = [
            ("view_all_databreaches", "Can see every data breach (privacy and quality staff)"),
            ("view_team_databreaches", "Can see the data breaches of the own teams"),
        ]

    def __str__(self):
        local = timezone.localtime(self.discovered_at) if self.discovered_at else None
        when = f"{local:%d-%m-%Y %H:%M}" if local else "?"
        return _("Data breach %(id)s of %(when)s") % {"id": self.pk or "-", "when": when}

    def get_absolute_url(self):
        return reverse("breaches:breach-detail", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        """The AP decision is taken (notified, or a recorded reason not to notify)."""
        return self.state not in (BreachState.REPORTED, BreachState.ASSESSED)

    def is_overdue(self, now=None) -> bool:
        """The AP deadline passed without a decision."""
        now = now or timezone.now()
        return not self.is_decided and self.ap_deadline is not None and self.ap_deadline < now

    @property
    def notified_late(self) -> bool:
        return bool(self.ap_notified_at and self.ap_notified_at > self.ap_deadline)

    def get_data_categories_display(self) -> list[str]:
        labels = dict(DataCategory.choices)
        return [str(labels.get(code, code)) for code in self.data_categories or []]

    def clean(self):
        super().clean()
        errors = {}
        now = timezone.now() + timezone.timedelta(minutes=5)  # clock skew of the browser
        if self.discovered_at and self.discovered_at > now:
            errors["discovered_at"] = ValidationError(
                _("The moment of discovery cannot be in the future."), code="in_future"
            )
        if self.persons_notified_at:
            if self.persons_notified_at > now:
                errors["persons_notified_at"] = ValidationError(
                    _("The persons concerned cannot be informed in the future."),
                    code="in_future",
                )
            elif self.discovered_at and self.persons_notified_at < self.discovered_at:
                errors["persons_notified_at"] = ValidationError(
                    _("The persons concerned cannot be informed before the breach was discovered."),
                    code="before_discovery",
                )
        if self.persons_estimated and self.persons_affected is None:
            errors["persons_affected"] = ValidationError(
                _("Give the estimated number, or untick 'the number is an estimate'."),
                code="estimate_without_number",
            )
        if errors:
            raise ValidationError(errors)


class BreachTransition(AppendOnlyModel):
    """One change of a breach's state: who, when, from, to and why. Never edited."""

    breach = models.ForeignKey(
        DataBreach,
        on_delete=models.PROTECT,
        related_name="transitions",
        verbose_name=_("data breach"),
    )
    from_state = models.CharField(
        _("previous state"), max_length=20, choices=BreachState.choices, blank=True
    )
    to_state = models.CharField(_("new state"), max_length=20, choices=BreachState.choices)
    reason = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = BreachTransitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("data breach state change")
        verbose_name_plural = _("data breach state changes")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["breach", "at"], name="breach_transition_at")]

    def __str__(self):
        return f"{self.breach_id}: {self.from_state or '-'} -> {self.to_state}"
