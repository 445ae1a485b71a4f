from django.db.models import Prefetch

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wijkteam.api.mixins import AccessLoggedViewSetMixin, require_version
from wijkteam.organisation.api.viewsets import MasterDataViewSet
from wijkteam.plans import services
from wijkteam.plans.api.serializers import (
    GoalEvaluationSerializer,
    GoalSerializer,
    LifeDomainSerializer,
    SupportPlanSerializer,
)
from wijkteam.plans.models import Goal, GoalEvaluation, SupportPlan


class SupportPlanViewSet(
    AccessLoggedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Support plans of cases visible to the caller; every resident returned is logged.

    ``?case=<id>`` filters. Updates need the ``version`` read; a stale one is refused.
    """

    serializer_class = SupportPlanSerializer
    access_context = "API support plans"
    required_permissions = {
        "list": ("plans.view_supportplan",),
        "retrieve": ("plans.view_supportplan",),
        "create": ("plans.add_supportplan",),
        "update": ("plans.change_supportplan",),
        "partial_update": ("plans.change_supportplan",),
    }

    def get_queryset(self):
        qs = (
            SupportPlan.objects.visible_for(self.request.user)
            .select_related("case")
            .prefetch_related("workers", "goals")
            .order_by("-started_on", "-id")
        )
        case = self.request.query_params.get("case", "")
        return qs.filter(case_id=int(case)) if case.isdigit() else qs

    def resident_ids(self, objects):
        return [plan.case.resident_id for plan in objects]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        workers = data.pop("workers", [])
        plan = SupportPlan(**data)
        services.create_plan(actor=self.request.user, plan=plan, workers=workers)
        serializer.instance = plan

    def perform_update(self, serializer):
        expected = require_version(self.request.data.get("version"))
        data = dict(serializer.validated_data)
        workers = data.pop("workers", None)
        plan = serializer.instance
        for name, value in data.items():
            setattr(plan, name, value)
        services.update_plan(
            actor=self.request.user, plan=plan, expected_version=expected, workers=workers
        )


class GoalViewSet(
    AccessLoggedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Goals of visible plans with their evaluation history. ``?plan=<id>`` filters.

    ``POST /goals/{id}/evaluate/`` appends an evaluation; earlier ones are never changed.
    """

    serializer_class = GoalSerializer
    access_context = "API goals"
    required_permissions = {
        "list": ("plans.view_goal",),
        "retrieve": ("plans.view_goal",),
        "create": ("plans.add_goal",),
        "update": ("plans.change_goal",),
        "partial_update": ("plans.change_goal",),
        "evaluate": ("plans.add_goalevaluation",),
    }

    def get_queryset(self):
        qs = (
            Goal.objects.visible_for(self.request.user)
            .select_related("plan__case")
            .prefetch_related(
                Prefetch("evaluations", queryset=GoalEvaluation.objects.order_by("evaluated_on"))
            )
            .order_by("plan_id", "id")
        )
        plan = self.request.query_params.get("plan", "")
        return qs.filter(plan_id=int(plan)) if plan.isdigit() else qs

    def resident_ids(self, objects):
        return [goal.plan.case.resident_id for goal in objects]

    def perform_create(self, serializer):
        goal = Goal(**serializer.validated_data)
        services.add_goal(actor=self.request.user, goal=goal)
        serializer.instance = goal

    def perform_update(self, serializer):
        expected = require_version(self.request.data.get("version"))
        goal = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(goal, name, value)
        services.update_goal(actor=self.request.user, goal=goal, expected_version=expected)

    @extend_schema(request=GoalEvaluationSerializer, responses={201: GoalEvaluationSerializer})
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        goal = self.get_object()
        payload = GoalEvaluationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        evaluation = services.evaluate_goal(actor=request.user, goal=goal, **payload.validated_data)
        return Response(GoalEvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)


def _master_data_permissions(model_name: str) -> dict:
    read = (f"plans.view_{model_name}",)
    return {
        "list": read,
        "retrieve": read,
        "create": (f"plans.add_{model_name}",),
        "update": (f"plans.change_{model_name}",),
        "partial_update": (f"plans.change_{model_name}",),
    }


class LifeDomainViewSet(MasterDataViewSet):
    """'Wat telt' life domains: read for every staff role, maintained by functioneel beheer."""

    serializer_class = LifeDomainSerializer
    required_permissions = _master_data_permissions("lifedomain")

    def get_queryset(self):
        return super().get_queryset().order_by("sort_order", "name")
