"""Improvement plans (verbeterplannen): a finding, a responsible teammanager, actions with an
owner and a due date, evidence, and a state from open to verified.

A plan can come from any record that has ``visible_for(user)`` (an incident, complaint or data
breach): it is stored generically (content type + id), so the registers do not depend on
this app. Every write goes through ``improvements/services.py``.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.core.models import AppendOnlyModel
from wijkteam.improvements.choices import PlanSource
from wijkteam.improvements.querysets import (
    ImprovementActionQuerySet,
    ImprovementPlanQuerySet,
    PlanTransitionQuerySet,
)
from wijkteam.improvements.workflow import INITIAL_STATE, ActionStatus, PlanState


def split_links(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def validate_links(value: str) -> None:
    check = URLValidator(schemes=["http", "https"])
    for line in split_links(value):
        try:
            check(line)
        except ValidationError:
            raise ValidationError(
                _("“%(link)s” is not a web address; give one address (https://...) per line.")
                % {"link": line[:80]},
                code="invalid_link",
            ) from None


class ImprovementPlan(models.Model):
    title = models.CharField(_("title"), max_length=200)
    finding = models.TextField(
        _("finding"), help_text=_("What was found, and why it needs improvement.")
    )
    source = models.CharField(_("source"), max_length=20, choices=PlanSource.choices)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="responsible_improvement_plans",
        verbose_name=_("responsible"),
        help_text=_("The teammanager responsible for carrying out the plan."),
    )
    team = models.ForeignKey(
        "organisation.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="improvement_plans",
        verbose_name=_("team"),
        help_text=_("Leave empty for a plan of the whole organisation."),
    )
    due_on = models.DateField(_("due on"))
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("How the result shows: what changed, where it is recorded."),
    )
    evidence_links = models.TextField(
        _("evidence links"),
        blank=True,
        validators=[validate_links],
        help_text=_("Web addresses of documents (for example in Zenya), one per line."),
    )
    origin_content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    origin_object_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    origin = GenericForeignKey("origin_content_type", "origin_object_id")
    state = models.CharField(
        _("state"), max_length=20, choices=PlanState.choices, default=INITIAL_STATE, editable=False
    )
    state_reason = models.TextField(_("reason"), blank=True, editable=False)
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    verified_on = models.DateField(_("verified on"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ImprovementPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("improvement plan")
        verbose_name_plural = _("improvement plans")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["origin_content_type", "origin_object_id"], name="plan_origin"),
            models.Index(fields=["responsible", "state"], name="plan_responsible_state"),
            models.Index(fields=["team", "state"], name="plan_team_state"),
            models.Index(fields=["state", "due_on"], name="plan_state_due"),
            models.Index(
                fields=["due_on"],
                name="plan_active_due",
                condition=Q(state__in=["open", "in_progress"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(origin_content_type__isnull=True, origin_object_id__isnull=True)
                | Q(origin_content_type__isnull=False, origin_object_id__isnull=False),
                name="plan_origin_complete",
                violation_error_message=_("An origin needs both its kind and its number."),
            ),
        ]
        permissions = [
            ("view_all_improvementplans", "Can see every improvement plan"),
            ("view_team_improvementplans", "Can see the improvement plans of the own teams"),
            ("verify_improvementplan", "Can verify that an improvement plan had its effect"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("improvements:plan-detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.state in (PlanState.OPEN, PlanState.IN_PROGRESS)

    def is_overdue(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.is_active and self.due_on < on

    @property
    def links(self) -> list[str]:
        return split_links(self.evidence_links)

    def clean(self):
        super().clean()
        errors = {}
        if self.responsible_id and not self.responsible.is_active:
            errors["responsible"] = ValidationError(
                _("The responsible person no longer works here; choose someone else."),
                code="inactive",
            )
        if errors:
            raise ValidationError(errors)


class ImprovementAction(models.Model):
    """One action of a plan: what, who, by when; its status changes through the service."""

    plan = models.ForeignKey(
        ImprovementPlan,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("improvement plan"),
    )
    description = models.CharField(_("what"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="improvement_actions",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ActionStatus.choices,
        default=ActionStatus.OPEN,
        editable=False,
    )
    done_on = models.DateField(_("done on"), null=True, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ImprovementActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["plan", "due_on"], name="action_plan_due"),
            models.Index(fields=["owner", "status"], name="action_owner_status"),
            models.Index(
                fields=["due_on"],
                name="action_unfinished_due",
                condition=Q(status__in=["open", "in_progress"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ActionStatus.DONE, done_on__isnull=False)
                | (~Q(status=ActionStatus.DONE) & Q(done_on__isnull=True)),
                name="action_done_on_iff_done",
                violation_error_message=_("An action has a date done exactly when it is done."),
            ),
        ]

    def __str__(self):
        return self.description

    def is_overdue(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS) and self.due_on < on

    def clean(self):
        super().clean()
        errors = {}
        if self.owner_id and not self.owner.is_active:
            errors["owner"] = ValidationError(
                _("The owner no longer works here; choose someone else."), code="inactive"
            )
        if self.done_on and self.done_on > timezone.localdate():
            errors["done_on"] = ValidationError(
                _("An action cannot be done in the future."), code="in_future"
            )
        if errors:
            raise ValidationError(errors)


class PlanTransition(AppendOnlyModel):
    """One change of a plan's state: who, when, from, to and why. Never edited."""

    plan = models.ForeignKey(
        ImprovementPlan,
        on_delete=models.PROTECT,
        related_name="transitions",
        verbose_name=_("improvement plan"),
    )
    from_state = models.CharField(
        _("previous state"), max_length=20, choices=PlanState.choices, blank=True
    )
    to_state = models.CharField(_("new state"), max_length=20, choices=PlanState.choices)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = PlanTransitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("improvement plan state change")
        verbose_name_plural = _("improvement plan state changes")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["plan", "at"], name="plan_transition_at")]

    def __str__(self):
        return f"{self.plan_id}: {self.from_state or '-'} -> {self.to_state}"
