from django.utils.translation import gettext as _

from rest_framework import serializers

from wijkteam.residents.models import Consent, Household, HouseholdMember, Resident


class ResidentSerializer(serializers.ModelSerializer):
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True)

    class Meta:
        model = Resident
        fields = [
            "id",
            "first_name",
            "name_prefix",
            "last_name",
            "date_of_birth",
            "bsn",
            "street",
            "house_number",
            "postcode",
            "city",
            "area",
            "phone",
            "email",
            "preferred_language",
            "interpreter_needed",
            "team",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["created_at", "updated_at", "version"]

    def validate_postcode(self, value):
        return (value or "").replace(" ", "").upper()

    def validate_bsn(self, value):
        return value or None


class ConsentSerializer(serializers.ModelSerializer):
    is_in_force = serializers.BooleanField(read_only=True)

    class Meta:
        model = Consent
        fields = [
            "id",
            "resident",
            "purpose",
            "partner",
            "scope",
            "given_on",
            "recorded_by",
            "recorded_at",
            "withdrawn_on",
            "withdrawn_by",
            "withdrawal_note",
            "is_in_force",
        ]
        read_only_fields = [
            "recorded_by",
            "recorded_at",
            "withdrawn_on",
            "withdrawn_by",
            "withdrawal_note",
            "is_in_force",
        ]

    def validate_resident(self, value):
        from wijkteam.residents.models import Resident

        user = self.context["request"].user
        if not Resident.objects.visible_for(user).filter(pk=value.pk).exists():
            raise serializers.ValidationError(
                _("This resident does not exist or is outside your teams.")
            )
        return value


class ConsentWithdrawSerializer(serializers.Serializer):
    withdrawn_on = serializers.DateField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class HouseholdMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = HouseholdMember
        fields = ["resident", "relation"]
        read_only_fields = fields


class HouseholdSerializer(serializers.ModelSerializer):
    members = HouseholdMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Household
        fields = ["id", "name", "team", "coordinator", "members", "created_at", "version"]
        read_only_fields = fields
