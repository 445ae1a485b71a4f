from rest_framework import serializers

from wijkteam.accounts.models import TeamMembership, User


class MembershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = TeamMembership
        fields = ["team", "start_date", "end_date", "is_manager"]


class StaffSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "name_prefix",
            "last_name",
            "function",
            "fte",
            "employment_start",
            "employment_end",
            "is_active",
            "roles",
            "memberships",
        ]
        read_only_fields = fields

    def get_roles(self, obj) -> list[str]:
        return [group.name for group in obj.groups.all()]


class MeSerializer(StaffSerializer):
    permissions = serializers.SerializerMethodField()

    class Meta(StaffSerializer.Meta):
        fields = [*StaffSerializer.Meta.fields, "permissions"]
        read_only_fields = fields

    def get_permissions(self, obj) -> list[str]:
        return sorted(obj.get_all_permissions())
