"""Viewsets of this app for the /api/v1/ router: (prefix, viewset, basename)."""

from wijkteam.complaints.api.viewsets import ComplaintViewSet

ROUTES: list[tuple] = [("complaints", ComplaintViewSet, "complaint")]
