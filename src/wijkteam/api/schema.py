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
