"""Complaints (klachten): the complaint with its stored terms, its append-only history and the
categories (master data).

Every write goes through ``complaints/services.py``; the state only changes through
``transition_complaint()`` (the table is in ``workflow.py``), which appends a
``ComplaintEvent``. Terms are computed once, when the complaint enters the state that starts
them, and stored with the rule that produced them; later rule changes never rewrite them.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.complaints.choices import (
    ComplaintChannel,
    DeadlineStatus,
    EventKind,
    HandlingRoute,
    Outcome,
)
from wijkteam.complaints.querysets import (
    DUE_SOON_DAYS,
    ComplaintEventQuerySet,
    ComplaintQuerySet,
)
from wijkteam.complaints.workflow import (
    HANDLED_STATES,
    INITIAL_STATE,
    UNDECIDED_STATES,
    ComplaintState,
)
from wijkteam.core.models import AppendOnlyModel
from wijkteam.organisation.models import ValidityPeriod
from wijkteam.organisation.querysets import ValidityQuerySet

# Size limits of the free-text fields, shared by the model, the forms and the API.
NAME_MAX = 200
EMAIL_MAX = 254
PHONE_MAX = 30
ADDRESS_MAX = 300
ABOUT_MAX = 200
DESCRIPTION_MAX = 5000
TEXT_MAX = 2000

phone_validator = RegexValidator(
    r"^[0-9+()\- ]{6,30}$",
    message=_("Enter a phone number of digits, spaces, +, - or brackets (6 to 30 characters)."),
    code="phone",
)


class ComplaintCategory(ValidityPeriod):
    """A kind of complaint (klachtsoort), e.g. data sharing/AVG or treatment (bejegening).

    Master data maintained by functioneel beheer; a category that is no longer in use keeps
    its old complaints but is not offered for new ones.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Complaint(models.Model):
    """One complaint, from receipt to closing. Holds the complainant's personal data."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    reference_year = models.PositiveSmallIntegerField(editable=False)
    reference_number = models.PositiveIntegerField(editable=False)

    # Receipt
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    channel = models.CharField(_("channel"), max_length=20, choices=ComplaintChannel.choices)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registered_complaints",
        verbose_name=_("registered by"),
        editable=False,
        help_text=_("Empty for the public complaint form."),
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now, editable=False)

    # The complainant
    complainant_name = models.CharField(_("name of the complainant"), max_length=NAME_MAX)
    complainant_email = models.EmailField(_("e-mail address"), max_length=EMAIL_MAX, blank=True)
    complainant_phone = models.CharField(
        _("phone number"), max_length=PHONE_MAX, blank=True, validators=[phone_validator]
    )
    complainant_address = models.CharField(_("postal address"), max_length=ADDRESS_MAX, blank=True)
    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("resident"),
        help_text=_("The resident's file this complaint belongs to, if any."),
    )

    # The complaint
    team = models.ForeignKey(
        "organisation.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("team"),
        help_text=_("The team the complaint is about."),
    )
    category = models.ForeignKey(
        ComplaintCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("category"),
    )
    about = models.CharField(
        _("about whom or what"),
        max_length=ABOUT_MAX,
        blank=True,
        help_text=_("For example a staff member's role, a decision or a partner organisation."),
    )
    occurred_on = models.DateField(_("happened on"), null=True, blank=True)
    description = models.TextField(
        _("the complaint"), validators=[MaxLengthValidator(DESCRIPTION_MAX)]
    )
    desired_outcome = models.TextField(
        _("what the complainant wants"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)]
    )

    # Handling
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=ComplaintState.choices,
        default=INITIAL_STATE,
        editable=False,
    )
    route = models.CharField(
        _("route"), max_length=20, choices=HandlingRoute.choices, blank=True, editable=False
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_complaints",
        verbose_name=_("handler"),
        editable=False,
    )

    # Stored terms (never recomputed)
    acknowledge_by = models.DateField(_("acknowledge by"), editable=False)
    acknowledge_rule = models.CharField(max_length=200, editable=False)
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True, editable=False)
    decision_weeks = models.PositiveSmallIntegerField(editable=False)
    decide_by = models.DateField(_("decide by"), editable=False)
    decide_rule = models.CharField(max_length=200, editable=False)
    extended_decide_by = models.DateField(
        _("decide by (extended)"), null=True, blank=True, editable=False
    )
    extension_rule = models.CharField(max_length=200, blank=True, editable=False)
    extension_reason = models.TextField(_("reason for the extension"), blank=True, editable=False)
    extended_on = models.DateField(_("extended on"), null=True, blank=True, editable=False)
    decision_due_on = models.DateField(
        _("decision due on"),
        editable=False,
        help_text=_("The decision date that applies now: the extended one, if any."),
    )

    # Committee, decision, closing
    committee_on = models.DateField(
        _("referred to the committee on"), null=True, blank=True, editable=False
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True, editable=False
    )
    decision_summary = models.TextField(_("decision"), blank=True, editable=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)

    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["-received_on", "-id"], name="complaint_received"),
            models.Index(fields=["team", "-received_on"], name="complaint_team_received"),
            models.Index(fields=["category", "-received_on"], name="complaint_category_received"),
            models.Index(fields=["state", "-received_on"], name="complaint_state_received"),
            models.Index(fields=["handler", "state"], name="complaint_handler_state"),
            models.Index(fields=["registered_by"], name="complaint_registered_by"),
            models.Index(
                fields=["acknowledge_by"],
                name="complaint_ack_open",
                condition=Q(state=ComplaintState.RECEIVED),
            ),
            models.Index(
                fields=["decision_due_on"],
                name="complaint_decision_open",
                condition=Q(state__in=sorted(UNDECIDED_STATES)),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["reference_year", "reference_number"], name="complaint_reference_unique"
            ),
            models.CheckConstraint(
                condition=(Q(state=ComplaintState.CLOSED) & Q(closed_on__isnull=False))
                | (~Q(state=ComplaintState.CLOSED) & Q(closed_on__isnull=True)),
                name="complaint_closed_on_iff_closed",
                violation_error_message=_(
                    "A complaint has a closing date exactly when it is closed."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[ComplaintState.DECIDED, ComplaintState.CLOSED])
                | ~Q(outcome=""),
                name="complaint_decided_has_outcome",
                violation_error_message=_("A decided or closed complaint needs an outcome."),
            ),
            models.CheckConstraint(
                condition=~Q(state__in=sorted(HANDLED_STATES)) | Q(handler__isnull=False),
                name="complaint_handled_has_handler",
                violation_error_message=_("A complaint in handling needs a handler."),
            ),
        ]
        permissions = [
            ("view_all_complaints", "Can see and handle every complaint"),
            ("view_team_complaints", "Can see and handle complaints about the own teams"),
        ]

    def __str__(self):
        return self.reference or str(_("new complaint"))

    @property
    def is_closed(self) -> bool:
        return self.state == ComplaintState.CLOSED

    @property
    def is_undecided(self) -> bool:
        return self.state in UNDECIDED_STATES

    @property
    def is_extended(self) -> bool:
        return self.extended_decide_by is not None

    def acknowledgement_status(self, on: datetime.date | None = None) -> str:
        if self.acknowledged_on:
            ok = self.acknowledged_on <= self.acknowledge_by
            return DeadlineStatus.MET if ok else DeadlineStatus.MET_LATE
        if self.state != ComplaintState.RECEIVED:
            return DeadlineStatus.NOT_NEEDED  # withdrawn before it was acknowledged
        return _status(self.acknowledge_by, on)

    def decision_status(self, on: datetime.date | None = None) -> str:
        if self.decided_on:
            ok = self.decided_on <= self.decision_due_on
            return DeadlineStatus.MET if ok else DeadlineStatus.MET_LATE
        if not self.is_undecided:
            return DeadlineStatus.NOT_NEEDED  # withdrawn
        return _status(self.decision_due_on, on)

    def clean(self):
        super().clean()
        errors = {}
        today = timezone.localdate()
        if self.received_on and self.received_on > today:
            errors["received_on"] = ValidationError(
                _("The date the complaint was received cannot be in the future."),
                code="in_future",
            )
        if self.occurred_on and self.occurred_on > today:
            errors["occurred_on"] = ValidationError(
                _("This date cannot be in the future."), code="in_future"
            )
        if not (self.complainant_email or self.complainant_phone or self.complainant_address):
            errors["complainant_email"] = ValidationError(
                _("Give at least one way to reach the complainant: e-mail, phone or address."),
                code="no_contact",
            )
        if errors:
            raise ValidationError(errors)


def _status(due_on: datetime.date, on: datetime.date | None) -> str:
    on = on or timezone.localdate()
    if due_on < on:
        return DeadlineStatus.OVERDUE
    if due_on <= on + datetime.timedelta(days=DUE_SOON_DAYS):
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.OPEN


class ComplaintEvent(AppendOnlyModel):
    """One event in a complaint's life: a state change, the extension of the decision term,
    or a change of handler or route. Who, when, from, to and why; never edited."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="events", verbose_name=_("complaint")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    from_state = models.CharField(
        _("previous state"), max_length=20, choices=ComplaintState.choices, blank=True
    )
    to_state = models.CharField(
        _("new state"), max_length=20, choices=ComplaintState.choices, blank=True
    )
    on = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handler"),
    )
    route = models.CharField(_("route"), max_length=20, choices=HandlingRoute.choices, blank=True)
    due_on = models.DateField(_("new due date"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty for a complaint sent with the public form."),
    )
    at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = ComplaintEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["complaint", "at"], name="complaint_event_at")]

    def __str__(self):
        return f"{self.complaint_id}: {self.kind} {self.from_state or '-'} -> {self.to_state}"
