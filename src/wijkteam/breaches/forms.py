"""Forms of the data-breach register: shape only, the rules live in the model and services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.accounts.forms import VersionedForm
from wijkteam.accounts.models import User
from wijkteam.breaches import workflow
from wijkteam.breaches.choices import BreachKind, DataCategory, RiskLevel
from wijkteam.breaches.models import DataBreach
from wijkteam.breaches.workflow import BreachState
from wijkteam.organisation.models import Team

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)
TEXT = forms.Textarea(attrs={"rows": 4})


def datetime_field(label, **kwargs):
    return forms.DateTimeField(
        label=label,
        widget=DATETIME,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
        error_messages={
            "invalid": _("Give a date and time, e.g. 28-03-2026 14:30."),
            "required": _("Give a date and time."),
        },
        **kwargs,
    )


class DataCategoriesField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Kinds of data"),
            choices=DataCategory.choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Choose at least one kind of data.")},
            help_text=_("Which personal data were involved? Tick everything that applies."),
            **kwargs,
        )


def _staff(user):
    return User.objects.visible_for(user).filter(is_active=True).order_by("last_name", "first_name")


class BreachReportForm(forms.ModelForm):
    """Report a breach: quick to fill in; the handler assesses it afterwards."""

    discovered_at = datetime_field(
        _("Discovered at"),
        help_text=_("Date and time the breach was discovered; the 72 hours run from here."),
    )
    data_categories = DataCategoriesField()

    class Meta:
        model = DataBreach
        fields = [
            "discovered_at",
            "team",
            "discovered_by",
            "kind",
            "description",
            "data_categories",
            "persons_affected",
            "persons_estimated",
            "measures",
        ]
        widgets = {"kind": forms.RadioSelect, "description": TEXT, "measures": TEXT}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.active().order_by("name")
        self.fields["discovered_by"].queryset = _staff(user)
        self.fields["discovered_by"].help_text = _("Leave empty when you discovered it yourself.")
        self.fields["kind"].choices = BreachKind.choices
        self.fields["persons_affected"].widget.attrs.update({"min": 0, "step": 1})
        self.fields["measures"].label = _("Measures already taken")
        self.fields["measures"].help_text = _(
            "For example: asked the recipient to delete the e-mail. Can be added later."
        )
        if not self.is_bound:
            team_ids = sorted(user.active_team_ids())
            if team_ids:
                self.initial.setdefault("team", team_ids[0])
            self.initial.setdefault(
                "discovered_at", timezone.localtime().replace(second=0, microsecond=0)
            )


class BreachUpdateForm(VersionedForm):
    """Corrected or added facts, by the handler. The discovery time stays as reported."""

    data_categories = DataCategoriesField()
    persons_notified_at = datetime_field(
        _("Persons concerned informed at"),
        required=False,
        help_text=_("Required at high risk, unless you record why they are not informed."),
    )

    class Meta:
        model = DataBreach
        fields = [
            "team",
            "discovered_by",
            "kind",
            "description",
            "data_categories",
            "persons_affected",
            "persons_estimated",
            "persons_notified_at",
            "persons_not_notified_reason",
            "measures",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "description": TEXT,
            "measures": TEXT,
            "persons_not_notified_reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.order_by("name")
        self.fields["discovered_by"].queryset = _staff(user)
        self.fields["kind"].choices = BreachKind.choices
        self.fields["persons_affected"].widget.attrs.update({"min": 0, "step": 1})


class BreachTransitionForm(forms.Form):
    """One step of the workflow; the fields follow what the step requires (workflow.py)."""

    risk_level = forms.ChoiceField(
        label=_("Risk for the persons concerned"),
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the risk for the persons concerned.")},
    )
    risk_rationale = forms.CharField(
        label=_("Rationale of the risk"),
        widget=TEXT,
        max_length=5000,
        help_text=_("Which data, how many persons, what could happen to them, what limits it."),
        error_messages={"required": _("Explain the risk assessment.")},
    )
    ap_notified_at = datetime_field(_("Notified to the AP at"))
    ap_reference = forms.CharField(
        label=_("AP reference"),
        max_length=50,
        help_text=_("The number the AP's notification desk gave."),
        error_messages={"required": _("Give the reference number the AP gave the notification.")},
    )
    ap_delay_reason = forms.CharField(
        label=_("Reason for a late notification"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the notification is later than 72 hours after discovery."),
    )
    no_notification_reason = forms.CharField(
        label=_("Why the breach is not notified"),
        widget=TEXT,
        max_length=5000,
        help_text=_("Only possible when the breach is unlikely to result in a risk."),
        error_messages={"required": _("Record why the breach is not notified to the AP.")},
    )
    persons_notified_at = datetime_field(_("Persons concerned informed at"), required=False)
    persons_not_notified_reason = forms.CharField(
        label=_("Why the persons concerned are not informed"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    measures = forms.CharField(
        label=_("Measures taken"),
        widget=TEXT,
        max_length=10000,
        error_messages={"required": _("Record the measures taken before closing the breach.")},
    )
    reason = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, breach: DataBreach, to: str, **kwargs):
        super().__init__(*args, **kwargs)
        needs = workflow.requirement(breach.state, to)
        keep = {"reason", "version"}
        if needs.risk_assessment:
            keep |= {"risk_level", "risk_rationale"}
        if needs.ap_notification:
            keep |= {"ap_notified_at", "ap_reference", "ap_delay_reason"}
        if needs.no_notification_reason:
            keep.add("no_notification_reason")
        if needs.measures:
            keep.add("measures")
        if needs.persons_decision:
            keep |= {"persons_notified_at", "persons_not_notified_reason"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if not self.is_bound:
            self.initial["version"] = breach.version
            if to == BreachState.ASSESSED and breach.risk_level:
                self.initial["risk_level"] = breach.risk_level
                self.initial["risk_rationale"] = breach.risk_rationale
            if "measures" in self.fields:
                self.initial["measures"] = breach.measures
            if "persons_notified_at" in self.fields:
                self.initial["persons_notified_at"] = breach.persons_notified_at
                self.initial["persons_not_notified_reason"] = breach.persons_not_notified_reason

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class BreachFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All")), *BreachState.choices]
    )
    risk_level = forms.ChoiceField(
        label=_("Risk"),
        required=False,
        choices=[("", _("All")), ("unassessed", _("Not assessed yet")), *RiskLevel.choices],
    )
    team = forms.ModelChoiceField(
        label=_("Team"), required=False, queryset=Team.objects.none(), empty_label=_("All")
    )
    year = forms.IntegerField(
        label=_("Year discovered"), required=False, min_value=2000, max_value=2100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.order_by("name")

    def filter(self, qs):
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        if data.get("state"):
            qs = qs.filter(state=data["state"])
        if data.get("risk_level") == "unassessed":
            qs = qs.filter(risk_level="")
        elif data.get("risk_level"):
            qs = qs.filter(risk_level=data["risk_level"])
        if data.get("team"):
            qs = qs.filter(team=data["team"])
        if data.get("year"):
            qs = qs.filter(discovered_at__year=data["year"])
        return qs
