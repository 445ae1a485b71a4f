"""Template helpers for the audit trail."""

from django import template

register = template.Library()


@register.filter
def change_rows(entry) -> list[tuple[str, str, str]]:
    """(field, old, new) for every change of an audit entry.

    Iterating ``changes_dict.items`` in a template would look up a changed field called
    ``items`` first; and many-to-many changes are dicts, not [old, new] pairs.
    """
    rows = []
    for field, change in (entry.changes_dict or {}).items():
        if isinstance(change, dict):  # many-to-many: {"type", "operation", "objects"}
            objects = ", ".join(str(o) for o in change.get("objects", []))
            operation = change.get("operation", "")
            old, new = ("", objects) if operation == "add" else (objects, "")
        elif isinstance(change, list | tuple) and len(change) == 2:
            old, new = change
        else:
            old, new = "", str(change)
        rows.append((field, old, new))
    return rows
