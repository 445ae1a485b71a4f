"""Viewsets of this app for the /api/v1/ router: (prefix, viewset, basename)."""

from wijkteam.breaches.api.viewsets import DataBreachViewSet

ROUTES: list[tuple] = [("breaches", DataBreachViewSet, "breach")]
