"""Serializers of the break-the-glass API. They check the shape; the rules are in the services,
whose Dutch messages reach the client as a 400."""

from django.utils.translation import gettext_lazy as _

from rest_framework import serializers

from wijkteam.oversight.choices import BreakGlassCategory
from wijkteam.oversight.models import BreakGlassGrant, BreakGlassReview
from wijkteam.oversight.workflow import OUTCOME_CHOICES, ReviewStatus


class BreakGlassReviewSerializer(serializers.ModelSerializer):
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = BreakGlassReview
        fields = ["id", "status_before", "outcome", "note", "reviewer", "reviewed_at"]
        read_only_fields = fields


class BreakGlassGrantSerializer(serializers.ModelSerializer):
    """A break-the-glass with its current review status and review history."""

    user = serializers.SlugRelatedField(slug_field="username", read_only=True)
    review_status = serializers.ChoiceField(
        choices=ReviewStatus.choices,
        read_only=True,
        help_text=_("The outcome of the latest review, or “unreviewed”."),
    )
    reviews = BreakGlassReviewSerializer(many=True, read_only=True)

    class Meta:
        model = BreakGlassGrant
        fields = [
            "id",
            "user",
            "resident_id",
            "resident_team",
            "lookup_kind",
            "category",
            "reason",
            "granted_at",
            "expires_at",
            "review_due_on",
            "review_status",
            "reviews",
        ]
        read_only_fields = fields


class BreakGlassRequestSerializer(serializers.Serializer):
    """Open a file outside the own teams: an exact term, a category and a reason."""

    term = serializers.CharField(
        max_length=100,
        help_text=_("The complete BSN, or the full name with the date of birth (dd-mm-yyyy)."),
    )
    category = serializers.ChoiceField(choices=BreakGlassCategory.choices)
    reason = serializers.CharField(max_length=2000, help_text=_("At least 20 characters."))


class BreakGlassCreatedSerializer(serializers.ModelSerializer):
    """What the worker gets back: the resident they may now open, and until when."""

    class Meta:
        model = BreakGlassGrant
        fields = ["id", "resident_id", "category", "granted_at", "expires_at"]
        read_only_fields = fields


class ReviewRequestSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=OUTCOME_CHOICES)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)
