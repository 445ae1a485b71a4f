from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.accounts.forms import VersionedForm
from wijkteam.core.forms import PLAUSIBLE_DATE
from wijkteam.organisation.models import Area, Location, StaffFunction, Team

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AreaForm(VersionedForm):
    class Meta:
        model = Area
        fields = ["code", "name", "kind", "valid_from", "valid_to"]
        widgets = {"valid_from": DATE, "valid_to": DATE}


class TeamForm(VersionedForm):
    class Meta:
        model = Team
        fields = ["code", "name", "kind", "areas", "description", "valid_from", "valid_to"]
        widgets = {
            "valid_from": DATE,
            "valid_to": DATE,
            "areas": forms.CheckboxSelectMultiple,
        }


class LocationForm(VersionedForm):
    class Meta:
        model = Location
        fields = ["name", "kind", "status", "area", "address", "place", "valid_from", "valid_to"]
        widgets = {"valid_from": DATE, "valid_to": DATE}


class StaffFunctionForm(VersionedForm):
    class Meta:
        model = StaffFunction
        fields = ["code", "name", "level", "is_executive", "valid_from", "valid_to"]
        widgets = {"valid_from": DATE, "valid_to": DATE}


class TeamSuccessionForm(forms.Form):
    """Rename or split a team: the old team ends, successors start the next day."""

    end_date = forms.DateField(
        label=_("Last day of the current team"), widget=DATE, validators=PLAUSIBLE_DATE
    )
    successor_names = forms.CharField(
        label=_("Name(s) of the new team(s)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name per line. One name renames the team; several names split it."),
    )

    def clean_successor_names(self):
        names = [n.strip() for n in self.cleaned_data["successor_names"].splitlines() if n.strip()]
        if not names:
            raise forms.ValidationError(_("Give at least one name."), code="required")
        if len(set(names)) != len(names):
            raise forms.ValidationError(_("Each new team needs its own name."), code="duplicate")
        return names
