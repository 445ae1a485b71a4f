"""The AVG-rights API: the municipality's pseudonymised monitoring export (JSON)."""

from django.core.exceptions import ValidationError

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from wijkteam.api.mixins import django_to_drf
from wijkteam.core.models import AccessChannel
from wijkteam.privacy import exports
from wijkteam.privacy.api.serializers import ExportQuerySerializer, MonitoringExportSerializer


class OneDocumentSchema(AutoSchema):
    """The export's list action answers one document (rows inside), not an array."""

    def _is_list_view(self, serializer=None):
        return False


class MonitoringExportViewSet(viewsets.ViewSet):
    """Case-level monitoring data for the municipality, without direct identifiers.

    Only consented, not restricted residents; pseudonyms instead of numbers; age bands,
    areas and months instead of dates of birth, addresses and dates; cases in groups smaller
    than the small-number threshold left out. Each call is recorded and access-logged.
    """

    required_permissions = {"list": ("privacy.export_monitoring",)}
    schema = OneDocumentSchema()

    @extend_schema(
        parameters=[
            OpenApiParameter("period_from", str, description="YYYY-MM-DD (default 1 January)"),
            OpenApiParameter("period_to", str, description="YYYY-MM-DD (default today)"),
        ],
        responses=MonitoringExportSerializer,
    )
    def list(self, request):
        query = ExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        default = exports.ExportPeriod.year_to_date()
        period = exports.ExportPeriod(
            query.validated_data.get("period_from", default.start),
            query.validated_data.get("period_to", default.end),
        )
        try:
            export, _content = exports.produce_export(
                actor=request.user,
                period=period,
                file_format="json",
                channel=AccessChannel.API,
                request=request,
            )
        except ValidationError as exc:
            raise django_to_drf(exc) from exc
        return Response(export.as_dict())
