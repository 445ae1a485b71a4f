"""Shape only: the rules live in the models' ``clean()`` and in ``plans/services.py``.

Scores are plain integers here, so a score outside 1-5 reaches the model and gets its Dutch
message; related objects are limited to what the caller may see, so an out-of-scope id reads
as "does not exist".
"""

from rest_framework import serializers

from wijkteam.accounts.models import User
from wijkteam.plans.models import Goal, GoalEvaluation, LifeDomain, SupportPlan
from wijkteam.plans.workflow import GoalStatus
from wijkteam.support.models import SupportCase

# Plain strings in the schema: an enum here would collide with other "status" fields.
STATUS_HELP = "Goal status: " + ", ".join(GoalStatus.values)


def _user(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class SupportPlanSerializer(serializers.ModelSerializer):
    case = serializers.PrimaryKeyRelatedField(queryset=SupportCase.objects.none())
    resident = serializers.IntegerField(source="case.resident_id", read_only=True)
    household = serializers.IntegerField(source="case.household_id", read_only=True)
    workers = serializers.PrimaryKeyRelatedField(
        many=True, queryset=User.objects.none(), required=False
    )
    breakthrough_specialist = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(), required=False, allow_null=True
    )
    goals = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = SupportPlan
        fields = [
            "id",
            "case",
            "resident",
            "household",
            "started_on",
            "perspective",
            "risks",
            "workers",
            "is_breakthrough",
            "breakthrough_specialist",
            "breakthrough_plan",
            "goals",
            "revision",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["revision", "created_at", "updated_at", "version"]

    def get_fields(self):
        fields = super().get_fields()
        user = _user(self)
        if user is not None and user.is_authenticated:
            fields["case"].queryset = SupportCase.objects.visible_for(user)
            staff = User.objects.visible_for(user)
            fields["workers"].child_relation.queryset = staff
            fields["breakthrough_specialist"].queryset = staff
        if self.instance is not None and not isinstance(self.instance, list):
            fields["case"].read_only = True
        return fields


class GoalEvaluationSerializer(serializers.ModelSerializer):
    score = serializers.IntegerField(help_text="1 acute problem ... 5 fully self-reliant")
    status_before = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    status_after = serializers.CharField(max_length=20, help_text=STATUS_HELP)

    class Meta:
        model = GoalEvaluation
        fields = [
            "id",
            "evaluated_on",
            "status_before",
            "status_after",
            "score",
            "result",
            "evaluated_by",
            "recorded_at",
            "plan_revision",
        ]
        read_only_fields = [
            "status_before",
            "evaluated_by",
            "recorded_at",
            "plan_revision",
        ]


class GoalSerializer(serializers.ModelSerializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=SupportPlan.objects.none())
    life_domain = serializers.PrimaryKeyRelatedField(
        queryset=LifeDomain.objects.all(), required=False, allow_null=True
    )
    start_score = serializers.IntegerField(
        help_text="1 acute problem ... 5 fully self-reliant", required=False, allow_null=True
    )
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    evaluations = GoalEvaluationSerializer(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = [
            "id",
            "plan",
            "life_domain",
            "title",
            "description",
            "status",
            "started_on",
            "evaluation_due_on",
            "start_score",
            "current_score",
            "last_evaluated_on",
            "ended_on",
            "evaluations",
            "created_at",
            "version",
        ]
        read_only_fields = [
            "status",
            "current_score",
            "last_evaluated_on",
            "ended_on",
            "created_at",
            "version",
        ]

    def get_fields(self):
        fields = super().get_fields()
        user = _user(self)
        if user is not None and user.is_authenticated:
            fields["plan"].queryset = SupportPlan.objects.visible_for(user)
        if self.instance is not None and not isinstance(self.instance, list):
            fields["plan"].read_only = True
        return fields


class LifeDomainSerializer(serializers.ModelSerializer):
    class Meta:
        model = LifeDomain
        fields = [
            "id",
            "code",
            "name",
            "audience",
            "description",
            "is_provisional",
            "sort_order",
            "valid_from",
            "valid_to",
            "version",
        ]
        read_only_fields = ["version"]
