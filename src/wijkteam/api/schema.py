"""Schema post-processing: keep the committed OpenAPI file the same on every database.

Django adds range validators to integer fields from the database backend (SQLite allows
64-bit integers everywhere, PostgreSQL 16-bit for small integers), so the generated schema
would depend on where it is generated. Those limits are storage details, not the API
contract; the limits we do mean (scores 1-5, minutes > 0, ...) are explicit validators and stay.
"""

BACKEND_BOUNDS = {
    32767,
    -32768,
    2147483647,
    -2147483648,
    9223372036854775807,
    -9223372036854775808,
}


def _strip(node):
    if isinstance(node, dict):
        removed = False
        for key in ("maximum", "minimum"):
            if node.get(key) in BACKEND_BOUNDS:
                del node[key]
                removed = True
        if removed and node.get("format") == "int64":
            del node["format"]
        for value in node.values():
            _strip(value)
    elif isinstance(node, list):
        for value in node:
            _strip(value)


def drop_database_integer_limits(result, generator, request, public):
    _strip(result)
    return result


# DRF sends a time of day as "10:30:00" (local, no offset). JSON Schema's "time" format is
# RFC 3339's full-time, which needs an offset, so validators reject every real response
# (found by tests/security/test_openapi_conformance.py). Describe it as what it is.
LOCAL_TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$"


def _local_times(node):
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "time":
            del node["format"]
            node["pattern"] = LOCAL_TIME_PATTERN
        for value in node.values():
            _local_times(value)
    elif isinstance(node, list):
        for value in node:
            _local_times(value)


def describe_local_times(result, generator, request, public):
    _local_times(result)
    return result
