from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.accounts.forms import VersionedForm
from wijkteam.accounts.models import User
from wijkteam.organisation.models import Team
from wijkteam.residents.choices import HouseholdRelation
from wijkteam.residents.models import Consent, Household, Resident

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ResidentSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, BSN, date of birth (dd-mm-yyyy) or postcode."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class ResidentForm(VersionedForm):
    # Wider than the stored "8911AB" so "8911 AB" can be typed; the model validates the result.
    postcode = forms.CharField(label=_("postcode"), max_length=10, required=False)

    class Meta:
        model = Resident
        fields = [
            "first_name",
            "name_prefix",
            "last_name",
            "date_of_birth",
            "bsn",
            "street",
            "house_number",
            "postcode",
            "city",
            "area",
            "phone",
            "email",
            "preferred_language",
            "interpreter_needed",
            "team",
        ]
        widgets = {"date_of_birth": DATE}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A worker can only place a file with one of their own teams.
        if user is not None:
            self.fields["team"].queryset = Team.objects.active().filter(
                pk__in=user.active_team_ids()
            )

    def clean_bsn(self):
        return self.cleaned_data.get("bsn") or None

    def clean_postcode(self):
        return (self.cleaned_data.get("postcode") or "").replace(" ", "").upper()


class ResidentCreateForm(ResidentForm):
    confirm_duplicate = forms.BooleanField(
        label=_("Register anyway: this is a different person"),
        required=False,
        help_text=_("Only tick this after checking a possible duplicate that was reported."),
    )


class ShareForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Colleague"), queryset=User.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=300)
    valid_until = forms.DateField(label=_("Until"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, groups__permissions__codename="view_resident")
            .distinct()
            .order_by("last_name", "first_name")
        )

    def clean_valid_until(self):
        value = self.cleaned_data["valid_until"]
        today = timezone.localdate()
        if value < today:
            raise forms.ValidationError(_("The end date cannot be in the past."), code="past")
        if (value - today).days > 366:
            raise forms.ValidationError(
                _("A file can be shared for at most one year."), code="too_long"
            )
        return value


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["purpose", "partner", "scope", "given_on"]
        widgets = {"given_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("given_on", timezone.localdate())


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean_withdrawn_on(self):
        value = self.cleaned_data["withdrawn_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(
                _("A withdrawal cannot be recorded for a future date."), code="future"
            )
        return value


class HouseholdForm(VersionedForm):
    class Meta:
        model = Household
        fields = ["name", "team", "coordinator"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            team_ids = user.active_team_ids()
            self.fields["team"].queryset = Team.objects.active().filter(pk__in=team_ids)
            # The coordinator (regisseur) is a worker of one of the user's teams.
            self.fields["coordinator"].queryset = (
                User.objects.filter(
                    is_active=True,
                    memberships__team_id__in=team_ids,
                    groups__permissions__codename="view_resident",
                )
                .distinct()
                .order_by("last_name", "first_name")
            )


class HouseholdMemberForm(forms.Form):
    resident = forms.ModelChoiceField(label=_("Resident"), queryset=Resident.objects.none())
    relation = forms.ChoiceField(label=_("Relation"), choices=HouseholdRelation.choices)

    def __init__(self, *args, user=None, household=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Resident.objects.visible_for(user).order_by("last_name", "first_name")
        if household is not None:
            qs = qs.exclude(household_memberships__household=household)
        self.fields["resident"].queryset = qs
