"""The incident API: incidents (with actions for the aftercare workflow, the calamity decision
and the calamity report) and follow-up actions. Same scope, services and access log as the
pages: a resident is shown, and access-logged, only to callers who may see that resident."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wijkteam.api.mixins import AccessLoggedViewSetMixin, require_version
from wijkteam.core.models import AccessAction
from wijkteam.incidents import services
from wijkteam.incidents.api.serializers import (
    CalamityDecisionSerializer,
    CalamityReportSerializer,
    FollowUpActionSerializer,
    FollowUpDoneSerializer,
    IncidentSerializer,
    IncidentTransitionSerializer,
    IncidentUpdateSerializer,
)
from wijkteam.incidents.models import Calamity, FollowUpAction, Incident
from wijkteam.incidents.workflow import CalamityState


class IncidentViewSet(
    AccessLoggedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Incidents visible to the caller (own reports, own teams' or all, by permission).

    ``?state=``, ``?team=``, ``?category=``, ``?from=`` and ``?until=`` (dates of the incident)
    filter the list. Updates need the ``version`` you read.
    """

    access_context = "API incidents"
    http_method_names = ["get", "post", "patch", "head", "options"]
    required_permissions = {
        "list": ("incidents.view_incident",),
        "retrieve": ("incidents.view_incident",),
        "create": ("incidents.add_incident",),
        "update": ("incidents.change_incident",),  # PUT is not offered (405)
        "partial_update": ("incidents.change_incident",),
        "transition": ("incidents.confirm_aftercare",),
        "calamity_decision": ("incidents.decide_calamity",),
        "calamity_report": ("incidents.track_calamity",),
    }

    def get_serializer_class(self):
        if self.action == "partial_update":
            return IncidentUpdateSerializer
        return IncidentSerializer

    def get_queryset(self):
        qs = (
            Incident.objects.visible_for(self.request.user)
            .select_related("calamity")
            .prefetch_related("staff_involved")
            .order_by("-occurred_on", "-occurred_time", "-id")
        )
        params = self.request.query_params
        if params.get("state"):
            qs = qs.filter(state=params["state"])
        if params.get("team", "").isdigit():
            qs = qs.filter(team_id=int(params["team"]))
        if params.get("category", "").isdigit():
            qs = qs.filter(category=int(params["category"]))
        return qs.occurred_between(_date(params.get("from")), _date(params.get("until")))

    # --- who may be shown

    def _visible_people(self, objects) -> tuple[set[int], set[int]]:
        from wijkteam.residents.models import Household, Resident

        user = self.request.user
        resident_ids = {o.resident_id for o in objects if o.resident_id}
        household_ids = {o.household_id for o in objects if o.household_id}
        residents = (
            set(
                Resident.objects.visible_for(user)
                .filter(pk__in=resident_ids)
                .values_list("pk", flat=True)
            )
            if resident_ids
            else set()
        )
        households = (
            set(
                Household.objects.visible_for(user)
                .filter(pk__in=household_ids)
                .values_list("pk", flat=True)
            )
            if household_ids
            else set()
        )
        return residents, households

    def get_serializer(self, *args, **kwargs):
        instance = args[0] if args else kwargs.get("instance")
        if instance is not None:
            objects = instance if isinstance(instance, list | tuple) else [instance]
            residents, households = self._visible_people(objects)
            kwargs.setdefault("context", self.get_serializer_context())
            kwargs["context"].update(
                visible_resident_ids=residents, visible_household_ids=households
            )
        return super().get_serializer(*args, **kwargs)

    def resident_ids(self, objects):
        residents, _households = self._visible_people(objects)
        return sorted(residents)

    def _respond(self, incident):
        incident = self.get_queryset().get(pk=incident.pk)
        self.log_access([incident], AccessAction.VIEW)
        return Response(self.get_serializer(incident).data)

    # --- writes

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        response = self._respond(serializer.instance)
        response.status_code = 201
        return response

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        staff = data.pop("staff_involved", [])
        incident = Incident(**data)
        services.report_incident(actor=self.request.user, incident=incident, staff_involved=staff)
        serializer.instance = incident

    def partial_update(self, request, *args, **kwargs):
        """Correct the report; send the ``version`` you read."""
        incident = self.get_object()
        expected = require_version(request.data.get("version"))
        serializer = self.get_serializer(incident, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)
        staff = data.pop("staff_involved", None)
        for name, value in data.items():
            setattr(incident, name, value)
        services.update_incident(
            actor=request.user, incident=incident, expected_version=expected, staff_involved=staff
        )
        return self._respond(incident)

    @extend_schema(request=IncidentTransitionSerializer, responses=IncidentSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Plan or confirm the aftercare conversation, close or reopen (docs/workflows.md)."""
        incident = self.get_object()
        payload = IncidentTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        services.transition_incident(
            incident,
            data["to"],
            actor=request.user,
            on=data.get("on"),
            planned_on=data.get("planned_on"),
            outcome=data.get("outcome"),
            note=data.get("note", ""),
            reason=data.get("reason", ""),
            expected_version=data.get("version"),
        )
        return self._respond(incident)

    @extend_schema(request=CalamityDecisionSerializer, responses=IncidentSerializer)
    @action(detail=True, methods=["post"], url_path="calamity-decision")
    def calamity_decision(self, request, pk=None):
        """Flag a possible calamity (``to_assess``) or decide: ``calamity`` / ``not_calamity``
        with a reason. Deciding ``calamity`` stores the report deadline."""
        incident = self.get_object()
        payload = CalamityDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        calamity = Calamity.objects.filter(incident=incident).first()
        if calamity is None and data["to"] == CalamityState.TO_ASSESS:
            services.flag_calamity(actor=request.user, incident=incident, reason=data["reason"])
        else:
            services.transition_calamity(
                calamity or _missing_calamity(),
                data["to"],
                actor=request.user,
                on=data.get("on"),
                reason=data["reason"],
                expected_version=data.get("version"),
            )
        return self._respond(incident)

    @extend_schema(request=CalamityReportSerializer, responses=IncidentSerializer)
    @action(detail=True, methods=["post"], url_path="calamity-report")
    def calamity_report(self, request, pk=None):
        """Record the report to the supervisory authority, the investigation, the closing."""
        incident = self.get_object()
        payload = CalamityReportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        calamity = Calamity.objects.filter(incident=incident).first() or _missing_calamity()
        services.transition_calamity(
            calamity,
            data["to"],
            actor=request.user,
            on=data.get("on"),
            reported_to=data.get("reported_to", ""),
            reference=data.get("reference", ""),
            summary=data.get("summary", ""),
            expected_version=data.get("version"),
        )
        return self._respond(incident)


def _missing_calamity():
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    raise ValidationError(
        {
            "to": ValidationError(
                _("This incident is not in the calamity procedure."), code="not_flagged"
            )
        }
    )


def _date(value):
    import datetime

    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


class FollowUpActionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Follow-up actions of incidents visible to the caller; ``?incident=<id>`` and
    ``?open=1`` filter. A PATCH marks the action done (with the ``version`` read). No resident
    data, so nothing is access-logged."""

    serializer_class = FollowUpActionSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    required_permissions = {
        "list": ("incidents.view_followupaction",),
        "retrieve": ("incidents.view_followupaction",),
        "create": ("incidents.add_followupaction",),
        "update": ("incidents.change_followupaction",),  # PUT is not offered (405)
        "partial_update": ("incidents.change_followupaction",),
    }

    def get_queryset(self):
        qs = FollowUpAction.objects.visible_for(self.request.user).order_by("due_on", "id")
        params = self.request.query_params
        if params.get("incident", "").isdigit():
            qs = qs.filter(incident_id=int(params["incident"]))
        if params.get("open") in ("1", "true"):
            qs = qs.open()
        return qs

    def perform_create(self, serializer):
        action = FollowUpAction(**serializer.validated_data)
        services.add_follow_up(actor=self.request.user, action=action)
        serializer.instance = action

    @extend_schema(request=FollowUpDoneSerializer, responses=FollowUpActionSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Mark the action done."""
        action = self.get_object()
        expected = require_version(request.data.get("version"))
        payload = FollowUpDoneSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        services.complete_follow_up(
            actor=request.user,
            action=action,
            done_on=data["done_on"],
            result=data.get("result", ""),
            expected_version=expected,
        )
        return Response(self.get_serializer(action).data)
