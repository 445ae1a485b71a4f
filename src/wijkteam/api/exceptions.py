"""One place that turns a service's Django ValidationError into an API 400.

Services validate and raise ``django.core.exceptions.ValidationError`` with Dutch messages;
viewsets call them without wrapping, and this handler answers 400 with those messages.
DRF's own English-only details (the JSON parser's error text, the throttle's wait, the model
name in a 404) are replaced by DRF's translated default messages (found by
tests/security/test_hostile_api.py).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404

from rest_framework.exceptions import NotFound, ParseError, Throttled
from rest_framework.views import exception_handler as drf_exception_handler

from wijkteam.api.mixins import django_to_drf


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = django_to_drf(exc)
    elif isinstance(exc, ParseError) and getattr(exc.detail, "code", "") == "parse_error":
        exc = ParseError()  # "JSON parse error - <Python's English message>" otherwise
    elif isinstance(exc, Http404):
        exc = NotFound()  # Django's "No Resident matches the given query." is English
    elif isinstance(exc, Throttled):
        wait = exc.wait
        exc = Throttled()  # the "available in N seconds" sentence has no Dutch translation
        exc.wait = wait  # still sent as the Retry-After header
    return drf_exception_handler(exc, context)
