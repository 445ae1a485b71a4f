"""Viewsets of this app for the /api/v1/ router: (prefix, viewset, basename)."""

from wijkteam.quality.api.viewsets import QualityFiguresViewSet

ROUTES: list[tuple] = [("quality-figures", QualityFiguresViewSet, "quality-figures")]
