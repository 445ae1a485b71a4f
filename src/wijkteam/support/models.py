"""The support case cycle: request (melding), conversations, contacts, referrals, states and
stored deadlines.

Every write goes through ``support/services.py``; the state only changes through
``transition_case()`` (the table is in ``workflow.py``), which appends a ``CaseTransition``.
Deadlines are computed once, when the event that starts them happens, and stored with the
rule that produced them (``computed_with``); later rule changes never rewrite them.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.core.models import AppendOnlyModel
from wijkteam.support.choices import (
    ClosureReason,
    ContactKind,
    ConversationKind,
    DeadlineKind,
    DeadlineStatus,
    LegalFramework,
    ReferralCategory,
    ReferralStatus,
    RequestChannel,
)
from wijkteam.support.querysets import (
    DUE_SOON_DAYS,
    AppendOnlyCaseQuerySet,
    CaseDeadlineQuerySet,
    CaseRelatedQuerySet,
    SupportCaseQuerySet,
)
from wijkteam.support.workflow import INITIAL_STATE, CaseState


def _not_in_future(value, field: str, errors: dict, message) -> None:
    if value and value > timezone.localdate():
        errors[field] = ValidationError(message, code="in_future")


class SupportCase(models.Model):
    """One request for support (ondersteuningsvraag) of a resident, from melding to closure."""

    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("resident"),
    )
    household = models.ForeignKey(
        "residents.Household",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("household"),
    )
    team = models.ForeignKey(
        "organisation.Team",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("team"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_cases",
        verbose_name=_("coordinating worker"),
    )
    legal_framework = models.CharField(
        _("legal framework"), max_length=10, choices=LegalFramework.choices
    )
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    channel = models.CharField(
        _("channel"),
        max_length=20,
        choices=RequestChannel.choices,
        help_text=_("How the request reached the team."),
    )
    question = models.TextField(
        _("question"),
        blank=True,
        help_text=_("The question in the resident's own words."),
    )
    location = models.ForeignKey(
        "organisation.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("location"),
        help_text=_("The neighbourhood or village room where the request came in, if any."),
    )
    urgent_debt_threat = models.BooleanField(
        _("urgent debt threat"),
        default=False,
        help_text=_(
            "Eviction, cut-off of energy or water, or termination of the health insurance "
            "threatens. A Wgs first conversation is then due within 3 working days."
        ),
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=CaseState.choices,
        default=INITIAL_STATE,
        editable=False,
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    closure_reason = models.CharField(
        _("closure reason"),
        max_length=20,
        choices=ClosureReason.choices,
        blank=True,
        editable=False,
    )
    closure_note = models.TextField(_("closure note"), blank=True, editable=False)
    retention_until = models.DateField(
        _("keep the file until"), null=True, blank=True, editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = SupportCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("support case")
        verbose_name_plural = _("support cases")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(
                fields=["team", "-received_on"],
                name="case_open_team_received",
                condition=models.Q(closed_on__isnull=True),
            ),
            models.Index(fields=["team", "-received_on"], name="case_team_received"),
            models.Index(fields=["coordinator", "closed_on"], name="case_coordinator_closed"),
            models.Index(fields=["team", "state"], name="case_team_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(state=CaseState.CLOSED) & Q(closed_on__isnull=False))
                | (~Q(state=CaseState.CLOSED) & Q(closed_on__isnull=True)),
                name="case_closed_on_iff_closed",
                violation_error_message=_("A case has a closing date exactly when it is closed."),
            ),
            models.CheckConstraint(
                condition=~Q(state=CaseState.CLOSED) | ~Q(closure_reason=""),
                name="case_closed_has_reason",
                violation_error_message=_("A closed case needs a closure reason."),
            ),
        ]
        permissions = [
            (
                "view_team_caseload",
                "Can see the caseload of every worker in the own teams",
            ),
        ]

    def __str__(self):
        return f"{self.get_legal_framework_display()} {self.received_on:%d-%m-%Y}"

    @property
    def is_closed(self) -> bool:
        return self.state == CaseState.CLOSED

    def clean(self):
        super().clean()
        errors = {}
        _not_in_future(
            self.received_on,
            "received_on",
            errors,
            _("The date the request was received cannot be in the future."),
        )
        if self.closed_on and self.received_on and self.closed_on < self.received_on:
            errors["closed_on"] = ValidationError(
                _("A case cannot close before it was received."),
                code="closed_before_received",
            )
        if self.household_id and self.resident_id:
            from wijkteam.residents.models import HouseholdMember

            if not HouseholdMember.objects.filter(
                household_id=self.household_id, resident_id=self.resident_id
            ).exists():
                errors["household"] = ValidationError(
                    _("The resident is not a member of this household."),
                    code="not_a_member",
                )
        if errors:
            raise ValidationError(errors)


class CaseTransition(AppendOnlyModel):
    """One change of a case's state: who, when, from, to and why. Never edited."""

    case = models.ForeignKey(
        SupportCase,
        on_delete=models.PROTECT,
        related_name="transitions",
        verbose_name=_("support case"),
    )
    from_state = models.CharField(
        _("previous state"), max_length=20, choices=CaseState.choices, blank=True
    )
    to_state = models.CharField(_("new state"), max_length=20, choices=CaseState.choices)
    on = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    closure_reason = models.CharField(
        _("closure reason"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = AppendOnlyCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="transition_case_at")]

    def __str__(self):
        return f"{self.case_id}: {self.from_state or '-'} -> {self.to_state} ({self.on})"


class CaseDeadline(models.Model):
    """A deadline of a case, stored when it starts; ``met_on`` is filled by the event that
    meets it. ``due_on`` and ``computed_with`` are never recomputed."""

    case = models.ForeignKey(
        SupportCase,
        on_delete=models.CASCADE,
        related_name="deadlines",
        verbose_name=_("support case"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=DeadlineKind.choices)
    referral = models.ForeignKey(
        "support.Referral",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deadlines",
        verbose_name=_("referral"),
        help_text=_("The application this decision deadline belongs to."),
    )
    started_on = models.DateField(_("starts on"))
    due_on = models.DateField(_("due on"))
    met_on = models.DateField(_("met on"), null=True, blank=True)
    computed_with = models.CharField(_("computed with"), max_length=200)
    created_at = models.DateTimeField(_("stored at"), default=timezone.now)

    objects = CaseDeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(
                fields=["due_on"],
                name="deadline_unmet_due",
                condition=Q(met_on__isnull=True),
            ),
            models.Index(fields=["case", "kind"], name="deadline_case_kind"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(referral__isnull=True),
                name="deadline_once_per_case",
            ),
            models.UniqueConstraint(
                fields=["referral", "kind"],
                condition=Q(referral__isnull=False),
                name="deadline_once_per_referral",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.due_on:%d-%m-%Y}"

    def status(self, on=None) -> str:
        """Open, due this week (today and the six days after it), overdue, met or met late,
        as seen on ``on`` (default today)."""
        on = on or timezone.localdate()
        if self.met_on:
            return DeadlineStatus.MET if self.met_on <= self.due_on else DeadlineStatus.MET_LATE
        if self.due_on < on:
            return DeadlineStatus.OVERDUE
        if self.due_on <= on + datetime.timedelta(days=DUE_SOON_DAYS):
            return DeadlineStatus.DUE_SOON
        return DeadlineStatus.OPEN

    def get_status_display(self, on=None) -> str:
        return DeadlineStatus(self.status(on)).label


class CaseEvent(models.Model):
    """Common fields of what is recorded on a case: who recorded it, and when."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        abstract = True


class Conversation(CaseEvent):
    """A conversation or research step (keukentafelgesprek, onderzoek) and its outcome."""

    case = models.ForeignKey(
        SupportCase,
        on_delete=models.PROTECT,
        related_name="conversations",
        verbose_name=_("support case"),
    )
    held_on = models.DateField(_("held on"), default=timezone.localdate)
    kind = models.CharField(_("kind"), max_length=20, choices=ConversationKind.choices)
    participants = models.CharField(
        _("participants"),
        max_length=300,
        blank=True,
        help_text=_("Who took part, e.g. the resident, a daughter, the GP."),
    )
    outcome = models.TextField(_("outcome"))

    objects = CaseRelatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["case", "-held_on"], name="conversation_case_held")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on:%d-%m-%Y}"

    def clean(self):
        super().clean()
        errors = {}
        _not_in_future(
            self.held_on, "held_on", errors, _("A conversation cannot be held in the future.")
        )
        _check_after_received(self, "held_on", self.held_on, errors)
        if errors:
            raise ValidationError(errors)


class Contact(CaseEvent):
    """A contact moment with or about the resident; quick to record (date, kind, minutes)."""

    case = models.ForeignKey(
        SupportCase,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("support case"),
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        validators=[
            MinValueValidator(1, message=_("The duration must be at least 1 minute.")),
            MaxValueValidator(
                24 * 60, message=_("The duration cannot be more than 24 hours (1440 minutes).")
            ),
        ],
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ContactKind.choices)
    with_whom = models.CharField(_("with whom"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = CaseRelatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["case", "-date"], name="contact_case_date")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d-%m-%Y} ({self.duration_minutes} min)"

    def clean(self):
        super().clean()
        errors = {}
        _not_in_future(self.date, "date", errors, _("A contact cannot be in the future."))
        _check_after_received(self, "date", self.date, errors)
        if errors:
            raise ValidationError(errors)


class Referral(CaseEvent):
    """A referral to additional support (verwijzing naar aanvullende ondersteuning)."""

    case = models.ForeignKey(
        SupportCase,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("support case"),
    )
    category = models.CharField(_("product"), max_length=20, choices=ReferralCategory.choices)
    provider = models.CharField(
        _("provider"), max_length=150, help_text=_("For example Windkracht058.")
    )
    sent_on = models.DateField(_("sent on"), default=timezone.localdate)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ReferralStatus.choices,
        default=ReferralStatus.SENT,
    )
    responded_on = models.DateField(_("answered on"), null=True, blank=True)
    response = models.TextField(_("answer"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CaseRelatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_on", "-id"]
        indexes = [models.Index(fields=["case", "-sent_on"], name="referral_case_sent")]

    def __str__(self):
        return f"{self.get_category_display()} → {self.provider}"

    def clean(self):
        super().clean()
        errors = {}
        _not_in_future(
            self.sent_on, "sent_on", errors, _("A referral cannot be sent in the future.")
        )
        _check_after_received(self, "sent_on", self.sent_on, errors)
        if self.status == ReferralStatus.SENT:
            if self.responded_on:
                errors["responded_on"] = ValidationError(
                    _("A referral without an answer has no answer date."), code="not_answered"
                )
        elif not self.responded_on:
            errors["responded_on"] = ValidationError(
                _("Give the date of the answer."), code="answer_date_required"
            )
        else:
            _not_in_future(
                self.responded_on,
                "responded_on",
                errors,
                _("The answer date cannot be in the future."),
            )
            if self.sent_on and self.responded_on < self.sent_on:
                errors["responded_on"] = ValidationError(
                    _("A referral cannot be answered before it was sent."),
                    code="answered_before_sent",
                )
        if errors:
            raise ValidationError(errors)


def _check_after_received(obj, field: str, value, errors: dict) -> None:
    if field in errors or not value or not obj.case_id:
        return
    received_on = obj.case.received_on
    if value < received_on:
        errors[field] = ValidationError(
            _("This date is before the request was received (%(date)s).")
            % {"date": received_on.strftime("%d-%m-%Y")},
            code="before_received",
        )
