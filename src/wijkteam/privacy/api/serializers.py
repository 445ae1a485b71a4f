"""Serializers of the monitoring export: they describe the JSON (schema); the rows are
built by ``privacy.exports``."""

from rest_framework import serializers


class ExportQuerySerializer(serializers.Serializer):
    period_from = serializers.DateField(
        required=False, help_text="First day of the period (cases received); default 1 January"
    )
    period_to = serializers.DateField(
        required=False, help_text="Last day of the period (inclusive); default today"
    )


class ExportLifeDomainSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ExportRowSerializer(serializers.Serializer):
    resident_pseudonym = serializers.CharField(help_text="Keyed HMAC of the resident number")
    case_pseudonym = serializers.CharField(help_text="Keyed HMAC of the case number")
    age_band = serializers.CharField()
    area = serializers.CharField(help_text="Area code")
    team = serializers.CharField(help_text="Team code")
    legal_framework = serializers.CharField()
    received_month = serializers.CharField(help_text="YYYY-MM")
    closed_month = serializers.CharField(help_text="YYYY-MM, empty while open")
    state = serializers.CharField()
    closure_reason = serializers.CharField()
    goals_total = serializers.IntegerField()
    goals_by_life_domain = serializers.DictField(child=serializers.IntegerField())


class ExportPeriodSerializer(serializers.Serializer):
    # "from" is a keyword: declared through the fields dict below.
    to = serializers.DateField()


ExportPeriodSerializer._declared_fields["from"] = serializers.DateField()


class MonitoringExportSerializer(serializers.Serializer):
    generated_at = serializers.DateTimeField()
    period = ExportPeriodSerializer()
    small_number_threshold = serializers.IntegerField()
    quasi_identifiers = serializers.ListField(child=serializers.CharField())
    life_domains = ExportLifeDomainSerializer(many=True)
    rows = ExportRowSerializer(many=True)
