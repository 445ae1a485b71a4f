from django.db import models


class AggregateAccess(models.Model):
    """Holds the permission to see aggregated figures; no table behind it."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_aggregates", "Can see aggregated figures"),
            (
                "view_internal_figures",
                "Can see figures over all residents, not only those who consented to sharing "
                "with the municipality",
            ),
        ]

    def __str__(self):
        return "aggregate access"
