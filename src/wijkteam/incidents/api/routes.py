"""Viewsets of this app for the /api/v1/ router: (prefix, viewset, basename)."""

from wijkteam.incidents.api.viewsets import FollowUpActionViewSet, IncidentViewSet

ROUTES: list[tuple] = [
    ("incidents", IncidentViewSet, "incident"),
    ("incident-follow-ups", FollowUpActionViewSet, "incident-followup"),
]
