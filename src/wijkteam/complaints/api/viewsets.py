"""The complaints API: list, register, read, edit (with version), and the workflow actions
``transition`` (incl. the decision and the withdrawal) and ``extend`` (the decision term,
once). Same scope, services and access log as the pages. The public form is HTML only."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from wijkteam.api.mixins import AccessLoggedViewSetMixin, require_version
from wijkteam.complaints import services
from wijkteam.complaints.api.serializers import (
    ComplaintExtensionSerializer,
    ComplaintReadSerializer,
    ComplaintSerializer,
    ComplaintTransitionSerializer,
    ComplaintUpdateSerializer,
)
from wijkteam.complaints.models import Complaint
from wijkteam.core.models import AccessAction


class ComplaintViewSet(
    AccessLoggedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Complaints visible to the caller. ``?state=``, ``?team=`` and ``?category=`` filter
    the list; ``?overdue=1`` keeps acknowledgements and decisions that are overdue.

    Updates need the ``version`` you read. The state changes only through ``transition``
    (docs/workflows.md), the decision term only through ``extend``.
    """

    access_context = "API complaints"
    http_method_names = ["get", "post", "patch", "head", "options"]
    required_permissions = {
        "list": ("complaints.view_complaint",),
        "retrieve": ("complaints.view_complaint",),
        "create": ("complaints.add_complaint",),
        "partial_update": ("complaints.change_complaint",),
        "update": ("complaints.change_complaint",),  # PUT is not offered (405); PATCH is
        "transition": ("complaints.change_complaint",),
        "extend": ("complaints.change_complaint",),
    }

    def get_serializer_class(self):
        if self.action == "partial_update":
            return ComplaintUpdateSerializer
        if self.action == "create":
            return ComplaintSerializer
        return ComplaintReadSerializer

    def get_queryset(self):
        qs = Complaint.objects.visible_for(self.request.user).order_by("-received_on", "-id")
        params = self.request.query_params
        if params.get("state"):
            qs = qs.filter(state=params["state"])
        for name in ("team", "category"):
            if params.get(name, "").isdigit():
                qs = qs.filter(**{f"{name}_id": int(params[name])})
        if params.get("overdue") == "1":
            qs = qs.overdue()
        return qs

    def resident_ids(self, objects):
        return [c.resident_id for c in objects if c.resident_id]

    @extend_schema(request=ComplaintSerializer, responses=ComplaintReadSerializer)
    def create(self, request, *args, **kwargs):
        """Register a complaint received by phone, e-mail, letter or in person."""
        serializer = ComplaintSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        complaint = Complaint(**serializer.validated_data)
        services.register_complaint(actor=request.user, complaint=complaint)
        self.log_access([complaint], AccessAction.VIEW)
        return Response(ComplaintReadSerializer(complaint).data, status=201)

    @extend_schema(request=ComplaintUpdateSerializer, responses=ComplaintReadSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Change details of the complaint; send the ``version`` you read."""
        complaint = self.get_object()
        expected = require_version(request.data.get("version"))
        serializer = ComplaintUpdateSerializer(
            complaint, data=request.data, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        for name, value in serializer.validated_data.items():
            if name != "version":
                setattr(complaint, name, value)
        services.update_complaint(
            actor=request.user, complaint=complaint, expected_version=expected
        )
        self.log_access([complaint], AccessAction.VIEW)
        return Response(ComplaintReadSerializer(complaint).data)

    @extend_schema(request=ComplaintTransitionSerializer, responses=ComplaintReadSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the complaint to another state, if the workflow table allows it: acknowledge,
        take into handling (handler, route), refer to the committee, decide (outcome,
        summary), withdraw (to ``closed`` before a decision, with a reason) or close."""
        complaint = self.get_object()
        payload = ComplaintTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        handler = None
        if data.get("handler") is not None:
            handler = services.eligible_handlers().filter(pk=data["handler"]).first()
            if handler is None:
                raise DRFValidationError({"handler": [services.unknown_handler_message()]})
        complaint = services.transition_complaint(
            complaint,
            data["to"],
            actor=request.user,
            on=data.get("on"),
            reason=data.get("reason", ""),
            handler=handler,
            route=data.get("route", ""),
            outcome=data.get("outcome", ""),
            decision_summary=data.get("decision_summary", ""),
            expected_version=data.get("version"),
        )
        self.log_access([complaint], AccessAction.VIEW)
        return Response(ComplaintReadSerializer(complaint).data)

    @extend_schema(request=ComplaintExtensionSerializer, responses=ComplaintReadSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        """Extend the decision term once (Awb 9:11 lid 2), with a reason, before it ends."""
        complaint = self.get_object()
        payload = ComplaintExtensionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        complaint = services.extend_decision_term(
            actor=request.user,
            complaint=complaint,
            reason=data["reason"],
            on=data.get("on"),
            expected_version=data.get("version"),
        )
        self.log_access([complaint], AccessAction.VIEW)
        return Response(ComplaintReadSerializer(complaint).data)
