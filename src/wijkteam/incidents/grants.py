"""Permissions this app adds to each role (see accounts/roles.py), keyed by role slug."""

GRANTS: dict[str, tuple[str, ...]] = {}
