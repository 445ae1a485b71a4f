"""Shape only: the rules live in the models and ``improvements/services.py``."""

from rest_framework import serializers

from wijkteam.accounts.models import User
from wijkteam.improvements.choices import PlanSource
from wijkteam.improvements.models import ImprovementAction, ImprovementPlan
from wijkteam.organisation.models import Team

PLAN_STATE_HELP = "Plan state: open, in_progress, completed, verified, cancelled"
ACTION_STATUS_HELP = "Action status: open, in_progress, done, cancelled"


def _user(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class ImprovementActionSerializer(serializers.ModelSerializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=ImprovementPlan.objects.none())
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.none())
    status = serializers.CharField(read_only=True, help_text=ACTION_STATUS_HELP)

    class Meta:
        model = ImprovementAction
        fields = [
            "id",
            "plan",
            "description",
            "owner",
            "due_on",
            "status",
            "done_on",
            "note",
            "version",
        ]
        read_only_fields = ["done_on", "version"]

    def get_fields(self):
        fields = super().get_fields()
        user = _user(self)
        if user is not None and user.is_authenticated:
            fields["plan"].queryset = ImprovementPlan.objects.visible_for(user)
            fields["owner"].queryset = User.objects.visible_for(user).filter(is_active=True)
        if self.instance is not None and not isinstance(self.instance, list):
            fields["plan"].read_only = True
        return fields


class ActionStatusSerializer(serializers.Serializer):
    status = serializers.CharField(help_text=ACTION_STATUS_HELP)
    version = serializers.IntegerField(help_text="The version you read")
    done_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)


class ImprovementPlanSerializer(serializers.ModelSerializer):
    source = serializers.ChoiceField(choices=PlanSource.choices)
    responsible = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(), required=False, allow_null=True
    )
    state = serializers.CharField(read_only=True, help_text=PLAN_STATE_HELP)
    origin = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Where the plan came from, e.g. incidents.incident:12 (write once, on create)",
    )
    actions = ImprovementActionSerializer(many=True, read_only=True)

    class Meta:
        model = ImprovementPlan
        fields = [
            "id",
            "title",
            "finding",
            "source",
            "responsible",
            "team",
            "due_on",
            "evidence",
            "evidence_links",
            "origin",
            "state",
            "state_reason",
            "completed_on",
            "verified_on",
            "verified_by",
            "created_by",
            "created_at",
            "actions",
            "version",
        ]
        read_only_fields = [
            "state_reason",
            "completed_on",
            "verified_on",
            "verified_by",
            "created_by",
            "created_at",
            "version",
        ]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            fields["origin"].read_only = True
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.origin_content_type_id:
            ct = instance.origin_content_type
            data["origin"] = f"{ct.app_label}.{ct.model}:{instance.origin_object_id}"
        else:
            data["origin"] = ""
        return data


class PlanStepSerializer(serializers.Serializer):
    to = serializers.CharField(help_text=PLAN_STATE_HELP)
    version = serializers.IntegerField(help_text="The version you read")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, default=None
    )
    evidence_links = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, default=None
    )
