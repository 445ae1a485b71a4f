from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import Group
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from wijkteam.accounts.models import TeamMembership, User
from wijkteam.organisation.models import Team


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The user name or password is not correct. Both fields are case-sensitive."
        ),
        "inactive": _("This account is no longer active."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name")
        # Django sets max_length on the field after it is built, so no validator checks it;
        # an over-long name would reach the lockout table (255 characters) and fail there.
        self.fields["username"].validators.append(
            MaxLengthValidator(self.fields["username"].max_length or 150)
        )
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        # No autofocus: the first Tab must reach the skip link (WCAG 2.4.1).
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["password"].label = _("Password")


class VersionedForm(forms.ModelForm):
    """Carries the record's version so a concurrent save is detected, not overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class StaffForm(VersionedForm):
    roles = forms.ModelMultipleChoiceField(
        label=_("Roles"),
        queryset=Group.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What this person may do in wijkteam (see the permission matrix)."),
    )

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "name_prefix",
            "last_name",
            "email",
            "function",
            "fte",
            "employment_start",
            "employment_end",
            "is_active",
        ]
        widgets = {
            "employment_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "employment_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        if self.instance.pk and not self.is_bound:
            self.initial["roles"] = list(self.instance.groups.all())


class MembershipForm(forms.ModelForm):
    class Meta:
        model = TeamMembership
        fields = ["team", "start_date", "end_date", "is_manager"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.active()


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or user name"), required=False, max_length=100)
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.all(), required=False, empty_label=_("All teams")
    )


class OTPTokenForm(forms.Form):
    """The second sign-in step: a code from the authenticator app or a recovery code."""

    otp_token = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_(
            "The 6-digit code your authenticator app shows now, or one of your recovery codes."
        ),
        error_messages={"required": _("Enter the code from your authenticator app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


class OTPEnrolForm(OTPTokenForm):
    """Confirming a new authenticator: only the app's 6-digit code will do."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["otp_token"]
        field.max_length = 16
        field.help_text = _("The 6-digit code your authenticator app shows for wijkteam.")
        field.widget.attrs["inputmode"] = "numeric"

    def clean_otp_token(self):
        from wijkteam.accounts.twofactor import is_totp_code, normalise_code

        code = normalise_code(self.cleaned_data["otp_token"])
        if not is_totp_code(code):
            raise forms.ValidationError(
                _("Enter the 6 digits your authenticator app shows."), code="format"
            )
        return code
