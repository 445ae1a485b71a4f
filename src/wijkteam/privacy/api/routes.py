"""Viewsets of this app for the /api/v1/ router: (prefix, viewset, basename)."""

from wijkteam.privacy.api.viewsets import MonitoringExportViewSet

ROUTES: list[tuple] = [
    ("monitoring-export", MonitoringExportViewSet, "monitoring-export"),
]
