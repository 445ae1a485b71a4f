from django.contrib.contenttypes.models import ContentType

from auditlog.models import LogEntry
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError as DRFValidationError

from wijkteam.core.api.serializers import AccessLogEntrySerializer, AuditLogEntrySerializer
from wijkteam.core.forms import LogFilterForm
from wijkteam.core.models import AccessLogEntry
from wijkteam.residents.models import Resident

FILTERS = [
    OpenApiParameter("person", OpenApiTypes.STR, description="Staff user name"),
    OpenApiParameter("resident", OpenApiTypes.INT, description="Resident number"),
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="From (inclusive)"),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Until (inclusive)"),
]


class LogFilterMixin:
    time_field = "at"
    person_field = "user__username"

    def filter_resident(self, qs, resident_id):
        return qs.filter(resident_id=resident_id)

    def filter_logs(self, qs):
        form = LogFilterForm(self.request.query_params)
        if not form.is_valid():
            raise DRFValidationError(form.errors)
        data = form.cleaned_data
        if data["person"]:
            qs = qs.filter(**{self.person_field: data["person"]})
        if data["resident"]:
            qs = self.filter_resident(qs, data["resident"])
        lower, upper = form.period_bounds()
        if lower:
            qs = qs.filter(**{f"{self.time_field}__gte": lower})
        if upper:
            qs = qs.filter(**{f"{self.time_field}__lt": upper})
        return qs


@extend_schema_view(list=extend_schema(parameters=FILTERS))
class AccessLogViewSet(LogFilterMixin, viewsets.ReadOnlyModelViewSet):
    """The access log (NEN 7513), searchable by person, resident and period."""

    serializer_class = AccessLogEntrySerializer
    required_permissions = {
        "list": ("core.view_accesslogentry",),
        "retrieve": ("core.view_accesslogentry",),
    }

    def get_queryset(self):
        qs = AccessLogEntry.objects.select_related("user").order_by("-at", "-id")
        return self.filter_logs(qs) if self.action == "list" else qs


@extend_schema_view(list=extend_schema(parameters=FILTERS))
class AuditLogViewSet(LogFilterMixin, viewsets.ReadOnlyModelViewSet):
    """The audit trail: who changed what, when, old and new values."""

    serializer_class = AuditLogEntrySerializer
    time_field = "timestamp"
    person_field = "actor__username"
    required_permissions = {
        "list": ("core.view_audit_trail",),
        "retrieve": ("core.view_audit_trail",),
    }

    def filter_resident(self, qs, resident_id):
        ct = ContentType.objects.get_for_model(Resident)
        return qs.filter(content_type=ct, object_pk=str(resident_id))

    def get_queryset(self):
        qs = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-id")
        return self.filter_logs(qs) if self.action == "list" else qs
