"""Viewsets of this app for the /api/v1/ router: (prefix, viewset, basename)."""

ROUTES: list[tuple] = []
