"""Serializers of the complaints API. They check the shape of the data; the rules (scope,
workflow, terms) are in the services, whose Dutch messages reach the client as a 400."""

from django.utils.translation import gettext_lazy as _

from rest_framework import serializers

from wijkteam.complaints.choices import STAFF_CHANNELS, HandlingRoute, Outcome
from wijkteam.complaints.models import TEXT_MAX, Complaint
from wijkteam.complaints.workflow import ComplaintState


class VisibleResidentField(serializers.PrimaryKeyRelatedField):
    """A resident whose file the caller may open; any other id is refused as unknown."""

    def get_queryset(self):
        from wijkteam.residents.models import Resident

        request = self.context.get("request")
        if request is None:
            return Resident.objects.none()
        return Resident.objects.visible_for(request.user)


COMPLAINT_FIELDS = [
    "id",
    "reference",
    "received_on",
    "channel",
    "complainant_name",
    "complainant_email",
    "complainant_phone",
    "complainant_address",
    "resident",
    "team",
    "category",
    "about",
    "occurred_on",
    "description",
    "desired_outcome",
    "state",
    "route",
    "handler",
    "acknowledge_by",
    "acknowledged_on",
    "decide_by",
    "extended_decide_by",
    "extension_reason",
    "extended_on",
    "decision_due_on",
    "committee_on",
    "decided_on",
    "outcome",
    "decision_summary",
    "closed_on",
    "registered_by",
    "registered_at",
    "version",
]
READ_ONLY = [
    "reference",
    "state",
    "route",
    "handler",
    "acknowledge_by",
    "acknowledged_on",
    "decide_by",
    "extended_decide_by",
    "extension_reason",
    "extended_on",
    "decision_due_on",
    "committee_on",
    "decided_on",
    "outcome",
    "decision_summary",
    "closed_on",
    "registered_by",
    "registered_at",
]


class ComplaintSerializer(serializers.ModelSerializer):
    """A complaint. The state changes only through ``POST /complaints/{id}/transition/`` and
    the decision term through ``POST /complaints/{id}/extend/``."""

    resident = VisibleResidentField(required=False, allow_null=True)
    channel = serializers.ChoiceField(
        choices=[(c.value, c.label) for c in STAFF_CHANNELS],
        help_text=_("How the complaint reached you; the public form is not available here."),
    )
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = Complaint
        fields = COMPLAINT_FIELDS
        read_only_fields = READ_ONLY


class ComplaintReadSerializer(ComplaintSerializer):
    """As stored: the channel may be the public form."""

    channel = serializers.CharField(read_only=True)
    resident = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    route = serializers.ChoiceField(
        choices=HandlingRoute.choices,
        read_only=True,
        allow_blank=True,
        help_text=_("Empty until the complaint is taken into handling."),
    )
    outcome = serializers.ChoiceField(
        choices=Outcome.choices,
        read_only=True,
        allow_blank=True,
        help_text=_("Empty until the decision or the withdrawal."),
    )


class ComplaintUpdateSerializer(ComplaintSerializer):
    """Changeable details. The date of receipt and the channel are fixed at registration: the
    terms were computed from them. Send the ``version`` you read."""

    channel = serializers.CharField(read_only=True)
    version = serializers.IntegerField(
        help_text=_("The version you read; a stale version is refused.")
    )

    class Meta(ComplaintSerializer.Meta):
        read_only_fields = [*READ_ONLY, "received_on"]


class ComplaintTransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=ComplaintState.choices)
    on = serializers.DateField(required=False, help_text=_("Date of the step; today if left out."))
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=TEXT_MAX,
        help_text=_("Required for a withdrawal and a referral to the complaints committee."),
    )
    handler = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=_("Staff member id; required when the complaint is taken into handling."),
    )
    route = serializers.ChoiceField(
        choices=HandlingRoute.choices,
        required=False,
        help_text=_("Required when the complaint is taken into handling."),
    )
    outcome = serializers.ChoiceField(
        choices=Outcome.choices,
        required=False,
        help_text=_(
            "Required for a decision: founded, partly_founded or unfounded (withdrawn is "
            "recorded by a withdrawal: to closed before the decision)."
        ),
    )
    decision_summary = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=TEXT_MAX,
        help_text=_("Required for a decision."),
    )
    version = serializers.IntegerField(
        required=False, help_text=_("When given, a change of the complaint since then is refused.")
    )


class ComplaintExtensionSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=TEXT_MAX)
    on = serializers.DateField(
        required=False, help_text=_("Date of the extension; today if left out.")
    )
    version = serializers.IntegerField(
        required=False, help_text=_("When given, a change of the complaint since then is refused.")
    )
