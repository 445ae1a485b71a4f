from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from wijkteam.quality.views import figures_for


class QualityFiguresViewSet(viewsets.ViewSet):
    """The quality overview's figures as JSON, with the same periods, team choice and
    small-number suppression as the page (``value`` is null where ``display`` is ``<N``)."""

    required_permissions = {"list": ("quality.view_quality_overview",)}

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, description="year (default), quarter or custom"),
            OpenApiParameter("year", int),
            OpenApiParameter("quarter", int, description="1-4, with kind=quarter"),
            OpenApiParameter("start", OpenApiTypes.DATE, description="with kind=custom"),
            OpenApiParameter("end", OpenApiTypes.DATE, description="with kind=custom"),
            OpenApiParameter("team", int, description="one team; default every team you may see"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def list(self, request):
        form, figures = figures_for(request._request)
        if figures is None:
            raise ValidationError(form.errors.get_json_data(escape_html=False))
        return Response(figures)
