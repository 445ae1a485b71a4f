"""Forms of the incident pages. They check the shape of the input; the rules (scope, workflow,
deadlines, dates) are checked by the services, whose messages the views show in the form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.accounts.models import TeamMembership, User
from wijkteam.incidents import ladder, workflow
from wijkteam.incidents.choices import AftercareOutcome, IncidentKind
from wijkteam.incidents.models import CareNeed, FollowUpAction, Incident
from wijkteam.incidents.workflow import CareNeedStatus, IncidentState
from wijkteam.organisation.models import Location, Team

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
NUMBER = forms.NumberInput(attrs={"min": 1, "step": 1, "inputmode": "numeric"})

RESIDENT_UNKNOWN = _("There is no resident with this number in your files.")
HOUSEHOLD_UNKNOWN = _("There is no household with this number in your files.")


def category_choices():
    """The ladder with its descriptions, so the reporter sees what each step means."""
    return [
        (
            step.category,
            _("%(label)s: %(description)s")
            % {"label": step.label, "description": step.description},
        )
        for step in ladder.LADDER
    ]


def colleagues(user):
    """Active staff of the user's own teams (and the user), for "staff involved" and owners."""
    team_ids = user.active_team_ids()
    return (
        User.objects.visible_for(user)
        .filter(is_active=True)
        .filter(
            pk__in=TeamMembership.objects.active().filter(team_id__in=team_ids).values("user_id")
        )
        .order_by("last_name", "first_name", "id")
        .distinct()
    )


def _today_by_default(form, name):
    form.fields[name].show_hidden_initial = False
    if not form.is_bound:
        form.initial.setdefault(name, timezone.localdate())


class IncidentForm(forms.ModelForm):
    """The one short page to report an incident (and to correct a report)."""

    category = forms.TypedChoiceField(
        label=_("Category (aggression ladder)"),
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_(
            "Choose the step that fits best. Categories 5 and 6 go to the quality "
            "officer as a possible calamity."
        ),
    )
    resident = forms.ModelChoiceField(
        label=_("Resident involved (number)"),
        queryset=None,
        required=False,
        widget=NUMBER,
        help_text=_("The number of the resident's file (it is in the address of the file)."),
        error_messages={"invalid_choice": RESIDENT_UNKNOWN},
    )
    household = forms.ModelChoiceField(
        label=_("Household involved (number)"),
        queryset=None,
        required=False,
        widget=NUMBER,
        error_messages={"invalid_choice": HOUSEHOLD_UNKNOWN},
    )
    staff_involved = forms.ModelMultipleChoiceField(
        label=_("Staff involved"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Incident
        fields = [
            "occurred_on",
            "occurred_time",
            "team",
            "location_kind",
            "location",
            "kind",
            "category",
            "staff_involved",
            "resident",
            "household",
            "third_party",
            "description",
            "immediate_measures",
            "police_involved",
            "ambulance_involved",
        ]
        widgets = {
            "occurred_on": DATE,
            "occurred_time": TIME,
            "location_kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "immediate_measures": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from wijkteam.residents.models import Household, Resident

        editing = self.instance.pk is not None
        self.fields["category"].choices = category_choices()
        self.fields["location_kind"].choices = self.fields["location_kind"].choices[1:]
        self.fields["location"].queryset = Location.objects.active().order_by("name")
        self.fields["location"].empty_label = _("— none —")
        self.fields["kind"].choices = [("", _("Choose the type")), *IncidentKind.choices]
        residents = Resident.objects.visible_for(user)
        households = Household.objects.visible_for(user)
        self.fields["resident"].queryset = residents
        self.fields["household"].queryset = households
        self.fields["staff_involved"].queryset = colleagues(user)
        _today_by_default(self, "occurred_on")
        if editing:
            del self.fields["team"]
            # A resident or household named by someone with another scope stays as it is and
            # is not shown to this user.
            if (
                self.instance.resident_id
                and not residents.filter(pk=self.instance.resident_id).exists()
            ):
                del self.fields["resident"]
            if (
                self.instance.household_id
                and not households.filter(pk=self.instance.household_id).exists()
            ):
                del self.fields["household"]
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
            if not self.is_bound:
                self.initial["version"] = self.instance.version
        else:
            team_ids = user.active_team_ids()
            teams = Team.objects.active().filter(pk__in=team_ids).order_by("name")
            self.fields["team"].queryset = teams
            self.fields["team"].empty_label = None
            if not self.is_bound:
                self.initial.setdefault("staff_involved", [user.pk])
                self.initial.setdefault("occurred_time", timezone.localtime().strftime("%H:%M"))

    def staff(self):
        """The staff members chosen (None when the field is not on the form)."""
        if "staff_involved" not in self.fields:
            return None
        return list(self.cleaned_data.get("staff_involved") or [])


class IncidentTransitionForm(forms.Form):
    """One step of the incident workflow; the fields depend on the step (``to``)."""

    to = forms.ChoiceField(widget=forms.HiddenInput)
    planned_on = forms.DateField(label=_("Date of the conversation"), widget=DATE)
    on = forms.DateField(label=_("Date"), widget=DATE)
    outcome = forms.ChoiceField(
        label=_("Outcome"), widget=forms.RadioSelect, choices=AftercareOutcome.choices
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("No medical details; what was agreed is enough."),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, incident, to, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(to, to)]
        needs = workflow.requirement(incident.state, to)
        keep = {"to", "version"}
        if needs.planned_on:
            keep.add("planned_on")
        if needs.aftercare:
            keep |= {"on", "outcome", "note"}
            self.fields["on"].label = _("Date of the conversation (or of the refusal)")
        if to == IncidentState.CLOSED:
            keep |= {"on", "note"}
            self.fields["on"].label = _("Closing date")
        if needs.reason:
            keep.add("reason")
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if not self.is_bound:
            self.initial.update({"to": to, "version": incident.version})
            if "on" in self.fields:
                self.initial["on"] = timezone.localdate()
            if "planned_on" in self.fields:
                self.initial["planned_on"] = (
                    incident.aftercare_planned_on or incident.aftercare_due_on
                )
            if "outcome" in self.fields:
                self.initial["outcome"] = AftercareOutcome.HELD


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUpAction
        fields = ["description", "owner", "due_on"]
        widgets = {"due_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = colleagues(user)
        if not self.is_bound:
            self.initial.setdefault("owner", user.pk)


class FollowUpCompleteForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DATE)
    result = forms.CharField(
        label=_("Result"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update({"done_on": timezone.localdate(), "version": action.version})


class CalamityFlagForm(forms.Form):
    reason = forms.CharField(
        label=_("Why this may be a calamity"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CalamityTransitionForm(forms.Form):
    """One step of the calamity procedure; the fields depend on the step (``to``)."""

    to = forms.ChoiceField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Date"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    reported_to = forms.CharField(
        label=_("Reported to"),
        max_length=200,
        help_text=_("The supervisory authority, e.g. the GGD (toezichthouder Wmo)."),
    )
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)
    summary = forms.CharField(
        label=_("Outcome of the investigation"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, calamity, to, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(to, to)]
        needs = workflow.calamity_requirement(calamity.state, to)
        keep = {"to", "version", "on"}
        if needs.reason:
            keep.add("reason")
        if needs.report:
            keep |= {"reported_to", "reference"}
        if needs.investigation:
            keep.add("summary")
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        labels = {
            workflow.CalamityState.CALAMITY: _("Date of the decision"),
            workflow.CalamityState.NOT_CALAMITY: _("Date of the decision"),
            workflow.CalamityState.REPORTED: _("Reported on"),
            workflow.CalamityState.INVESTIGATED: _("Investigation done on"),
            workflow.CalamityState.CLOSED: _("Closing date"),
        }
        self.fields["on"].label = labels.get(to, _("Date"))
        if not self.is_bound:
            self.initial.update({"to": to, "version": calamity.version, "on": timezone.localdate()})


class CareNeedForm(forms.ModelForm):
    resident = forms.ModelChoiceField(
        label=_("Resident (number)"),
        queryset=None,
        required=False,
        widget=NUMBER,
        error_messages={"invalid_choice": RESIDENT_UNKNOWN},
    )

    class Meta:
        model = CareNeed
        fields = [
            "resident",
            "person_description",
            "mental_health_problems",
            "referral_to",
            "follow_up_on",
            "status",
            "note",
        ]
        widgets = {
            "follow_up_on": DATE,
            "status": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from wijkteam.residents.models import Resident

        residents = Resident.objects.visible_for(user)
        self.fields["resident"].queryset = residents
        current = self.instance.status if self.instance.pk else None
        if current:
            allowed = [current, *workflow.care_need_targets(current)]
            if (
                self.instance.resident_id
                and not residents.filter(pk=self.instance.resident_id).exists()
            ):
                del self.fields["resident"]
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
            if not self.is_bound:
                self.initial["version"] = self.instance.version
        else:
            allowed = [CareNeedStatus.OPEN, *workflow.care_need_targets(CareNeedStatus.OPEN)]
        self.fields["status"].choices = [
            (value, CareNeedStatus(value).label)
            for value in CareNeedStatus.values
            if value in allowed
        ]


class IncidentFilterForm(forms.Form):
    MINE = "mine"
    TEAM = "team"
    ALL = "all"
    OPEN = ""
    EVERY_STATE = "any"

    scope = forms.ChoiceField(label=_("Show"), required=False)
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All teams")
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Until"), required=False, widget=DATE)
    category = forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(label=_("Type"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scopes = [(self.MINE, _("My reports"))]
        if user.has_perm("incidents.view_team_incidents"):
            scopes.append((self.TEAM, _("Incidents of my teams")))
        if user.has_perm("incidents.view_all_incidents"):
            scopes = [(self.ALL, _("All incidents")), *scopes]
        self.fields["scope"].choices = scopes
        self.default_scope = (
            self.ALL
            if user.has_perm("incidents.view_all_incidents")
            else self.TEAM
            if user.has_perm("incidents.view_team_incidents")
            else self.MINE
        )
        self.fields["scope"].initial = self.default_scope
        if user.has_perm("incidents.view_all_incidents"):
            teams = Team.objects.all()
        else:
            teams = Team.objects.filter(pk__in=user.active_team_ids())
        self.fields["team"].queryset = teams.order_by("name")
        self.fields["category"].choices = [("", _("All categories")), *ladder.CATEGORY_CHOICES]
        self.fields["kind"].choices = [("", _("All types")), *IncidentKind.choices]
        self.fields["state"].choices = [
            (self.OPEN, _("Open (not closed)")),
            (self.EVERY_STATE, _("All, including closed")),
            *IncidentState.choices,
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(
                _("The end date cannot be before the start date."), code="period_reversed"
            )
        return cleaned

    def filter(self, qs, user):
        data = self.cleaned_data if self.is_valid() else {}
        scope = data.get("scope") or self.default_scope
        if scope == self.MINE:
            qs = qs.filter(reporter=user)
        elif scope == self.TEAM:
            qs = qs.filter(team_id__in=user.active_team_ids())
        if data.get("team"):
            qs = qs.filter(team=data["team"])
        qs = qs.occurred_between(data.get("date_from"), data.get("date_to"))
        if data.get("category"):
            qs = qs.filter(category=data["category"])
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        state = data.get("state", self.OPEN)
        if state == self.OPEN:
            qs = qs.open()
        elif state != self.EVERY_STATE:
            qs = qs.filter(state=state)
        return qs


class DeadlineFilterForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All teams")
    )
    on = forms.DateField(
        label=_("Reference date"),
        required=False,
        widget=DATE,
        help_text=_("Today when empty; another date shows what was or will be due then."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.has_perm("incidents.view_all_incidents"):
            teams = Team.objects.all()
        else:
            teams = Team.objects.filter(pk__in=user.active_team_ids())
        self.fields["team"].queryset = teams.order_by("name")

    def values(self):
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("team"), data.get("on") or timezone.localdate()
