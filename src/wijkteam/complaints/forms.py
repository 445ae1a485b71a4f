"""Forms of the complaint pages. They check the shape of the input (sizes, formats); the rules
(scope, workflow, terms) are checked by the services, whose messages the views show here."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.accounts.forms import VersionedForm
from wijkteam.complaints import services, workflow
from wijkteam.complaints.choices import (
    DECISION_OUTCOMES,
    STAFF_CHANNELS,
    HandlingRoute,
)
from wijkteam.complaints.models import (
    ADDRESS_MAX,
    DESCRIPTION_MAX,
    EMAIL_MAX,
    NAME_MAX,
    PHONE_MAX,
    TEXT_MAX,
    Complaint,
    ComplaintCategory,
    phone_validator,
)
from wijkteam.complaints.workflow import ComplaintState
from wijkteam.organisation.choices import TeamKind
from wijkteam.organisation.models import Team

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REASON_MAX = TEXT_MAX


def _textarea(rows: int, max_length: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "maxlength": max_length})


class ContactDetailsMixin:
    """At least one way to reach the complainant (the model says so too, per field)."""

    def clean(self):
        cleaned = super().clean()
        contact = ("complainant_email", "complainant_phone", "complainant_address")
        if not any(cleaned.get(name) for name in contact) and not any(
            self.has_error(name) for name in contact
        ):
            self.add_error(
                "complainant_email",
                forms.ValidationError(
                    _("Give at least one way to reach the complainant: e-mail, phone or address."),
                    code="no_contact",
                ),
            )
        return cleaned


def _active_categories(keep=None):
    qs = ComplaintCategory.objects.active()
    if keep is not None:
        qs = ComplaintCategory.objects.filter(
            pk__in=qs.values("pk")
        ) | ComplaintCategory.objects.filter(pk=keep)
    return qs.order_by("sort_order", "name")


def _active_teams(keep=None):
    qs = Team.objects.active()
    if keep is not None:
        qs = Team.objects.filter(pk__in=qs.values("pk")) | Team.objects.filter(pk=keep)
    return qs.order_by("name")


# --- The public form --------------------------------------------------------------------------


class PublicComplaintForm(ContactDetailsMixin, forms.Form):
    """The complaint form for residents (no account). Every field has a size limit; the
    hidden ``website`` field is a honeypot that people never see and bots fill in."""

    HONEYPOT = "website"

    complainant_name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    complainant_email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        max_length=EMAIL_MAX,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    complainant_phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=PHONE_MAX,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    complainant_address = forms.CharField(
        label=_("Postal address"),
        required=False,
        max_length=ADDRESS_MAX,
        help_text=_("Only if you want an answer by post."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    team = forms.ModelChoiceField(
        label=_("Which neighbourhood or village team is it about?"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("I don't know"),
    )
    category = forms.ModelChoiceField(
        label=_("What is it about?"),
        queryset=ComplaintCategory.objects.none(),
        required=False,
        empty_label=_("I don't know"),
    )
    occurred_on = forms.DateField(label=_("When did it happen?"), required=False, widget=DATE)
    description = forms.CharField(
        label=_("Your complaint"),
        max_length=DESCRIPTION_MAX,
        help_text=_("What happened, and who was involved? At most %(n)s characters.")
        % {"n": DESCRIPTION_MAX},
        widget=_textarea(8, DESCRIPTION_MAX),
    )
    desired_outcome = forms.CharField(
        label=_("What would you like us to do?"),
        required=False,
        max_length=TEXT_MAX,
        widget=_textarea(4, TEXT_MAX),
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Residents choose among the teams that work with them, not the staff offices.
        self.fields["team"].queryset = _active_teams().exclude(kind=TeamKind.SUPPORT)
        self.fields["category"].queryset = _active_categories()
        self.fields[self.HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def visible_fields(self):
        """The honeypot is rendered apart, hidden from people (and screen readers)."""
        return [field for field in super().visible_fields() if field.name != self.HONEYPOT]

    @property
    def honeypot(self):
        return self[self.HONEYPOT]

    def clean_occurred_on(self):
        value = self.cleaned_data.get("occurred_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("This date cannot be in the future."), code="in_future")
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(self.HONEYPOT):
            self.add_error(
                None,
                forms.ValidationError(
                    _("Your complaint could not be sent. Please try again, or call us."),
                    code="honeypot",
                ),
            )
        return cleaned

    def complaint(self) -> Complaint:
        data = self.cleaned_data
        return Complaint(
            complainant_name=data["complainant_name"],
            complainant_email=data["complainant_email"],
            complainant_phone=data["complainant_phone"],
            complainant_address=data["complainant_address"],
            team=data["team"],
            category=data["category"],
            occurred_on=data["occurred_on"],
            description=data["description"],
            desired_outcome=data["desired_outcome"],
        )


# --- Staff forms ------------------------------------------------------------------------------


class ResidentNumberField(forms.IntegerField):
    """A resident by number (the number in the address of the file), within the user's scope."""

    def __init__(self, *, user, **kwargs):
        self.user = user
        super().__init__(min_value=1, **kwargs)

    def clean(self, value):
        number = super().clean(value)
        if number is None:
            return None
        from wijkteam.residents.models import Resident

        resident = Resident.objects.visible_for(self.user).filter(pk=number).first()
        if resident is None:
            raise forms.ValidationError(
                _("There is no resident with this number whose file you may open."),
                code="resident_out_of_scope",
            )
        return resident


class ComplaintForm(forms.ModelForm):
    """Register a complaint a staff member received, or edit its details."""

    class Meta:
        model = Complaint
        fields = [
            "received_on",
            "channel",
            "complainant_name",
            "complainant_email",
            "complainant_phone",
            "complainant_address",
            "team",
            "category",
            "about",
            "occurred_on",
            "description",
            "desired_outcome",
        ]
        widgets = {
            "received_on": DATE,
            "occurred_on": DATE,
            "channel": forms.RadioSelect,
            "description": _textarea(6, DESCRIPTION_MAX),
            "desired_outcome": _textarea(3, TEXT_MAX),
        }

    def __init__(self, *args, user, can_link_resident: bool, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        editing = instance.pk is not None
        self.fields["team"].queryset = _active_teams(keep=instance.team_id)
        self.fields["category"].queryset = _active_categories(keep=instance.category_id)
        self.fields["team"].empty_label = _("Not known yet")
        self.fields["category"].empty_label = _("Not chosen yet")
        if editing:
            del self.fields["received_on"]
            del self.fields["channel"]
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
            self.initial.setdefault("version", instance.version)
        else:
            self.fields["channel"].choices = [(c.value, c.label) for c in STAFF_CHANNELS]
            self.fields["received_on"].show_hidden_initial = False
            if not self.is_bound:
                self.initial.setdefault("received_on", timezone.localdate())
                team_ids = user.active_team_ids()
                if len(team_ids) == 1:
                    self.initial.setdefault("team", next(iter(team_ids)))
        if can_link_resident:
            self.fields["resident"] = ResidentNumberField(
                user=user,
                label=_("Resident number"),
                required=False,
                help_text=_(
                    "Link the complaint to a resident's file you may open (the number in the "
                    "address of the file). Leave empty when the complaint is not about support "
                    "to a resident."
                ),
            )
            if not self.is_bound and instance.resident_id:
                self.initial.setdefault("resident", instance.resident_id)
        self.order_fields(["received_on", "channel", "resident"])

    def save(self, commit=False):
        complaint = super().save(commit=False)
        if "resident" in self.fields:
            complaint.resident = self.cleaned_data.get("resident")
        return complaint


def transition_fields_needed(from_state: str, targets: list[str]) -> set[str]:
    names = set()
    for to in targets:
        needs = workflow.requirement(from_state, to)
        if needs.handler:
            names |= {"handler", "route"}
        if needs.outcome:
            names |= {"outcome", "decision_summary"}
    return names


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("Step"), widget=forms.RadioSelect)
    on = forms.DateField(label=_("Date"), widget=DATE)
    handler = forms.ModelChoiceField(
        label=_("Handler"), queryset=services.eligible_handlers(), required=False
    )
    route = forms.ChoiceField(
        label=_("Route"),
        choices=HandlingRoute.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(o.value, o.label) for o in DECISION_OUTCOMES],
        required=False,
        widget=forms.RadioSelect,
    )
    decision_summary = forms.CharField(
        label=_("Decision and grounds"),
        required=False,
        max_length=TEXT_MAX,
        widget=_textarea(5, TEXT_MAX),
    )
    reason = forms.CharField(
        label=_("Reason or note"),
        required=False,
        max_length=REASON_MAX,
        widget=_textarea(3, REASON_MAX),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, complaint: Complaint, to: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        targets = workflow.allowed_targets(complaint.state)
        if to in targets:
            targets = [to]
            self.fields["to"].widget = forms.HiddenInput()
        self.fields["to"].choices = [
            (state, workflow.action_label(complaint.state, state)) for state in targets
        ]
        for name in {"handler", "route", "outcome", "decision_summary"} - transition_fields_needed(
            complaint.state, targets
        ):
            del self.fields[name]
        if "handler" in self.fields:
            self.fields["handler"].queryset = services.eligible_handlers()
        if not self.is_bound:
            self.initial.setdefault("on", timezone.localdate())
            self.initial.setdefault("version", complaint.version)
            if len(targets) == 1:
                self.initial.setdefault("to", targets[0])
            if "handler" in self.fields:
                self.initial.setdefault("handler", complaint.handler_id)
                self.initial.setdefault("route", complaint.route or HandlingRoute.MEDIATION)
        needs_reason = any(workflow.requirement(complaint.state, t).reason for t in targets)
        if needs_reason and len(targets) == 1:
            self.fields["reason"].label = _("Reason")
            self.fields["reason"].required = True
        withdrawal = [t for t in targets if workflow.requirement(complaint.state, t).withdrawal]
        if withdrawal:
            self.fields["reason"].help_text = _(
                "For a withdrawal: when and how the complainant withdrew the complaint."
            )


class ExtensionForm(forms.Form):
    on = forms.DateField(label=_("Date of the extension"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason for the extension"),
        max_length=REASON_MAX,
        widget=_textarea(4, REASON_MAX),
        help_text=_("The complainant and the person complained about are told about it."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, complaint: Complaint, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("on", timezone.localdate())
            self.initial.setdefault("version", complaint.version)


class HandlingForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("Handler"), queryset=services.eligible_handlers())
    route = forms.ChoiceField(
        label=_("Route"), choices=HandlingRoute.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=REASON_MAX, widget=_textarea(3, REASON_MAX)
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, complaint: Complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = services.eligible_handlers()
        if not self.is_bound:
            self.initial.setdefault("handler", complaint.handler_id)
            self.initial.setdefault("route", complaint.route)
            self.initial.setdefault("version", complaint.version)


# --- Lists ------------------------------------------------------------------------------------


class ComplaintFilterForm(forms.Form):
    OPEN = ""
    ALL = "all"
    OVERDUE = "overdue"

    state = forms.ChoiceField(label=_("State"), required=False)
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All teams")
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=ComplaintCategory.objects.none(),
        required=False,
        empty_label=_("All categories"),
    )
    received_from = forms.DateField(label=_("Received from"), required=False, widget=DATE)
    received_to = forms.DateField(label=_("Received until"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [
            (self.OPEN, _("Open (every state but closed)")),
            (self.ALL, _("All, including closed")),
            (self.OVERDUE, _("Acknowledgement or decision overdue")),
            *ComplaintState.choices,
        ]
        self.fields["team"].queryset = Team.objects.order_by("name")
        self.fields["category"].queryset = ComplaintCategory.objects.order_by("sort_order", "name")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("received_from"), cleaned.get("received_to")
        if start and end and end < start:
            raise forms.ValidationError(
                _("The end date cannot be before the start date."), code="period_reversed"
            )
        return cleaned

    def filter(self, qs, today):
        if not self.is_valid():
            return qs.open()
        data = self.cleaned_data
        state = data["state"]
        if state == self.OPEN:
            qs = qs.open()
        elif state == self.OVERDUE:
            qs = qs.overdue(today)
        elif state != self.ALL:
            qs = qs.filter(state=state)
        if data["team"]:
            qs = qs.filter(team=data["team"])
        if data["category"]:
            qs = qs.filter(category=data["category"])
        return qs.received_between(data["received_from"], data["received_to"])


class DueFilterForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All teams")
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=ComplaintCategory.objects.none(),
        required=False,
        empty_label=_("All categories"),
    )
    on = forms.DateField(
        label=_("Reference date"),
        required=False,
        widget=DATE,
        help_text=_("Today when empty; another date shows what was or will be due then."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.order_by("name")
        self.fields["category"].queryset = ComplaintCategory.objects.order_by("sort_order", "name")

    def values(self):
        """(team, category, reference date) with defaults for empty or invalid input."""
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("team"), data.get("category"), data.get("on") or timezone.localdate()


class CategoryForm(VersionedForm):
    class Meta:
        model = ComplaintCategory
        fields = ["name", "code", "description", "sort_order", "valid_from", "valid_to"]
        widgets = {"valid_from": DATE, "valid_to": DATE}
        help_texts = {"code": _("Short fixed name for exports, e.g. bejegening.")}
