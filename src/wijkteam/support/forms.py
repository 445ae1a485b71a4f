"""Forms of the support pages. They check the shape of the input; the rules (scope, workflow,
deadlines, dates) are checked by the services, whose messages the views show in the form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.accounts.models import TeamMembership, User
from wijkteam.organisation.models import Location, Team
from wijkteam.residents.models import Household
from wijkteam.support import workflow
from wijkteam.support.choices import ClosureReason, ReferralStatus
from wijkteam.support.models import Contact, Conversation, Referral, SupportCase
from wijkteam.support.workflow import CaseState

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError in ``form``: at the field when the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def today_by_default(form: forms.Form, name: str) -> None:
    """Prefill a date field with today, without the hidden "initial" copy Django adds for a
    model field whose default is a callable."""
    form.fields[name].show_hidden_initial = False
    if not form.is_bound:
        form.initial.setdefault(name, timezone.localdate())


def team_workers(team_ids):
    """Active staff with an active membership of one of ``team_ids``, for coordinator choices."""
    return (
        User.objects.filter(
            is_active=True,
            pk__in=TeamMembership.objects.active().filter(team_id__in=team_ids).values("user_id"),
        )
        .order_by("last_name", "first_name", "id")
        .distinct()
    )


class CaseForm(forms.ModelForm):
    """Register a request (melding) for one resident."""

    class Meta:
        model = SupportCase
        fields = [
            "received_on",
            "channel",
            "location",
            "legal_framework",
            "question",
            "urgent_debt_threat",
            "team",
            "coordinator",
            "household",
        ]
        widgets = {
            "received_on": DATE,
            "legal_framework": forms.RadioSelect,
            "question": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, resident, **kwargs):
        super().__init__(*args, **kwargs)
        team_ids = user.active_team_ids()
        self.fields["question"].required = True
        self.fields["team"].queryset = Team.objects.active().filter(pk__in=team_ids)
        self.fields["coordinator"].queryset = team_workers(team_ids)
        self.fields["location"].queryset = Location.objects.active()
        self.fields["household"].queryset = Household.objects.filter(
            members__resident=resident
        ).order_by("name")
        today_by_default(self, "received_on")
        if not self.is_bound:
            self.initial.setdefault(
                "team", resident.team_id if resident.team_id in team_ids else None
            )
            self.initial.setdefault("coordinator", user.pk)
            households = list(self.fields["household"].queryset[:2])
            if len(households) == 1:
                self.initial.setdefault("household", households[0].pk)


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("New state"), widget=forms.RadioSelect)
    on = forms.DateField(label=_("Date"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason or note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    closure_reason = forms.ChoiceField(
        label=_("Closure reason"),
        required=False,
        choices=[("", "—"), *ClosureReason.choices],
        help_text=_("Required when the case is closed."),
    )
    closure_note = forms.CharField(
        label=_("Closure note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [
            (state, workflow.action_label(case.state, state))
            for state in workflow.allowed_targets(case.state)
        ]
        if not self.is_bound:
            self.initial.setdefault("on", timezone.localdate())
            self.initial.setdefault("version", case.version)
        if CaseState.CLOSED not in workflow.allowed_targets(case.state):
            del self.fields["closure_reason"]
            del self.fields["closure_note"]


class ContactForm(forms.ModelForm):
    """Quick contact registration: date (today), kind and minutes are enough."""

    class Meta:
        model = Contact
        fields = ["date", "kind", "duration_minutes", "with_whom", "note"]
        widgets = {
            "date": DATE,
            "kind": forms.RadioSelect,
            "duration_minutes": forms.NumberInput(attrs={"min": 1, "max": 1440, "step": 1}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = self.fields["kind"].choices[1:]  # no empty radio
        self.fields["duration_minutes"].widget.attrs["min"] = 1
        today_by_default(self, "date")


class QuickContactForm(ContactForm):
    """The compact form on the case page: date (today), kind and minutes, then save."""

    class Meta(ContactForm.Meta):
        fields = ["date", "kind", "duration_minutes"]


class ConversationForm(forms.ModelForm):
    class Meta:
        model = Conversation
        fields = ["held_on", "kind", "participants", "outcome"]
        widgets = {
            "held_on": DATE,
            "kind": forms.RadioSelect,
            "outcome": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = self.fields["kind"].choices[1:]
        today_by_default(self, "held_on")


class ReferralForm(forms.ModelForm):
    class Meta:
        model = Referral
        fields = ["category", "provider", "sent_on"]
        widgets = {"sent_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today_by_default(self, "sent_on")
        if not self.is_bound:
            self.initial.setdefault("provider", "Windkracht058")


class ReferralAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Answer"),
        widget=forms.RadioSelect,
        choices=[(s.value, s.label) for s in ReferralStatus if s != ReferralStatus.SENT],
    )
    responded_on = forms.DateField(label=_("Answered on"), widget=DATE)
    response = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("responded_on", timezone.localdate())
            self.initial.setdefault("version", referral.version)


class CaseFilterForm(forms.Form):
    OPEN = ""
    ALL = "all"

    state = forms.ChoiceField(label=_("State"), required=False)
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All teams")
    )
    mine = forms.BooleanField(label=_("Only cases I coordinate"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [
            (self.OPEN, _("Open (every state but closed)")),
            (self.ALL, _("All, including closed")),
            *CaseState.choices,
        ]
        self.fields["team"].queryset = Team.objects.filter(pk__in=user.active_team_ids())

    def filter(self, qs, user):
        if not self.is_valid():
            return qs.open()
        state = self.cleaned_data["state"]
        if state == self.OPEN:
            qs = qs.open()
        elif state != self.ALL:
            qs = qs.filter(state=state)
        if self.cleaned_data["team"]:
            qs = qs.filter(team=self.cleaned_data["team"])
        if self.cleaned_data["mine"]:
            qs = qs.filter(coordinator=user)
        return qs


class DueFilterForm(forms.Form):
    MINE = "mine"
    TEAM = "team"

    scope = forms.ChoiceField(
        label=_("Show"),
        required=False,
        widget=forms.RadioSelect,
        choices=[(MINE, _("Cases I coordinate")), (TEAM, _("All cases of my teams"))],
    )
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
        self.fields["team"].queryset = Team.objects.filter(pk__in=user.active_team_ids())

    def values(self, user):
        """(scope, team, reference date) with defaults for empty or invalid input."""
        data = self.cleaned_data if self.is_valid() else {}
        return (
            data.get("scope") or self.MINE,
            data.get("team"),
            data.get("on") or timezone.localdate(),
        )

    def filter(self, qs, user):
        scope, team, _on = self.values(user)
        if scope == self.MINE:
            qs = qs.filter(case__coordinator=user)
        if team:
            qs = qs.filter(case__team=team)
        return qs
