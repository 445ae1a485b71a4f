from rest_framework.exceptions import ValidationError as DRFValidationError

from wijkteam.core.accesslog import record_access
from wijkteam.core.models import AccessAction, AccessChannel


class AccessLoggedViewSetMixin:
    """Write the access log for every resident a list or detail response contains."""

    access_context = "API"

    def resident_ids(self, objects) -> list[int]:
        return [obj.pk for obj in objects]

    def log_access(self, objects, action):
        record_access(
            user=self.request.user,
            resident_ids=self.resident_ids(objects),
            action=action,
            channel=AccessChannel.API,
            context=self.access_context,
            request=self.request,
        )

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        objects = page if page is not None else list(queryset)
        self.log_access(objects, AccessAction.LIST)
        serializer = self.get_serializer(objects, many=True)
        if page is not None:
            return self.get_paginated_response(serializer.data)
        from rest_framework.response import Response

        return Response(serializer.data)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        self.log_access([instance], AccessAction.VIEW)
        from rest_framework.response import Response

        return Response(self.get_serializer(instance).data)


def require_version(value) -> int:
    """The version the client read; required on every update to detect concurrent edits."""
    from django.utils.translation import gettext as _

    if value is None or not str(value).isdigit():
        raise DRFValidationError(
            {"version": [_("Send the version you read, so a concurrent change can be detected.")]}
        )
    return int(value)


def django_to_drf(exc):
    """Turn a Django ValidationError from a service into a DRF 400 with the Dutch messages."""
    if hasattr(exc, "message_dict"):
        return DRFValidationError(exc.message_dict)
    return DRFValidationError({"non_field_errors": exc.messages})
