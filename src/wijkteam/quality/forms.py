from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.organisation.models import Team
from wijkteam.quality.periods import Period

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OverviewForm(forms.Form):
    """The period (year, quarter or custom) and team of the overview. Teammanagers choose
    among their own teams only."""

    kind = forms.ChoiceField(
        label=_("Period"),
        choices=[("year", _("Year")), ("quarter", _("Quarter")), ("custom", _("Custom range"))],
        initial="year",
        required=False,
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[(1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")],
        coerce=int,
        required=False,
    )
    start = forms.DateField(label=_("From"), widget=DATE, required=False)
    end = forms.DateField(label=_("Until"), widget=DATE, required=False)
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.all_teams = user.has_perm("quality.view_all_teams_figures")
        if self.all_teams:
            self.fields["team"].queryset = Team.objects.order_by("name")
        else:
            self.fields["team"].queryset = Team.objects.filter(
                pk__in=user.active_team_ids()
            ).order_by("name")
            self.fields["team"].empty_label = _("All my teams")

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind") or "year"
        today = timezone.localdate()
        year = cleaned.get("year") or today.year
        if kind == "quarter" and not cleaned.get("quarter"):
            self.add_error("quarter", _("Choose a quarter."))
        if kind == "custom":
            start, end = cleaned.get("start"), cleaned.get("end")
            if not start or not end:
                self.add_error(None, _("Give both the start and the end date of the range."))
            elif end < start:
                self.add_error("end", _("The end date cannot be before the start date."))
            elif (end - start).days > 366 * 5:
                self.add_error("end", _("Choose a range of at most five years."))
        cleaned["kind"], cleaned["year"] = kind, year
        return cleaned

    def period(self) -> Period:
        data = self.cleaned_data if self.is_valid() else {}
        kind = data.get("kind") or "year"
        year = data.get("year") or timezone.localdate().year
        if kind == "quarter":
            return Period.quarter(year, data["quarter"])
        if kind == "custom":
            return Period(data["start"], data["end"])
        return Period.year(year)

    def teams(self):
        """Team ids to count: the chosen team, or everything the user may see (None = all)."""
        team = self.cleaned_data.get("team") if self.is_valid() else None
        if team is not None:
            return [team.pk]
        if self.all_teams:
            return None
        return sorted(self.user.active_team_ids())
