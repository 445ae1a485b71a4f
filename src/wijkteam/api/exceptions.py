"""One place that turns a service's Django ValidationError into an API 400.

Services validate and raise ``django.core.exceptions.ValidationError`` with Dutch messages;
viewsets call them without wrapping, and this handler answers 400 with those messages.
"""

from django.core.exceptions import ValidationError as DjangoValidationError

from rest_framework.views import exception_handler as drf_exception_handler

from wijkteam.api.mixins import django_to_drf


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = django_to_drf(exc)
    return drf_exception_handler(exc, context)
