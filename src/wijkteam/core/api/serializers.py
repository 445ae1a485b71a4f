from auditlog.models import LogEntry
from rest_framework import serializers

from wijkteam.core.models import AccessLogEntry


class AccessLogEntrySerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = AccessLogEntry
        fields = [
            "id",
            "at",
            "user",
            "username",
            "resident_id",
            "action",
            "channel",
            "context",
            "reason",
            "path",
            "ip_address",
        ]
        read_only_fields = fields


class AuditLogEntrySerializer(serializers.ModelSerializer):
    actor_username = serializers.CharField(
        source="actor.username", read_only=True, default=None, allow_null=True
    )
    model = serializers.CharField(source="content_type.model", read_only=True)
    changes = serializers.JSONField(source="changes_dict", read_only=True)

    class Meta:
        model = LogEntry
        fields = [
            "id",
            "timestamp",
            "actor",
            "actor_username",
            "action",
            "model",
            "object_pk",
            "object_repr",
            "changes",
            "remote_addr",
        ]
        read_only_fields = fields
