import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.accounts.forms import VersionedForm
from wijkteam.accounts.models import User
from wijkteam.organisation.models import Team
from wijkteam.plans.choices import LifeDomainAudience, SelfRelianceScore
from wijkteam.plans.models import Action, AgeBand, Goal, LifeDomain, SupportPlan
from wijkteam.plans.workflow import GoalStatus, allowed_targets

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SCORE_REQUIRED = _("Give a score from 1 (acute problem) to 5 (fully self-reliant).")
SCORE_INVALID = _(
    "The score runs from 1 (acute problem) to 5 (fully self-reliant); choose one of these."
)


def score_form_field(label, **kwargs):
    return forms.TypedChoiceField(
        label=label,
        choices=SelfRelianceScore.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": SCORE_REQUIRED, "invalid_choice": SCORE_INVALID},
        **kwargs,
    )


class LifeDomainChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        label = obj.name
        if obj.audience != LifeDomainAudience.BOTH:
            label = f"{label} ({obj.get_audience_display().lower()})"
        if obj.is_provisional:
            label = f"{label} – {_('provisional')}"
        return label


def staff_choices(user):
    """Active colleagues the user may see, for the workers and the breakthrough specialist."""
    return User.objects.visible_for(user).filter(is_active=True).order_by("last_name", "first_name")


class SupportPlanForm(VersionedForm):
    class Meta:
        model = SupportPlan
        fields = [
            "started_on",
            "perspective",
            "risks",
            "workers",
            "is_breakthrough",
            "breakthrough_specialist",
            "breakthrough_plan",
        ]
        widgets = {
            "started_on": DATE,
            "workers": forms.CheckboxSelectMultiple,
            "perspective": forms.Textarea(attrs={"rows": 4}),
            "risks": forms.Textarea(attrs={"rows": 3}),
            "breakthrough_plan": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            staff = staff_choices(user)
            if self.instance.pk:
                # Keep colleagues already involved selectable, even from another team.
                current = self.instance.workers.values("pk")
                specialist = self.instance.breakthrough_specialist_id
                staff = User.objects.filter(
                    Q(pk__in=staff.values("pk")) | Q(pk__in=current) | Q(pk=specialist)
                ).order_by("last_name", "first_name")
            self.fields["workers"].queryset = staff
            self.fields["breakthrough_specialist"].queryset = staff


class GoalForm(VersionedForm):
    life_domain = LifeDomainChoiceField(
        label=_("life domain"),
        queryset=LifeDomain.objects.none(),
        error_messages={
            "required": _("Every goal belongs to exactly one life domain; choose one."),
            "invalid_choice": _(
                "This life domain is not in use (any more); choose one from the list."
            ),
        },
        help_text=_("The 'Wat telt' life domain the goal is about."),
    )
    start_score = score_form_field(
        _("score at the start"),
        help_text=_("Scored together with the resident: where do they stand now?"),
    )

    class Meta:
        model = Goal
        fields = [
            "life_domain",
            "title",
            "description",
            "started_on",
            "evaluation_due_on",
            "start_score",
        ]
        widgets = {
            "started_on": DATE,
            "evaluation_due_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keep = self.instance.life_domain_id if self.instance.pk else None
        self.fields["life_domain"].queryset = LifeDomain.objects.for_new_goals(keep=keep)
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault(
                "evaluation_due_on", timezone.localdate() + datetime.timedelta(weeks=13)
            )


class EvaluationForm(forms.Form):
    evaluated_on = forms.DateField(
        label=_("evaluation date"), widget=DATE, initial=timezone.localdate
    )
    status_after = forms.ChoiceField(
        label=_("status after the evaluation"), choices=GoalStatus.choices
    )
    score = score_form_field(
        _("score now"), help_text=_("Scored together with the resident: where do they stand now?")
    )
    result = forms.CharField(
        label=_("result"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What has been achieved, what not, and what happens next."),
    )

    def __init__(self, *args, goal=None, **kwargs):
        super().__init__(*args, **kwargs)
        if goal is not None:
            allowed = allowed_targets(goal.status)
            self.fields["status_after"].choices = [
                (value, label) for value, label in GoalStatus.choices if value in allowed
            ]


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["performer", "performer_name", "description", "due_on"]
        widgets = {"due_on": DATE}


class LifeDomainForm(VersionedForm):
    class Meta:
        model = LifeDomain
        fields = [
            "code",
            "name",
            "audience",
            "description",
            "is_provisional",
            "sort_order",
            "valid_from",
            "valid_to",
        ]
        widgets = {"valid_from": DATE, "valid_to": DATE}


class AgeBandForm(VersionedForm):
    class Meta:
        model = AgeBand
        fields = ["label", "min_age", "max_age", "valid_from", "valid_to"]
        widgets = {"valid_from": DATE, "valid_to": DATE}


class ProgressReportForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=DATE)
    date_to = forms.DateField(label=_("Until"), widget=DATE)
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All teams")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(
            kind__in=["neighbourhood", "village"]
        ).order_by("name")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(
                _("The end date cannot be before the start date."), code="period_reversed"
            )
        return cleaned
