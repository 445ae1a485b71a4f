"""Serializers of the support API. They check the shape of the data; the rules are in the
services, whose Dutch messages reach the client as a 400."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from rest_framework import serializers

from wijkteam.support.choices import ClosureReason, ReferralStatus
from wijkteam.support.models import Contact, Conversation, Referral, SupportCase
from wijkteam.support.workflow import CaseState


class VisibleCaseField(serializers.PrimaryKeyRelatedField):
    """A case the caller may see; any other id is refused as unknown (no existence leak)."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return SupportCase.objects.none()
        return SupportCase.objects.visible_for(request.user)


CASE_FIELDS = [
    "id",
    "resident",
    "household",
    "team",
    "coordinator",
    "legal_framework",
    "received_on",
    "channel",
    "question",
    "location",
    "urgent_debt_threat",
    "state",
    "closed_on",
    "closure_reason",
    "closure_note",
    "retention_until",
    "version",
]
CASE_READ_ONLY = ["state", "closed_on", "closure_reason", "closure_note", "retention_until"]


class SupportCaseSerializer(serializers.ModelSerializer):
    """A support case. The state only changes through ``POST /cases/{id}/transition/``."""

    version = serializers.IntegerField(read_only=True)
    # Declared so the schema says an open case has "" here (DRF drops allow_blank from
    # read-only model fields; found by tests/security/test_openapi_conformance.py).
    closure_reason = serializers.ChoiceField(
        choices=ClosureReason.choices,
        allow_blank=True,
        read_only=True,
        label=capfirst(SupportCase._meta.get_field("closure_reason").verbose_name),
    )

    class Meta:
        model = SupportCase
        fields = CASE_FIELDS
        read_only_fields = CASE_READ_ONLY
        extra_kwargs = {"question": {"required": True, "allow_blank": False}}


class SupportCaseUpdateSerializer(SupportCaseSerializer):
    """Changeable request details. Resident, team, legal framework and date received are fixed
    at registration: the deadlines were computed from them. Send the ``version`` you read."""

    version = serializers.IntegerField(
        help_text=_("The version you read; a stale version is refused.")
    )

    class Meta(SupportCaseSerializer.Meta):
        read_only_fields = [
            *CASE_READ_ONLY,
            "resident",
            "team",
            "legal_framework",
            "received_on",
        ]


class CaseTransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=CaseState.choices)
    on = serializers.DateField(
        required=False, help_text=_("Date of the change; today if left out.")
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    closure_reason = serializers.ChoiceField(
        choices=ClosureReason.choices,
        required=False,
        help_text=_("Required when the case is closed."),
    )
    closure_note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    version = serializers.IntegerField(
        required=False, help_text=_("When given, a change of the case since then is refused.")
    )


class ContactSerializer(serializers.ModelSerializer):
    case = VisibleCaseField()

    class Meta:
        model = Contact
        fields = [
            "id",
            "case",
            "date",
            "duration_minutes",
            "kind",
            "with_whom",
            "note",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = ["recorded_by", "recorded_at"]


class ConversationSerializer(serializers.ModelSerializer):
    case = VisibleCaseField()

    class Meta:
        model = Conversation
        fields = [
            "id",
            "case",
            "held_on",
            "kind",
            "participants",
            "outcome",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = ["recorded_by", "recorded_at"]


class ReferralSerializer(serializers.ModelSerializer):
    case = VisibleCaseField()
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "case",
            "category",
            "provider",
            "sent_on",
            "status",
            "responded_on",
            "response",
            "recorded_by",
            "recorded_at",
            "version",
        ]
        read_only_fields = ["status", "responded_on", "response", "recorded_by", "recorded_at"]


class ReferralAnswerSerializer(serializers.Serializer):
    """The answer to a referral; an answer is final."""

    status = serializers.ChoiceField(
        choices=ReferralStatus.choices, help_text=_("accepted, refused or withdrawn")
    )
    responded_on = serializers.DateField()
    response = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    version = serializers.IntegerField(help_text=_("The version you read."))
