from django.utils.translation import gettext as _

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from wijkteam.api.mixins import AccessLoggedViewSetMixin, require_version
from wijkteam.residents import services
from wijkteam.residents.api.serializers import (
    ConsentSerializer,
    ConsentWithdrawSerializer,
    HouseholdSerializer,
    ResidentSerializer,
)
from wijkteam.residents.models import Consent, Household, Resident


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
        services.register_resident(actor=self.request.user, resident=resident)
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
        services.update_resident(
            actor=self.request.user, resident=resident, expected_version=expected
        )


class ConsentViewSet(
    AccessLoggedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Consent records of residents visible to the caller. ``?resident=<id>`` filters."""

    serializer_class = ConsentSerializer
    access_context = "API consents"
    required_permissions = {
        "list": ("residents.view_consent",),
        "retrieve": ("residents.view_consent",),
        "create": ("residents.add_consent",),
        "withdraw": ("residents.change_consent",),
    }

    def get_queryset(self):
        qs = Consent.objects.visible_for(self.request.user).order_by("-given_on", "-id")
        resident = self.request.query_params.get("resident", "")
        return qs.filter(resident_id=int(resident)) if resident.isdigit() else qs

    def resident_ids(self, objects):
        return [consent.resident_id for consent in objects]

    def perform_create(self, serializer):
        consent = Consent(**serializer.validated_data)
        services.record_consent(actor=self.request.user, consent=consent)
        serializer.instance = consent

    @extend_schema(request=ConsentWithdrawSerializer, responses=ConsentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        consent = self.get_object()
        payload = ConsentWithdrawSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        consent = services.withdraw_consent(
            actor=request.user,
            consent=consent,
            withdrawn_on=payload.validated_data["withdrawn_on"],
            note=payload.validated_data.get("note", ""),
        )
        self.log_access([consent], "view")
        return Response(ConsentSerializer(consent, context={"request": request}).data)


class HouseholdViewSet(AccessLoggedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Households visible to the caller, with their members (read-only in this version)."""

    serializer_class = HouseholdSerializer
    access_context = "API households"
    required_permissions = {
        "list": ("residents.view_household",),
        "retrieve": ("residents.view_household",),
    }

    def get_queryset(self):
        return (
            Household.objects.visible_for(self.request.user)
            .prefetch_related("members")
            .order_by("name", "id")
        )

    def resident_ids(self, objects):
        return [m.resident_id for household in objects for m in household.members.all()]
