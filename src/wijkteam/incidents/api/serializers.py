"""Serializers of the incident API. They check the shape of the data; the rules are in the
services, whose Dutch messages reach the client as a 400.

A resident or household named on an incident is only shown to callers who may see it
(``visible_resident_ids`` / ``visible_household_ids`` in the serializer context); anyone else
gets ``null`` and ``resident_hidden: true``.
"""

from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wijkteam.incidents import ladder
from wijkteam.incidents.choices import AftercareOutcome
from wijkteam.incidents.models import Calamity, FollowUpAction, Incident
from wijkteam.incidents.workflow import (
    CALAMITY_DECISION_CHOICES,
    CALAMITY_REPORT_CHOICES,
    IncidentState,
)

RESIDENT_UNKNOWN = _("There is no resident with this number in your files.")
HOUSEHOLD_UNKNOWN = _("There is no household with this number in your files.")


class _ScopedField(serializers.PrimaryKeyRelatedField):
    """An id the caller may see; any other id is refused as unknown (no existence leak)."""

    def scoped_queryset(self, user):
        raise NotImplementedError

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.scoped_queryset(None)
        return self.scoped_queryset(request.user)


class VisibleResidentField(_ScopedField):
    default_error_messages = {
        "does_not_exist": RESIDENT_UNKNOWN,
        "incorrect_type": RESIDENT_UNKNOWN,
    }

    def scoped_queryset(self, user):
        from wijkteam.residents.models import Resident

        return Resident.objects.visible_for(user) if user else Resident.objects.none()


class VisibleHouseholdField(_ScopedField):
    default_error_messages = {
        "does_not_exist": HOUSEHOLD_UNKNOWN,
        "incorrect_type": HOUSEHOLD_UNKNOWN,
    }

    def scoped_queryset(self, user):
        from wijkteam.residents.models import Household

        return Household.objects.visible_for(user) if user else Household.objects.none()


class VisibleStaffField(_ScopedField):
    default_error_messages = {
        "does_not_exist": _("You can only name colleagues of your own teams."),
    }

    def scoped_queryset(self, user):
        from wijkteam.accounts.models import User

        return (
            User.objects.visible_for(user).filter(is_active=True) if user else User.objects.none()
        )


class VisibleIncidentField(_ScopedField):
    default_error_messages = {"does_not_exist": _("Unknown incident.")}

    def scoped_queryset(self, user):
        return Incident.objects.visible_for(user) if user else Incident.objects.none()


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
        "example": "14:30",
        "description": "Local time of day (Europe/Amsterdam), HH:MM.",
    }
)
class LocalTimeField(serializers.TimeField):
    """A wall-clock time without offset: OpenAPI's ``format: time`` demands one."""

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%H:%M")
        super().__init__(**kwargs)


class CalamitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Calamity
        fields = [
            "state",
            "flagged_on",
            "flag_reason",
            "decided_on",
            "decision_reason",
            "report_due_on",
            "reported_on",
            "reported_to",
            "reference",
            "investigation_done_on",
            "investigation_summary",
            "closed_on",
            "version",
        ]
        read_only_fields = fields


INCIDENT_FIELDS = [
    "id",
    "occurred_on",
    "occurred_time",
    "location_kind",
    "location",
    "team",
    "kind",
    "category",
    "category_description",
    "staff_involved",
    "resident",
    "resident_hidden",
    "household",
    "household_hidden",
    "third_party",
    "description",
    "immediate_measures",
    "police_involved",
    "ambulance_involved",
    "reporter",
    "reported_at",
    "state",
    "aftercare_due_on",
    "aftercare_planned_on",
    "aftercare_done_on",
    "aftercare_outcome",
    "aftercare_note",
    "closed_on",
    "calamity",
    "version",
]
READ_ONLY = [
    "reporter",
    "reported_at",
    "state",
    "aftercare_due_on",
    "aftercare_planned_on",
    "aftercare_done_on",
    "aftercare_outcome",
    "aftercare_note",
    "closed_on",
]


class IncidentSerializer(serializers.ModelSerializer):
    """An incident report. The state changes only through ``POST /incidents/{id}/transition/``,
    the calamity procedure through ``calamity-decision`` and ``calamity-report``."""

    occurred_time = LocalTimeField()
    category = serializers.ChoiceField(choices=ladder.CATEGORY_CHOICES)
    aftercare_outcome = serializers.ChoiceField(
        choices=AftercareOutcome.choices, allow_blank=True, read_only=True
    )
    category_description = serializers.SerializerMethodField()
    staff_involved = VisibleStaffField(many=True, required=False)
    resident = VisibleResidentField(required=False, allow_null=True)
    household = VisibleHouseholdField(required=False, allow_null=True)
    resident_hidden = serializers.SerializerMethodField()
    household_hidden = serializers.SerializerMethodField()
    calamity = serializers.SerializerMethodField()
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = Incident
        fields = INCIDENT_FIELDS
        read_only_fields = READ_ONLY

    def get_category_description(self, obj) -> str:
        return str(ladder.description(obj.category))

    def _hidden(self, obj, field: str, key: str) -> bool:
        value = getattr(obj, f"{field}_id")
        return bool(value) and value not in self.context.get(key, set())

    def get_resident_hidden(self, obj) -> bool:
        return self._hidden(obj, "resident", "visible_resident_ids")

    def get_household_hidden(self, obj) -> bool:
        return self._hidden(obj, "household", "visible_household_ids")

    @extend_schema_field(CalamitySerializer(allow_null=True))
    def get_calamity(self, obj):
        request = self.context.get("request")
        if request is None or not request.user.has_perm("incidents.view_calamity"):
            return None
        calamity = getattr(obj, "calamity", None)  # None when there is no procedure
        return CalamitySerializer(calamity).data if calamity is not None else None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if data.get("resident_hidden"):
            data["resident"] = None
        if data.get("household_hidden"):
            data["household"] = None
        return data


class IncidentUpdateSerializer(IncidentSerializer):
    """Corrections to a report. The team is fixed; send the ``version`` you read."""

    version = serializers.IntegerField(
        help_text=_("The version you read; a stale version is refused.")
    )

    class Meta(IncidentSerializer.Meta):
        read_only_fields = [*READ_ONLY, "team"]


class IncidentTransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=IncidentState.choices)
    on = serializers.DateField(
        required=False,
        help_text=_("Date of the conversation or of the closing; today if left out."),
    )
    planned_on = serializers.DateField(
        required=False, help_text=_("Date of the planned aftercare conversation.")
    )
    outcome = serializers.ChoiceField(choices=AftercareOutcome.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    version = serializers.IntegerField(
        required=False, help_text=_("When given, a change of the incident since then is refused.")
    )


class CalamityDecisionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(
        choices=CALAMITY_DECISION_CHOICES,
        help_text=_("to_assess flags the incident (or assesses it again)."),
    )
    on = serializers.DateField(required=False, help_text=_("Date of the decision; today."))
    reason = serializers.CharField(max_length=2000)
    version = serializers.IntegerField(required=False)


class CalamityReportSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=CALAMITY_REPORT_CHOICES)
    on = serializers.DateField(required=False)
    reported_to = serializers.CharField(required=False, allow_blank=True, max_length=200)
    reference = serializers.CharField(required=False, allow_blank=True, max_length=100)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    version = serializers.IntegerField(required=False)


class FollowUpActionSerializer(serializers.ModelSerializer):
    incident = VisibleIncidentField()
    owner = VisibleStaffField()
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = FollowUpAction
        fields = [
            "id",
            "incident",
            "description",
            "owner",
            "due_on",
            "done_on",
            "result",
            "created_by",
            "created_at",
            "version",
        ]
        read_only_fields = ["done_on", "result", "created_by", "created_at"]


class FollowUpDoneSerializer(serializers.Serializer):
    done_on = serializers.DateField()
    result = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    version = serializers.IntegerField(help_text=_("The version you read."))
