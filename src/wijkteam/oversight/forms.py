"""Forms of the oversight pages. They check the shape of the input; the rules (an exact term,
the reason's length, the review workflow) are in the services."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.core.forms import DATE, PLAUSIBLE_DATE
from wijkteam.oversight.accessreview import DEFAULT_DAYS, Period
from wijkteam.oversight.choices import BreakGlassCategory
from wijkteam.oversight.models import MIN_REASON_LENGTH
from wijkteam.oversight.workflow import OUTCOMES, ReviewStatus, allowed_targets

MAX_REVIEW_DAYS = 366


class BreakGlassForm(forms.Form):
    term = forms.CharField(
        label=_("BSN, or name and date of birth"),
        max_length=100,
        help_text=_("The complete BSN, or the full name with the date of birth (dd-mm-yyyy)."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    category = forms.ChoiceField(
        label=_("Why do you need this file?"),
        choices=BreakGlassCategory.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        help_text=_(
            "At least %(min)d characters: what is going on, and why it cannot wait for the team "
            "that holds the file. Quality staff read this when they review the break-the-glass."
        )
        % {"min": MIN_REASON_LENGTH},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    acknowledge = forms.BooleanField(
        label=_(
            "I understand that opening this file is recorded, that everything I view is logged, "
            "and that quality staff review it."
        ),
        error_messages={"required": _("Confirm that you understand that this is recorded.")},
    )


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=4000,
        help_text=_(
            "Required for “not justified” and “needs follow-up”: what you found and agreed."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, status: str, **kwargs):
        super().__init__(*args, **kwargs)
        targets = allowed_targets(status)
        self.fields["outcome"].choices = [(s.value, s.label) for s in OUTCOMES if s in targets]


class GrantFilterForm(forms.Form):
    OPEN = ""
    ALL = "all"

    status = forms.ChoiceField(label=_("Status"), required=False)
    person = forms.CharField(label=_("Staff member (user name)"), required=False, max_length=150)
    date_from = forms.DateField(
        label=_("Opened from"), required=False, widget=DATE, validators=PLAUSIBLE_DATE
    )
    date_to = forms.DateField(
        label=_("Opened until"), required=False, widget=DATE, validators=PLAUSIBLE_DATE
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (self.OPEN, _("To do (to be reviewed or needs follow-up)")),
            (self.ALL, _("All")),
            *ReviewStatus.choices,
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(
                _("The end date cannot be before the start date."), code="period_reversed"
            )
        return cleaned

    def filter(self, qs):
        """``qs`` annotated with ``review_status``; invalid input shows nothing."""
        if self.is_bound and not self.is_valid():
            return qs.none()
        data = self.cleaned_data if self.is_bound else {}
        status = data.get("status", self.OPEN)
        if status == self.OPEN:
            qs = qs.filter(
                review_status__in=[ReviewStatus.UNREVIEWED, ReviewStatus.NEEDS_FOLLOW_UP]
            )
        elif status != self.ALL:
            qs = qs.filter(review_status=status)
        if data.get("person"):
            qs = qs.filter(user__username=data["person"])
        tz = timezone.get_current_timezone()
        if data.get("date_from"):
            qs = qs.filter(
                granted_at__gte=datetime.datetime.combine(data["date_from"], datetime.time.min, tz)
            )
        if data.get("date_to"):
            end = data["date_to"] + datetime.timedelta(days=1)
            qs = qs.filter(granted_at__lt=datetime.datetime.combine(end, datetime.time.min, tz))
        return qs


class AccessReviewForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=DATE, validators=PLAUSIBLE_DATE
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=DATE, validators=PLAUSIBLE_DATE
    )

    def clean(self):
        cleaned = super().clean()
        default = Period.last_days(DEFAULT_DAYS)
        start = cleaned.get("date_from") or default.first
        end = cleaned.get("date_to") or default.last
        if "date_from" in cleaned and "date_to" in cleaned:
            if end < start:
                raise forms.ValidationError(
                    _("The end date cannot be before the start date."), code="period_reversed"
                )
            if (end - start).days + 1 > MAX_REVIEW_DAYS:
                raise forms.ValidationError(
                    _("Choose a period of at most %(days)d days.") % {"days": MAX_REVIEW_DAYS},
                    code="period_too_long",
                )
        cleaned["period"] = Period(start, end)
        return cleaned

    def period(self) -> Period:
        """The chosen period; the last seven days for empty or invalid input."""
        if self.is_valid():
            return self.cleaned_data["period"]
        return Period.last_days(DEFAULT_DAYS)
