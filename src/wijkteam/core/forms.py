import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# Dates a person can mean: outside this range period arithmetic (a day after 31-12-9999)
# would overflow, and no file of a living resident or team starts or ends there.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2199, 12, 31)
PLAUSIBLE_DATE = [
    MinValueValidator(EARLIEST_DATE, message=_("Enter a date after 1 January 1900.")),
    MaxValueValidator(LATEST_DATE, message=_("Enter a date before 31 December 2199.")),
]


class LogFilterForm(forms.Form):
    """Search the logs by person (staff), resident and period."""

    person = forms.CharField(label=_("Staff member (user name)"), required=False, max_length=150)
    resident = forms.IntegerField(
        label=_("Resident number"),
        required=False,
        min_value=1,
        help_text=_("The number in the address of the resident's file."),
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=DATE, validators=PLAUSIBLE_DATE
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=DATE, validators=PLAUSIBLE_DATE
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(
                _("The end date cannot be before the start date."), code="period_reversed"
            )
        return cleaned

    def period_bounds(self):
        """Aware datetimes for the chosen dates (end date inclusive)."""
        from django.utils import timezone

        start, end = self.cleaned_data.get("date_from"), self.cleaned_data.get("date_to")
        tz = timezone.get_current_timezone()
        lower = datetime.datetime.combine(start, datetime.time.min, tz) if start else None
        upper = (
            datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tz)
            if end
            else None
        )
        return lower, upper
