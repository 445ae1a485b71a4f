"""Support plans (ondersteuningsplannen): goals per 'Wat telt' life domain, actions, and the
append-only history of evaluations with a self-reliance score.

A plan belongs to one support case; the resident and household come through the case, and so
does the scope: whoever may see the case may see its plan (``plans/scoping.py``). Life domains
and age bands are master data with a validity period, so old goals keep their meaning when
functioneel beheer ends a domain.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.core.models import AppendOnlyModel
from wijkteam.organisation.models import ValidityPeriod
from wijkteam.organisation.querysets import ValidityQuerySet
from wijkteam.plans.choices import ActionPerformer, LifeDomainAudience, SelfRelianceScore
from wijkteam.plans.querysets import (
    ActionQuerySet,
    GoalEvaluationQuerySet,
    GoalQuerySet,
    LifeDomainQuerySet,
    SupportPlanQuerySet,
)
from wijkteam.plans.workflow import GoalStatus

SCORE_ERRORS = {
    "invalid_choice": _(
        "The score runs from 1 (acute problem) to 5 (fully self-reliant); choose one of these."
    ),
    "null": _("Give a score from 1 (acute problem) to 5 (fully self-reliant)."),
    "blank": _("Give a score from 1 (acute problem) to 5 (fully self-reliant)."),
    "invalid": _("The score runs from 1 (acute problem) to 5 (fully self-reliant)."),
}


def score_field(verbose_name, **kwargs):
    return models.PositiveSmallIntegerField(
        verbose_name, choices=SelfRelianceScore.choices, error_messages=SCORE_ERRORS, **kwargs
    )


class LifeDomain(ValidityPeriod):
    """A 'Wat telt' life domain (leefgebied); every goal belongs to exactly one."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    audience = models.CharField(
        _("for"), max_length=10, choices=LifeDomainAudience.choices, default=LifeDomainAudience.BOTH
    )
    description = models.TextField(_("description"), blank=True)
    is_provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_("Not yet confirmed by the customer (voorlopig, te bevestigen)."),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    objects = LifeDomainQuerySet.as_manager()

    class Meta:
        verbose_name = _("life domain")
        verbose_name_plural = _("life domains")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class AgeBand(ValidityPeriod):
    """An age group for reports (leeftijdsgroep), e.g. 18-27; ``max_age`` empty = and older."""

    label = models.CharField(_("label"), max_length=30, unique=True)
    min_age = models.PositiveSmallIntegerField(_("from age"))
    max_age = models.PositiveSmallIntegerField(
        _("up to and including age"), null=True, blank=True, help_text=_("Empty: and older.")
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("age band")
        verbose_name_plural = _("age bands")
        ordering = ["min_age", "label"]

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        if self.min_age is None:
            return
        if self.max_age is not None and self.max_age < self.min_age:
            raise ValidationError(
                {"max_age": _("The upper age cannot be below the lower age.")},
                code="ages_reversed",
            )
        upper = self.max_age if self.max_age is not None else 10_000
        others = AgeBand.objects.exclude(pk=self.pk).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=self.valid_from),
            min_age__lte=upper,
        )
        if self.valid_to is not None:
            others = others.filter(valid_from__lte=self.valid_to)
        others = others.filter(models.Q(max_age__isnull=True) | models.Q(max_age__gte=self.min_age))
        clash = others.first()
        if clash is not None:
            raise ValidationError(
                {
                    "min_age": _("These ages overlap with the age band “%(other)s”.")
                    % {"other": clash.label}
                },
                code="ages_overlap",
            )

    def contains(self, age: int) -> bool:
        return age >= self.min_age and (self.max_age is None or age <= self.max_age)


class SupportPlan(models.Model):
    """The ondersteuningsplan of one support case: perspective, goals, the workers involved."""

    case = models.ForeignKey(
        "support.SupportCase",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("support case"),
    )
    started_on = models.DateField(_("start date"), default=timezone.localdate)
    perspective = models.TextField(
        _("perspective"),
        blank=True,
        help_text=_("What matters to the resident; what they want their life to look like."),
    )
    risks = models.TextField(
        _("risks"), blank=True, help_text=_("Risks signalled, and how they are watched.")
    )
    workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="support_plans",
        verbose_name=_("workers involved"),
    )
    is_breakthrough = models.BooleanField(
        _("breakthrough case (doorbraak)"),
        default=False,
        help_text=_("A tailored solution outside the regular routes (doorbraakmethodiek)."),
    )
    breakthrough_specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="breakthrough_plans",
        verbose_name=_("breakthrough specialist"),
    )
    breakthrough_plan = models.TextField(
        _("breakthrough plan"),
        blank=True,
        help_text=_(
            "The agreed doorbraakplan: the solution, weighed against legitimacy, return and "
            "involvement."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    revision = models.PositiveIntegerField(
        _("revision"),
        default=1,
        editable=False,
        help_text=_("Goes up with every change to the plan, its goals, actions or evaluations."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = SupportPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("support plan")
        verbose_name_plural = _("support plans")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                name="plan_one_per_case",
                violation_error_message=_("This support case already has a support plan."),
            )
        ]
        indexes = [
            models.Index(
                fields=["breakthrough_specialist"],
                name="plan_breakthrough",
                condition=models.Q(is_breakthrough=True),
            )
        ]

    def __str__(self):
        return _("Support plan %(number)s") % {"number": self.pk or "-"}

    @property
    def resident(self):
        return self.case.resident

    @property
    def household(self):
        return self.case.household

    def clean(self):
        super().clean()
        errors = {}
        if self.is_breakthrough and not self.breakthrough_specialist_id:
            errors["breakthrough_specialist"] = ValidationError(
                _("A breakthrough case needs a breakthrough specialist (doorbraakspecialist)."),
                code="specialist_required",
            )
        if self.case_id and self.started_on and self.started_on < self.case.received_on:
            errors["started_on"] = ValidationError(
                _("A plan cannot start before the support case was received (%(date)s).")
                % {"date": self.case.received_on.strftime("%d-%m-%Y")},
                code="plan_before_case",
            )
        if errors:
            raise ValidationError(errors)


class Goal(models.Model):
    """A goal (doel) of a plan, linked to exactly one life domain."""

    plan = models.ForeignKey(
        SupportPlan, on_delete=models.PROTECT, related_name="goals", verbose_name=_("plan")
    )
    life_domain = models.ForeignKey(
        LifeDomain,
        on_delete=models.PROTECT,
        related_name="goals",
        verbose_name=_("life domain"),
        error_messages={
            "null": _("Every goal belongs to exactly one life domain; choose one."),
            "blank": _("Every goal belongs to exactly one life domain; choose one."),
        },
    )
    title = models.CharField(
        _("goal"), max_length=200, help_text=_("What the resident wants to achieve.")
    )
    description = models.TextField(_("explanation"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=GoalStatus.choices,
        default=GoalStatus.NEW,
        editable=False,
    )
    started_on = models.DateField(_("start date"), default=timezone.localdate)
    evaluation_due_on = models.DateField(_("planned evaluation date"))
    start_score = score_field(
        _("score at the start"),
        help_text=_("Scored together with the resident: 1 acute problem … 5 fully self-reliant."),
    )
    current_score = score_field(_("latest score"), editable=False, null=True, blank=True)
    last_evaluated_on = models.DateField(
        _("last evaluated on"), null=True, blank=True, editable=False
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = GoalQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["life_domain__sort_order", "started_on", "id"]
        indexes = [
            models.Index(fields=["life_domain", "started_on"], name="goal_domain_started"),
            models.Index(fields=["status", "evaluation_due_on"], name="goal_status_due"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.last_evaluated_on is None:
            # Until the first evaluation the latest score is the start score.
            self.current_score = self.start_score
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_life_domain_id = getattr(instance, "life_domain_id", None)
        return instance

    def clean(self):
        super().clean()
        errors = {}
        domain_changed = self._state.adding or (
            self.life_domain_id != getattr(self, "_loaded_life_domain_id", None)
        )
        if self.life_domain_id and self.started_on and domain_changed:
            domain = self.life_domain
            if domain.valid_from > self.started_on or (
                domain.valid_to is not None and domain.valid_to < self.started_on
            ):
                errors["life_domain"] = ValidationError(
                    _(
                        "The life domain “%(name)s” is not in use on %(date)s; choose a life "
                        "domain that is."
                    )
                    % {"name": domain.name, "date": self.started_on.strftime("%d-%m-%Y")},
                    code="life_domain_inactive",
                )
        if self.started_on and self.evaluation_due_on and self.evaluation_due_on < self.started_on:
            errors["evaluation_due_on"] = ValidationError(
                _("The planned evaluation cannot be before the goal starts."),
                code="evaluation_before_start",
            )
        if self.pk and self.started_on:
            first = (
                GoalEvaluation.objects.filter(goal_id=self.pk)
                .order_by("evaluated_on")
                .values_list("evaluated_on", flat=True)
                .first()
            )
            if first is not None and first < self.started_on:
                errors["started_on"] = ValidationError(
                    _("The goal was already evaluated on %(date)s; it cannot start later.")
                    % {"date": first.strftime("%d-%m-%Y")},
                    code="start_after_evaluation",
                )
        if errors:
            raise ValidationError(errors)


class GoalEvaluation(AppendOnlyModel):
    """One evaluation of a goal: never changed afterwards, so the history stays as it was."""

    goal = models.ForeignKey(
        Goal, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("goal")
    )
    evaluated_on = models.DateField(_("evaluation date"))
    status_before = models.CharField(
        _("status before"), max_length=20, choices=GoalStatus.choices, editable=False
    )
    status_after = models.CharField(
        _("status after the evaluation"), max_length=20, choices=GoalStatus.choices
    )
    score = score_field(_("score"))
    result = models.TextField(_("result"))
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("evaluated by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    plan_revision = models.PositiveIntegerField(_("plan revision"), editable=False)

    objects = GoalEvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal evaluation")
        verbose_name_plural = _("goal evaluations")
        ordering = ["evaluated_on", "id"]
        indexes = [models.Index(fields=["goal", "evaluated_on"], name="evaluation_goal_date")]

    def __str__(self):
        return f"{self.goal_id} {self.evaluated_on:%d-%m-%Y} {self.status_after}"

    def clean(self):
        super().clean()
        errors = {}
        if self.goal_id and self.evaluated_on and self.evaluated_on < self.goal.started_on:
            errors["evaluated_on"] = ValidationError(
                _("An evaluation cannot be dated before the goal started (%(date)s).")
                % {"date": self.goal.started_on.strftime("%d-%m-%Y")},
                code="evaluation_before_start",
            )
        elif self.evaluated_on and self.evaluated_on > timezone.localdate():
            errors["evaluated_on"] = ValidationError(
                _("An evaluation cannot be dated in the future."), code="evaluation_in_future"
            )
        if errors:
            raise ValidationError(errors)


class Action(models.Model):
    """Who does what by when, towards a goal (afspraak)."""

    goal = models.ForeignKey(
        Goal, on_delete=models.PROTECT, related_name="actions", verbose_name=_("goal")
    )
    performer = models.CharField(_("who"), max_length=20, choices=ActionPerformer.choices)
    performer_name = models.CharField(
        _("name"),
        max_length=150,
        blank=True,
        help_text=_("Optional: e.g. the neighbour's first name or the partner organisation."),
    )
    description = models.CharField(_("what"), max_length=300)
    due_on = models.DateField(_("by when"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.description

    def clean(self):
        super().clean()
        if self.goal_id and self.due_on and self.due_on < self.goal.started_on:
            raise ValidationError(
                {"due_on": _("An action cannot be due before the goal starts.")},
                code="due_before_start",
            )
