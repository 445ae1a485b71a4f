"""Viewsets of this app for the /api/v1/ router: (prefix, viewset, basename)."""

from wijkteam.oversight.api.viewsets import BreakGlassGrantViewSet

ROUTES: list[tuple] = [
    ("break-glass-grants", BreakGlassGrantViewSet, "break-glass-grant"),
]
