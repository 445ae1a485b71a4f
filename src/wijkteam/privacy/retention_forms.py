"""Forms of the retention pages: filters, placing and lifting a legal hold. Shape only; the
rules are in ``retention_holds.py``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.privacy.models import RetentionOutcome

RUN_KINDS = (
    ("", _("All runs")),
    ("real", _("Real runs")),
    ("dry", _("Dry runs")),
)
HOLD_STATES = (
    ("", _("Not lifted")),
    ("lifted", _("Lifted")),
    ("all", _("All")),
)


class RunFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RUN_KINDS, required=False)


class ItemFilterForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=(("", _("All outcomes")), *RetentionOutcome.choices),
        required=False,
    )


class HoldFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Show"), choices=HOLD_STATES, required=False)


class LegalHoldForm(forms.Form):
    case = forms.IntegerField(
        label=_("Case number"),
        min_value=1,
        help_text=_("The number of the support case (in the address of the case page)."),
        error_messages={
            "required": _("Give the number of the support case."),
            "invalid": _("A case number consists of digits only."),
            "min_value": _("A case number consists of digits only."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "Why the file must be kept, e.g. a complaint procedure or a court case. No "
            "personal details: quality staff read this too."
        ),
        error_messages={"required": _("Give the reason why the file must be kept.")},
    )
    until = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Optional. Empty: until the hold is lifted."),
        error_messages={"invalid": _("Enter a date such as 31-12-2027.")},
    )


class LiftLegalHoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for lifting"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Give the reason for lifting the hold.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
