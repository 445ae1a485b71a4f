"""The quality app stores nothing: it reads the registers. This unmanaged model only carries
the permissions of the quality overview (no table is created)."""

from django.db import models


class QualityOverview(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_quality_overview", "Can see the quality overview (aggregates)"),
            (
                "view_unsuppressed_figures",
                "Can see the quality figures without small-number suppression",
            ),
            ("view_all_teams_figures", "Can see the quality figures of every team"),
        ]

    def __str__(self):
        return "quality overview"
