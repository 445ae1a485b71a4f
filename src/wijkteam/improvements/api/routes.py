"""Viewsets of this app for the /api/v1/ router: (prefix, viewset, basename)."""

from wijkteam.improvements.api.viewsets import ImprovementActionViewSet, ImprovementPlanViewSet

ROUTES: list[tuple] = [
    ("improvement-plans", ImprovementPlanViewSet, "improvement-plan"),
    ("improvement-actions", ImprovementActionViewSet, "improvement-action"),
]
