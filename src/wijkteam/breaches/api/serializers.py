"""Shape only: the rules live in ``DataBreach.clean()`` and ``breaches/services.py``."""

from rest_framework import serializers

from wijkteam.accounts.models import User
from wijkteam.breaches.choices import BreachKind, DataCategory, RiskLevel
from wijkteam.breaches.models import BreachTransition, DataBreach
from wijkteam.organisation.models import Team

STATE_HELP = "Breach state: reported, assessed, notified, not_notified, closed"


def _user(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class BreachTransitionSerializer(serializers.ModelSerializer):
    from_state = serializers.CharField(read_only=True, help_text=STATE_HELP)
    to_state = serializers.CharField(read_only=True, help_text=STATE_HELP)

    class Meta:
        model = BreachTransition
        fields = ["from_state", "to_state", "reason", "actor", "at"]
        read_only_fields = fields


class DataBreachSerializer(serializers.ModelSerializer):
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all())
    discovered_by = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(), required=False, allow_null=True
    )
    # A plain string in the schema (an enum named "kind" would collide with the incidents');
    # the model checks the value and answers in Dutch.
    kind = serializers.CharField(help_text="What happened: " + ", ".join(BreachKind.values))
    data_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=DataCategory.choices), allow_empty=False
    )
    state = serializers.CharField(read_only=True, help_text=STATE_HELP)
    risk_level = serializers.CharField(
        read_only=True, help_text="Risk: '' (not assessed), none, risk, high"
    )
    transitions = BreachTransitionSerializer(many=True, read_only=True)

    class Meta:
        model = DataBreach
        fields = [
            "id",
            "team",
            "reported_by",
            "discovered_by",
            "discovered_at",
            "reported_at",
            "kind",
            "description",
            "data_categories",
            "persons_affected",
            "persons_estimated",
            "risk_level",
            "risk_rationale",
            "assessed_at",
            "ap_deadline",
            "ap_notified_at",
            "ap_reference",
            "ap_delay_reason",
            "no_notification_reason",
            "persons_notified_at",
            "persons_not_notified_reason",
            "measures",
            "state",
            "closed_at",
            "transitions",
            "version",
        ]
        read_only_fields = [
            "reported_by",
            "reported_at",
            "risk_rationale",
            "assessed_at",
            "ap_deadline",
            "ap_notified_at",
            "ap_reference",
            "ap_delay_reason",
            "no_notification_reason",
            "closed_at",
            "version",
        ]

    def get_fields(self):
        fields = super().get_fields()
        user = _user(self)
        if user is not None and user.is_authenticated:
            fields["discovered_by"].queryset = User.objects.visible_for(user)
        if self.instance is not None and not isinstance(self.instance, list):
            fields["discovered_at"].read_only = True
        return fields


class BreachStepSerializer(serializers.Serializer):
    """One workflow step: ``to`` plus what the step requires (see docs/workflows.md)."""

    to = serializers.CharField(help_text=STATE_HELP)
    version = serializers.IntegerField(help_text="The version you read")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices, required=False)
    risk_rationale = serializers.CharField(required=False, allow_blank=True, default="")
    ap_notified_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    ap_reference = serializers.CharField(required=False, allow_blank=True, default="")
    ap_delay_reason = serializers.CharField(required=False, allow_blank=True, default="")
    no_notification_reason = serializers.CharField(required=False, allow_blank=True, default="")
    measures = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, default=None
    )
    persons_notified_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    persons_not_notified_reason = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, default=None
    )
