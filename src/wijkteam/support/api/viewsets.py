"""The support API: cases (with a state transition action), contacts, conversations and
referrals. Same scope, services and access log as the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wijkteam.api.mixins import AccessLoggedViewSetMixin, require_version
from wijkteam.core.models import AccessAction
from wijkteam.support import services
from wijkteam.support.api.serializers import (
    CaseTransitionSerializer,
    ContactSerializer,
    ConversationSerializer,
    ReferralAnswerSerializer,
    ReferralSerializer,
    SupportCaseSerializer,
    SupportCaseUpdateSerializer,
)
from wijkteam.support.models import Contact, Conversation, Referral, SupportCase


class CaseResidentMixin(AccessLoggedViewSetMixin):
    """Rows recorded on a case: the access log names the case's resident; ``?case=<id>``
    filters the list."""

    def resident_ids(self, objects):
        return [obj.case.resident_id for obj in objects]

    def scoped(self, model):
        qs = model.objects.visible_for(self.request.user).select_related("case")
        case = self.request.query_params.get("case", "")
        return qs.filter(case_id=int(case)) if case.isdigit() else qs


class SupportCaseViewSet(
    AccessLoggedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Support cases visible to the caller. ``?state=`` and ``?resident=`` filter the list.

    Updates need the ``version`` you read. The state changes only through the ``transition``
    action, which checks the workflow table (docs/workflows.md).
    """

    access_context = "API cases"
    required_permissions = {
        "list": ("support.view_supportcase",),
        "retrieve": ("support.view_supportcase",),
        "create": ("support.add_supportcase",),
        "update": ("support.change_supportcase",),
        "partial_update": ("support.change_supportcase",),
        "transition": ("support.change_supportcase",),
    }

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return SupportCaseUpdateSerializer
        return SupportCaseSerializer

    def get_queryset(self):
        qs = SupportCase.objects.visible_for(self.request.user).order_by("-received_on", "-id")
        params = self.request.query_params
        if params.get("state"):
            qs = qs.filter(state=params["state"])
        if params.get("resident", "").isdigit():
            qs = qs.filter(resident_id=int(params["resident"]))
        return qs

    def resident_ids(self, objects):
        return [case.resident_id for case in objects]

    def perform_create(self, serializer):
        case = SupportCase(**serializer.validated_data)
        services.register_case(actor=self.request.user, case=case)
        serializer.instance = case

    def perform_update(self, serializer):
        expected = require_version(self.request.data.get("version"))
        case = serializer.instance
        for name, value in serializer.validated_data.items():
            if name != "version":
                setattr(case, name, value)
        services.update_case(actor=self.request.user, case=case, expected_version=expected)

    @extend_schema(request=CaseTransitionSerializer, responses=SupportCaseSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the case to another state, if the workflow table allows it."""
        case = self.get_object()
        payload = CaseTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        case = services.transition_case(
            case,
            data["to"],
            actor=request.user,
            reason=data.get("reason", ""),
            closure_reason=data.get("closure_reason"),
            closure_note=data.get("closure_note", ""),
            on=data.get("on"),
            expected_version=data.get("version"),
        )
        self.log_access([case], AccessAction.VIEW)
        return Response(SupportCaseSerializer(case, context={"request": request}).data)


class ContactViewSet(
    CaseResidentMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Contacts on cases visible to the caller; ``?case=<id>`` filters."""

    serializer_class = ContactSerializer
    access_context = "API contacts"
    required_permissions = {
        "list": ("support.view_contact",),
        "retrieve": ("support.view_contact",),
        "create": ("support.add_contact",),
    }

    def get_queryset(self):
        return self.scoped(Contact).order_by("-date", "-id")

    def perform_create(self, serializer):
        contact = Contact(**serializer.validated_data)
        services.record_contact(actor=self.request.user, contact=contact)
        serializer.instance = contact


class ConversationViewSet(
    CaseResidentMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Conversations and research steps on cases visible to the caller; ``?case=<id>``."""

    serializer_class = ConversationSerializer
    access_context = "API conversations"
    required_permissions = {
        "list": ("support.view_conversation",),
        "retrieve": ("support.view_conversation",),
        "create": ("support.add_conversation",),
    }

    def get_queryset(self):
        return self.scoped(Conversation).order_by("-held_on", "-id")

    def perform_create(self, serializer):
        conversation = Conversation(**serializer.validated_data)
        services.record_conversation(actor=self.request.user, conversation=conversation)
        serializer.instance = conversation


class ReferralViewSet(
    CaseResidentMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Referrals to additional support on cases visible to the caller; ``?case=<id>``.

    A PATCH records the answer (accepted, refused or withdrawn) with the ``version`` read.
    """

    serializer_class = ReferralSerializer
    access_context = "API referrals"
    required_permissions = {
        "list": ("support.view_referral",),
        "retrieve": ("support.view_referral",),
        "create": ("support.add_referral",),
        "update": ("support.change_referral",),
        "partial_update": ("support.change_referral",),
    }

    def get_queryset(self):
        return self.scoped(Referral).order_by("-sent_on", "-id")

    def perform_create(self, serializer):
        referral = Referral(**serializer.validated_data)
        services.send_referral(actor=self.request.user, referral=referral)
        serializer.instance = referral

    @extend_schema(request=ReferralAnswerSerializer, responses=ReferralSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Record the answer to the referral."""
        referral = self.get_object()
        expected = require_version(request.data.get("version"))
        payload = ReferralAnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        services.answer_referral(
            actor=request.user,
            referral=referral,
            status=data["status"],
            responded_on=data["responded_on"],
            response=data.get("response", ""),
            expected_version=expected,
        )
        self.log_access([referral], AccessAction.VIEW)
        return Response(self.get_serializer(referral).data)

    @extend_schema(request=ReferralAnswerSerializer, responses=ReferralSerializer)
    def update(self, request, *args, **kwargs):
        """Record the answer to the referral (same as PATCH)."""
        return self.partial_update(request, *args, **kwargs)
