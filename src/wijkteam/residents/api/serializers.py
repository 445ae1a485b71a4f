from rest_framework import serializers

from wijkteam.residents.models import Resident
from wijkteam.support.models import SupportCase


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


class SupportCaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupportCase
        fields = [
            "id",
            "resident",
            "household",
            "team",
            "coordinator",
            "legal_framework",
            "received_on",
            "closed_on",
        ]
        read_only_fields = fields
