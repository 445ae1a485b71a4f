from rest_framework import serializers

from wijkteam.organisation.models import Area, Location, StaffFunction, Team


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "code", "name", "kind", "valid_from", "valid_to", "version"]
        read_only_fields = ["version"]


class TeamSerializer(serializers.ModelSerializer):
    areas = serializers.PrimaryKeyRelatedField(many=True, queryset=Area.objects.all())
    predecessors = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Team
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "areas",
            "predecessors",
            "description",
            "valid_from",
            "valid_to",
            "version",
        ]
        read_only_fields = ["version"]


class LocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Location
        fields = [
            "id",
            "name",
            "kind",
            "status",
            "area",
            "address",
            "place",
            "valid_from",
            "valid_to",
            "version",
        ]
        read_only_fields = ["version"]


class StaffFunctionSerializer(serializers.ModelSerializer):
    class Meta:
        model = StaffFunction
        fields = [
            "id",
            "code",
            "name",
            "level",
            "is_executive",
            "valid_from",
            "valid_to",
            "version",
        ]
        read_only_fields = ["version"]
