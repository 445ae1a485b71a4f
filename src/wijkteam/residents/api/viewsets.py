from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError as DRFValidationError

from wijkteam.api.mixins import AccessLoggedViewSetMixin, django_to_drf, require_version
from wijkteam.residents import services
from wijkteam.residents.api.serializers import ResidentSerializer, SupportCaseSerializer
from wijkteam.residents.models import Resident
from wijkteam.support.models import SupportCase


class ResidentViewSet(
    AccessLoggedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Residents visible to the caller; every resident returned is in the access log.

    ``?q=`` searches by name, BSN, date of birth (dd-mm-jjjj) or postcode.
    """

    serializer_class = ResidentSerializer
    access_context = "API residents"
    required_permissions = {
        "list": ("residents.view_resident",),
        "retrieve": ("residents.view_resident",),
        "create": ("residents.add_resident",),
        "update": ("residents.change_resident",),
        "partial_update": ("residents.change_resident",),
    }

    def get_queryset(self):
        qs = Resident.objects.visible_for(self.request.user).order_by(
            "last_name", "first_name", "id"
        )
        term = self.request.query_params.get("q", "")[:100]
        return qs.search(term) if term else qs

    def perform_create(self, serializer):
        resident = Resident(**serializer.validated_data)
        try:
            services.register_resident(actor=self.request.user, resident=resident)
        except ValidationError as exc:
            raise django_to_drf(exc) from exc
        serializer.instance = resident

    def perform_update(self, serializer):
        expected = require_version(self.request.data.get("version"))
        resident = serializer.instance
        if "team" in serializer.validated_data and (
            serializer.validated_data["team"].pk not in self.request.user.active_team_ids()
        ):
            raise DRFValidationError(
                {"team": [_("You can only place a file with one of your own teams.")]}
            )
        for name, value in serializer.validated_data.items():
            setattr(resident, name, value)
        try:
            services.update_resident(
                actor=self.request.user, resident=resident, expected_version=expected
            )
        except ValidationError as exc:
            raise django_to_drf(exc) from exc


class SupportCaseViewSet(AccessLoggedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Support cases visible to the caller (read-only until the support-cycle module)."""

    serializer_class = SupportCaseSerializer
    access_context = "API cases"
    required_permissions = {
        "list": ("support.view_supportcase",),
        "retrieve": ("support.view_supportcase",),
    }

    def get_queryset(self):
        return SupportCase.objects.visible_for(self.request.user).order_by("-received_on", "-id")

    def resident_ids(self, objects):
        return [case.resident_id for case in objects]
