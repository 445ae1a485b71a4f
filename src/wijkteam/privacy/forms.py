"""Forms of the AVG-rights pages. They validate shape; the rules live in the services."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.core.forms import DATE
from wijkteam.privacy.rectification_workflow import RectificationState, allowed_targets


class InzageForm(forms.Form):
    requested_on = forms.DateField(
        label=_("Requested on"),
        widget=DATE,
        help_text=_("The date the resident asked for access. The answer is due within a month."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("For example how the resident asked and how the document will be handed over."),
    )

    def clean_requested_on(self):
        value = self.cleaned_data["requested_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(
                _("The date of the request cannot be in the future."), code="future"
            )
        return value


class RectificationRequestForm(forms.Form):
    what_is_wrong = forms.CharField(
        label=_("What is wrong"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Which data is incorrect, in the resident's words."),
    )
    requested_correction = forms.CharField(
        label=_("Requested correction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("What it should be, if the resident said so."),
    )
    requested_on = forms.DateField(label=_("Requested on"), widget=DATE)

    def clean_requested_on(self):
        value = self.cleaned_data["requested_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(
                _("The date of the request cannot be in the future."), code="future"
            )
        return value


class RectificationDecisionForm(forms.Form):
    to = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Explanation for the resident"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text=_("What was corrected, or why the data stays as it is. Required for a decision."),
    )
    on = forms.DateField(label=_("Date of the decision"), widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, request_obj, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [
            (value, RectificationState(value).label) for value in allowed_targets(request_obj.state)
        ]
        self.initial.setdefault("version", request_obj.version)
        self.initial.setdefault("on", timezone.localdate())


class RestrictionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "For example: the resident contests the accuracy of the data (AVG art. 18(1)(a)), "
            "or objected to its use."
        ),
    )


class LiftRestrictionForm(forms.Form):
    lift_reason = forms.CharField(
        label=_("Reason for lifting"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The resident is told before the restriction is lifted (AVG art. 18(3))."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ExportForm(forms.Form):
    period_from = forms.DateField(label=_("Cases received from"), widget=DATE)
    period_to = forms.DateField(label=_("up to and including"), widget=DATE)
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[("csv", _("CSV (spreadsheet)")), ("json", _("JSON"))],
        initial="csv",
        widget=forms.RadioSelect,
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_from"), cleaned.get("period_to")
        if start and end:
            if end < start:
                raise forms.ValidationError(
                    _("The end of the period cannot be before its start."), code="reversed"
                )
            if end > timezone.localdate():
                self.add_error("period_to", _("The period cannot end in the future."))
            if end - start > datetime.timedelta(days=366 * 3):
                self.add_error("period_from", _("Export at most three years at a time."))
        return cleaned


class InzageListFilterForm(forms.Form):
    resident = forms.IntegerField(label=_("Resident number"), required=False, min_value=1)
    mine = forms.BooleanField(label=_("Only inzages I produced"), required=False)


class RectificationListFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All"))] + list(RectificationState.choices),
    )
