from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wijkteam.api.mixins import require_version
from wijkteam.breaches import services
from wijkteam.breaches.api.serializers import BreachStepSerializer, DataBreachSerializer
from wijkteam.breaches.models import DataBreach


class DataBreachViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Data breaches the caller may see (all for privacy staff, the own teams' for managers,
    otherwise the caller's own reports). ``?state=`` filters.

    ``POST /breaches/{id}/transition/`` takes one workflow step. Updates need the ``version``
    read; a stale one is refused. A breach names no resident, so nothing is access-logged.
    """

    serializer_class = DataBreachSerializer
    required_permissions = {
        "list": ("breaches.view_databreach",),
        "retrieve": ("breaches.view_databreach",),
        "create": ("breaches.add_databreach",),
        "update": ("breaches.change_databreach",),
        "partial_update": ("breaches.change_databreach",),
        "transition": ("breaches.change_databreach",),
    }

    def get_queryset(self):
        qs = (
            DataBreach.objects.visible_for(self.request.user)
            .prefetch_related("transitions")
            .order_by("-discovered_at", "-id")
        )
        state = self.request.query_params.get("state", "")
        return qs.filter(state=state) if state else qs

    def perform_create(self, serializer):
        breach = DataBreach(**serializer.validated_data)
        services.report_breach(actor=self.request.user, breach=breach)
        serializer.instance = breach

    def perform_update(self, serializer):
        expected = require_version(self.request.data.get("version"))
        breach = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(breach, name, value)
        services.update_breach(actor=self.request.user, breach=breach, expected_version=expected)

    @extend_schema(request=BreachStepSerializer, responses={200: DataBreachSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        breach = self.get_object()
        payload = BreachStepSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        to, version = data.pop("to"), data.pop("version")
        services.transition_breach(breach, to, actor=request.user, expected_version=version, **data)
        fresh = self.get_queryset().get(pk=breach.pk)
        return Response(DataBreachSerializer(fresh, context=self.get_serializer_context()).data)
