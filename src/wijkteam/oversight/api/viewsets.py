"""The break-the-glass API: workers break the glass (create); reviewers list, read and review."""

from django.db.models import Prefetch

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wijkteam.oversight import services
from wijkteam.oversight.api.serializers import (
    BreakGlassCreatedSerializer,
    BreakGlassGrantSerializer,
    BreakGlassRequestSerializer,
    BreakGlassReviewSerializer,
    ReviewRequestSerializer,
)
from wijkteam.oversight.models import BreakGlassGrant, BreakGlassReview
from wijkteam.oversight.workflow import OPEN_STATUSES, ReviewStatus


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                description="open (to review or follow up), or one review status",
            ),
            OpenApiParameter("user", OpenApiTypes.STR, description="Staff user name"),
        ]
    ),
    create=extend_schema(
        request=BreakGlassRequestSerializer, responses={201: BreakGlassCreatedSerializer}
    ),
)
class BreakGlassGrantViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Break-the-glass grants.

    ``POST`` (workers) opens the one file outside the caller's teams that the term identifies,
    for ``BREAK_GLASS_HOURS``; a 400 never tells anything of the file. Reviewers list and read
    grants (``?status=open`` for the to-do list) and append a review with
    ``POST /break-glass-grants/{id}/review/``.
    """

    serializer_class = BreakGlassGrantSerializer
    required_permissions = {
        "list": ("oversight.view_breakglassgrant",),
        "retrieve": ("oversight.view_breakglassgrant",),
        "create": ("oversight.break_glass", "residents.view_resident"),
        "review": ("oversight.view_breakglassgrant", "oversight.add_breakglassreview"),
    }

    def get_queryset(self):
        qs = (
            BreakGlassGrant.objects.visible_for(self.request.user)
            .with_review_status()
            .select_related("user")
            .prefetch_related(
                Prefetch(
                    "reviews",
                    queryset=BreakGlassReview.objects.select_related("reviewer").order_by(
                        "reviewed_at", "id"
                    ),
                )
            )
            .order_by("-granted_at", "-id")
        )
        params = self.request.query_params
        wanted = params.get("status", "")
        if wanted == "open":
            qs = qs.filter(review_status__in=list(OPEN_STATUSES))
        elif wanted in ReviewStatus.values:
            qs = qs.filter(review_status=wanted)
        if params.get("user"):
            qs = qs.filter(user__username=params["user"])
        return qs

    def create(self, request, *args, **kwargs):
        payload = BreakGlassRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        grant = services.break_glass(actor=request.user, request=request, **payload.validated_data)
        return Response(BreakGlassCreatedSerializer(grant).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReviewRequestSerializer, responses={201: BreakGlassReviewSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """Append a review: justified, not justified or needs follow-up (with a note)."""
        grant = self.get_object()
        payload = ReviewRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        review = services.review_grant(actor=request.user, grant=grant, **payload.validated_data)
        return Response(BreakGlassReviewSerializer(review).data, status=status.HTTP_201_CREATED)
