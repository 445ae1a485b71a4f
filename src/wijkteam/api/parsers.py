"""Request parsers of the API."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.serializers import Serializer


class ObjectJSONParser(JSONParser):
    """A JSON request body must be an object.

    Viewsets read ``request.data.get("version")`` before their serializer runs; a list or a
    bare string there was a server error (found by tests/security/test_hostile_api.py). The
    refusal reuses DRF's translated message for a body that is not a dictionary.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            message = Serializer.default_error_messages["invalid"]
            raise ParseError(str(message).format(datatype=type(data).__name__), code="invalid")
        return data
