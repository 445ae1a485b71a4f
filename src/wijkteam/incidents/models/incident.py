"""The incident report and its append-only history."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.core.models import AppendOnlyModel
from wijkteam.incidents.choices import (
    LOCATION_KINDS_WITH_PLACE,
    AftercareOutcome,
    EventKind,
    IncidentKind,
    IncidentLocationKind,
)
from wijkteam.incidents.ladder import CATEGORY_CHOICES
from wijkteam.incidents.querysets import (
    IncidentEventQuerySet,
    IncidentQuerySet,
)
from wijkteam.incidents.workflow import (
    AFTERCARE_OPEN_STATES,
    INITIAL_STATE,
    CalamityState,
    CareNeedStatus,
    IncidentState,
)

# Which organisation.Location kinds fit which incident location kind.

_PLACE_KINDS = {
    IncidentLocationKind.OFFICE: {"office"},
    IncidentLocationKind.NEIGHBOURHOOD_ROOM: {"neighbourhood_room", "village_room"},
}


def _not_in_future(value, field: str, errors: dict, message) -> None:
    if value and field not in errors and value > timezone.localdate():
        errors[field] = ValidationError(message, code="in_future")


class Incident(models.Model):
    """One incident report (incidentmelding) by a staff member."""

    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    occurred_time = models.TimeField(_("time"))
    location_kind = models.CharField(
        _("where"), max_length=20, choices=IncidentLocationKind.choices
    )
    location = models.ForeignKey(
        "organisation.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("location"),
        help_text=_("For an office or a neighbourhood or village room: which one."),
    )
    team = models.ForeignKey(
        "organisation.Team",
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name=_("team"),
    )
    kind = models.CharField(_("type"), max_length=30, choices=IncidentKind.choices)
    category = models.PositiveSmallIntegerField(
        _("category (aggression ladder)"),
        choices=CATEGORY_CHOICES,
        validators=[
            MinValueValidator(1, message=_("Choose a category from 1 to 6.")),
            MaxValueValidator(6, message=_("Choose a category from 1 to 6.")),
        ],
    )
    staff_involved = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="incidents_involved_in",
        verbose_name=_("staff involved"),
    )
    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("resident involved"),
    )
    household = models.ForeignKey(
        "residents.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("household involved"),
    )
    third_party = models.CharField(
        _("third party involved"),
        max_length=200,
        blank=True,
        help_text=_(
            "Someone who is not a resident in your files, e.g. a passer-by or a relative. "
            "A description is enough."
        ),
    )
    description = models.TextField(_("what happened"))
    immediate_measures = models.TextField(
        _("immediate measures"),
        blank=True,
        help_text=_("What was done at once, e.g. the conversation ended, a colleague called."),
    )
    police_involved = models.BooleanField(_("the police came"), default=False)
    ambulance_involved = models.BooleanField(_("an ambulance came"), default=False)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reported_incidents",
        verbose_name=_("reported by"),
        editable=False,
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now, editable=False)
    reported_on = models.DateField(_("reported on"), editable=False)
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=IncidentState.choices,
        default=INITIAL_STATE,
        editable=False,
    )
    aftercare_due_on = models.DateField(_("aftercare due on"), editable=False)
    aftercare_computed_with = models.CharField(
        _("aftercare deadline computed with"), max_length=200, editable=False
    )
    aftercare_planned_on = models.DateField(
        _("aftercare conversation planned on"), null=True, blank=True, editable=False
    )
    aftercare_done_on = models.DateField(
        _("aftercare confirmed on"), null=True, blank=True, editable=False
    )
    aftercare_outcome = models.CharField(
        _("aftercare outcome"),
        max_length=10,
        choices=AftercareOutcome.choices,
        blank=True,
        editable=False,
    )
    aftercare_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aftercare by"),
        editable=False,
    )
    aftercare_note = models.TextField(_("aftercare note"), blank=True, editable=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_on", "-occurred_time", "-id"]
        indexes = [
            models.Index(fields=["-occurred_on", "-id"], name="incident_occurred"),
            models.Index(fields=["team", "-occurred_on"], name="incident_team_occurred"),
            models.Index(fields=["reporter", "-occurred_on"], name="incident_reporter_occurred"),
            models.Index(fields=["category", "occurred_on"], name="incident_category_occurred"),
            models.Index(fields=["kind", "occurred_on"], name="incident_kind_occurred"),
            # Selective: only incidents whose aftercare is still to be confirmed.
            models.Index(
                fields=["aftercare_due_on"],
                name="incident_aftercare_open_due",
                condition=Q(state__in=sorted(AFTERCARE_OPEN_STATES)),
            ),
            models.Index(
                fields=["team", "-occurred_on"],
                name="incident_open_team",
                condition=~Q(state=IncidentState.CLOSED),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__gte=1, category__lte=6),
                name="incident_category_1_to_6",
                violation_error_message=_("Choose a category from 1 to 6."),
            ),
            models.CheckConstraint(
                condition=(Q(state=IncidentState.CLOSED) & Q(closed_on__isnull=False))
                | (~Q(state=IncidentState.CLOSED) & Q(closed_on__isnull=True)),
                name="incident_closed_on_iff_closed",
                violation_error_message=_("An incident has a closing date exactly when closed."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(state__in=sorted(AFTERCARE_OPEN_STATES)) & Q(aftercare_done_on__isnull=True)
                )
                | (
                    ~Q(state__in=sorted(AFTERCARE_OPEN_STATES)) & Q(aftercare_done_on__isnull=False)
                ),
                name="incident_aftercare_done_iff_past_aftercare",
                violation_error_message=_(
                    "The aftercare date is recorded exactly when the aftercare is confirmed."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(state=IncidentState.AFTERCARE_PLANNED)
                | Q(aftercare_planned_on__isnull=False),
                name="incident_planned_has_date",
                violation_error_message=_("A planned aftercare conversation needs a date."),
            ),
        ]
        permissions = [
            ("view_team_incidents", "Can see the incidents of the own teams"),
            ("view_all_incidents", "Can see every incident"),
            ("confirm_aftercare", "Can plan and confirm the aftercare conversation"),
            ("close_incident", "Can close and reopen an incident"),
            ("decide_calamity", "Can decide whether an incident is a calamity"),
            ("track_calamity", "Can record the report of a calamity to the authority"),
        ]

    def __str__(self):
        return f"{self.get_category_display()} · {self.occurred_on:%d-%m-%Y}"

    @property
    def is_closed(self) -> bool:
        return self.state == IncidentState.CLOSED

    @property
    def aftercare_is_open(self) -> bool:
        return self.state in AFTERCARE_OPEN_STATES

    def aftercare_status(self, on=None) -> str:
        """``overdue``, ``due_soon``, ``open``, ``met`` or ``met_late`` as seen on ``on``."""
        on = on or timezone.localdate()
        if self.aftercare_done_on:
            return "met" if self.aftercare_done_on <= self.aftercare_due_on else "met_late"
        if self.aftercare_due_on < on:
            return "overdue"
        if self.aftercare_due_on <= on + datetime.timedelta(days=6):
            return "due_soon"
        return "open"

    def clean(self):
        super().clean()
        errors = {}
        _not_in_future(
            self.occurred_on, "occurred_on", errors, _("An incident cannot be in the future.")
        )
        if (
            "occurred_on" not in errors
            and self.occurred_on
            and self.reported_on
            and self.occurred_on > self.reported_on
        ):
            errors["occurred_on"] = ValidationError(
                _("An incident cannot happen after it was reported."), code="after_report"
            )
        if self.location_id and self.location_kind:
            if self.location_kind not in LOCATION_KINDS_WITH_PLACE:
                errors["location"] = ValidationError(
                    _(
                        "Choose a location only for an office or a neighbourhood or village "
                        "room; leave it empty for a home visit, public space or elsewhere."
                    ),
                    code="location_not_applicable",
                )
            elif self.location.kind not in _PLACE_KINDS[self.location_kind]:
                errors["location"] = ValidationError(
                    _("%(location)s is not a place of this kind (%(kind)s).")
                    % {"location": self.location, "kind": self.get_location_kind_display()},
                    code="location_kind_mismatch",
                )
        if self.household_id and self.resident_id:
            from wijkteam.residents.models import HouseholdMember

            if not HouseholdMember.objects.filter(
                household_id=self.household_id, resident_id=self.resident_id
            ).exists():
                errors["household"] = ValidationError(
                    _("The resident is not a member of this household."), code="not_a_member"
                )
        if errors:
            raise ValidationError(errors)


class IncidentEvent(AppendOnlyModel):
    """One entry of an incident's history: who did what, when. Never edited or deleted."""

    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, related_name="events", verbose_name=_("incident")
    )
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20, blank=True)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = IncidentEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident history entry")
        verbose_name_plural = _("incident history")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["incident", "at"], name="incident_event_at")]

    def __str__(self):
        return f"{self.incident_id}: {self.kind} {self.from_state or '-'} -> {self.to_state or '-'}"

    def state_labels(self) -> tuple[str, str]:
        """The from/to states in words, for whichever table the event belongs to."""

        table = {
            EventKind.STATE_CHANGED: IncidentState,
            EventKind.REPORTED: IncidentState,
            EventKind.CALAMITY: CalamityState,
            EventKind.CARE_NEED: CareNeedStatus,
        }.get(self.kind)

        def label(value):
            if not value or table is None or value not in table.values:
                return value
            return table(value).label

        return label(self.from_state), label(self.to_state)
