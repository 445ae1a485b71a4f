from django.db.models import Prefetch

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wijkteam.api.mixins import require_version
from wijkteam.improvements import services
from wijkteam.improvements.api.serializers import (
    ActionStatusSerializer,
    ImprovementActionSerializer,
    ImprovementPlanSerializer,
    PlanStepSerializer,
)
from wijkteam.improvements.models import ImprovementAction, ImprovementPlan
from wijkteam.improvements.origins import resolve_origin


class ImprovementPlanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Improvement plans the caller may see, with their actions. ``?state=`` filters.

    On create, ``origin`` (``incidents.incident:12``) must name a record the caller may see.
    ``POST /improvement-plans/{id}/transition/`` takes one workflow step. Updates need the
    ``version`` read; a stale one is refused.
    """

    serializer_class = ImprovementPlanSerializer
    required_permissions = {
        "list": ("improvements.view_improvementplan",),
        "retrieve": ("improvements.view_improvementplan",),
        "create": ("improvements.add_improvementplan",),
        "update": ("improvements.change_improvementplan",),
        "partial_update": ("improvements.change_improvementplan",),
        "transition": ("improvements.change_improvementplan",),
    }

    def get_queryset(self):
        qs = (
            ImprovementPlan.objects.visible_for(self.request.user)
            .select_related("origin_content_type")
            .prefetch_related(
                Prefetch("actions", queryset=ImprovementAction.objects.order_by("due_on", "id"))
            )
            .order_by("due_on", "id")
        )
        state = self.request.query_params.get("state", "")
        return qs.filter(state=state) if state else qs

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        raw_origin = data.pop("origin", "")
        origin = resolve_origin(raw_origin, self.request.user) if raw_origin else None
        plan = ImprovementPlan(**data)
        services.create_plan(actor=self.request.user, plan=plan, origin=origin)
        serializer.instance = plan

    def perform_update(self, serializer):
        expected = require_version(self.request.data.get("version"))
        plan = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(plan, name, value)
        services.update_plan(actor=self.request.user, plan=plan, expected_version=expected)

    @extend_schema(request=PlanStepSerializer, responses={200: ImprovementPlanSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        plan = self.get_object()
        payload = PlanStepSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        to, version = data.pop("to"), data.pop("version")
        services.transition_plan(plan, to, actor=request.user, expected_version=version, **data)
        fresh = self.get_queryset().get(pk=plan.pk)
        return Response(self.get_serializer(fresh).data)


class ImprovementActionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Actions of the plans the caller may see. ``?plan=<id>`` and ``?mine=1`` filter.

    ``POST /improvement-actions/{id}/status/`` reports progress (the owner or a plan manager).
    """

    serializer_class = ImprovementActionSerializer
    required_permissions = {
        "list": ("improvements.view_improvementaction",),
        "retrieve": ("improvements.view_improvementaction",),
        "create": ("improvements.add_improvementaction",),
        "update": ("improvements.change_improvementplan",),
        "partial_update": ("improvements.change_improvementplan",),
        "status": ("improvements.change_improvementaction",),
    }

    def get_queryset(self):
        qs = ImprovementAction.objects.visible_for(self.request.user).order_by("due_on", "id")
        plan = self.request.query_params.get("plan", "")
        if plan.isdigit():
            qs = qs.filter(plan_id=int(plan))
        if self.request.query_params.get("mine") == "1":
            qs = qs.filter(owner=self.request.user)
        return qs

    def perform_create(self, serializer):
        action_ = ImprovementAction(**serializer.validated_data)
        services.add_action(actor=self.request.user, action=action_)
        serializer.instance = action_

    def perform_update(self, serializer):
        expected = require_version(self.request.data.get("version"))
        action_ = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(action_, name, value)
        services.update_action(actor=self.request.user, action=action_, expected_version=expected)

    @extend_schema(request=ActionStatusSerializer, responses={200: ImprovementActionSerializer})
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        action_ = self.get_object()
        payload = ActionStatusSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        status, version = data.pop("status"), data.pop("version")
        services.set_action_status(
            action_, status, actor=request.user, expected_version=version, **data
        )
        action_.refresh_from_db()
        return Response(self.get_serializer(action_).data)
