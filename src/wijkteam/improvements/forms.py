"""Forms of improvement plans: shape only, the rules live in the models and services."""

from django import forms
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.accounts.forms import VersionedForm
from wijkteam.accounts.models import User
from wijkteam.improvements import workflow
from wijkteam.improvements.choices import PlanSource
from wijkteam.improvements.models import ImprovementAction, ImprovementPlan
from wijkteam.improvements.workflow import ActionStatus, PlanState
from wijkteam.organisation.models import Team

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def plan_managers():
    """Active staff who may manage improvement plans: the candidates for 'responsible'."""
    perms = Permission.objects.filter(
        content_type__app_label="improvements", codename="change_improvementplan"
    )
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__permissions__in=perms) | Q(user_permissions__in=perms))
        .distinct()
        .order_by("last_name", "first_name")
    )


class PlanForm(VersionedForm):
    class Meta:
        model = ImprovementPlan
        fields = [
            "title",
            "finding",
            "source",
            "responsible",
            "team",
            "due_on",
            "evidence",
            "evidence_links",
        ]
        widgets = {
            "finding": forms.Textarea(attrs={"rows": 4}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "evidence_links": forms.Textarea(attrs={"rows": 2}),
            "due_on": DATE,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        managers = plan_managers()
        if self.instance.pk and self.instance.responsible_id:
            managers = User.objects.filter(
                Q(pk__in=managers.values("pk")) | Q(pk=self.instance.responsible_id)
            ).order_by("last_name", "first_name")
        self.fields["responsible"].queryset = managers
        self.fields["team"].queryset = Team.objects.active().order_by("name")
        self.fields["source"].choices = PlanSource.choices
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("responsible", user.pk)
            team_ids = sorted(user.active_team_ids())
            if len(team_ids) == 1:
                self.initial.setdefault("team", team_ids[0])

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if not self.instance.pk and due_on < timezone.localdate():
            raise forms.ValidationError(
                _("A new plan cannot be due in the past."), code="due_in_past"
            )
        return due_on


class PlanTransitionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason or note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How the result shows: what changed, where it is recorded."),
    )
    evidence_links = forms.CharField(
        label=_("Evidence links"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Web addresses of documents, one per line."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, plan: ImprovementPlan, to: str, **kwargs):
        super().__init__(*args, **kwargs)
        needs = workflow.requirement(plan.state, to)
        if needs.reason:
            self.fields["reason"].required = True
            self.fields["reason"].label = _("Reason")
            self.fields["reason"].error_messages["required"] = _("Give the reason.")
        if not needs.evidence:
            del self.fields["evidence"]
            del self.fields["evidence_links"]
        if not self.is_bound:
            self.initial["version"] = plan.version
            if needs.evidence:
                self.initial["evidence"] = plan.evidence
                self.initial["evidence_links"] = plan.evidence_links

    def clean_evidence_links(self):
        from wijkteam.improvements.models import validate_links

        value = self.cleaned_data.get("evidence_links", "")
        validate_links(value)
        return value

    def service_kwargs(self) -> dict:
        data = {"reason": self.cleaned_data.get("reason", "")}
        if "evidence" in self.fields:
            data["evidence"] = self.cleaned_data.get("evidence", "")
            data["evidence_links"] = self.cleaned_data.get("evidence_links", "")
        return data


class ActionForm(VersionedForm):
    class Meta:
        model = ImprovementAction
        fields = ["description", "owner", "due_on", "note"]
        widgets = {"due_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        staff = User.objects.visible_for(user).filter(is_active=True)
        if self.instance.pk and self.instance.owner_id:
            staff = User.objects.filter(Q(pk__in=staff.values("pk")) | Q(pk=self.instance.owner_id))
        self.fields["owner"].queryset = staff.order_by("last_name", "first_name")


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)
    done_on = forms.DateField(
        label=_("Done on"),
        required=False,
        widget=DATE,
        help_text=_("Only when the action is done; today when left empty."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the action is cancelled or reopened."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, action: ImprovementAction, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, label)
            for value, label in ActionStatus.choices
            if workflow.action_allowed(action.status, value)
        ]
        if not self.is_bound:
            self.initial["version"] = action.version
            self.initial["note"] = action.note


class PlanFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All")), *PlanState.choices]
    )
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("All")), *PlanSource.choices]
    )
    team = forms.ModelChoiceField(
        label=_("Team"), required=False, queryset=Team.objects.none(), empty_label=_("All")
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.order_by("name")

    def filter(self, qs):
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        if data.get("state"):
            qs = qs.filter(state=data["state"])
        if data.get("source"):
            qs = qs.filter(source=data["source"])
        if data.get("team"):
            qs = qs.filter(team=data["team"])
        if data.get("overdue"):
            qs = qs.overdue()
        return qs
