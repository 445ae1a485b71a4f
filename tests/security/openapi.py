"""The OpenAPI schema of the running code, and how to find an operation for a URL."""

import re
from functools import lru_cache


@lru_cache(maxsize=1)
def current_schema() -> dict:
    """The schema drf-spectacular generates from the code now (not the committed file, which
    the drift test in src/wijkteam/api/tests compares separately)."""
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _template_regex(template: str) -> re.Pattern:
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile(
        "^" + "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "$"
    )


def find_operation(url: str, method: str) -> tuple[str, dict] | None:
    """(path template, operation) of the schema for a concrete URL and method."""
    for template, operations in current_schema()["paths"].items():
        if method.lower() in operations and _template_regex(template).match(url):
            return template, operations[method.lower()]
    return None


def resolve(node: dict) -> dict:
    """Follow $ref and merge allOf, so properties and enums can be read directly."""
    components = current_schema().get("components", {}).get("schemas", {})
    seen = 0
    while "$ref" in node and seen < 20:
        node = {
            **components[node["$ref"].rsplit("/", 1)[-1]],
            **{k: v for k, v in node.items() if k != "$ref"},
        }
        seen += 1
    if "allOf" in node:
        merged = {k: v for k, v in node.items() if k != "allOf"}
        for part in node["allOf"]:
            part = resolve(part)
            merged.setdefault("properties", {}).update(part.get("properties", {}))
            for key in ("type", "enum", "format"):
                if key in part:
                    merged.setdefault(key, part[key])
        node = merged
    return node


def enum_values(prop: dict) -> list | None:
    prop = resolve(prop)
    if "enum" in prop:
        return [v for v in prop["enum"] if v not in ("", None)] or None
    for key in ("oneOf", "anyOf"):
        if key in prop:
            values = [v for option in prop[key] for v in (enum_values(option) or [])]
            if values:
                return values
    return None


def request_properties(operation: dict) -> dict:
    content = operation.get("requestBody", {}).get("content", {})
    media = content.get("application/json") or next(iter(content.values()), None)
    if not media:
        return {}
    return {
        name: resolve(prop) for name, prop in resolve(media["schema"]).get("properties", {}).items()
    }


def query_parameters(operation: dict) -> list[str]:
    return [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]
