"""System checks for settings that only make sense together."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_small_number_threshold(app_configs, **kwargs):
    """Aggregates for the municipality suppress small counts; below 3 that protects nobody."""
    if settings.SMALL_NUMBER_THRESHOLD < 3:
        return [
            Error(
                "SMALL_NUMBER_THRESHOLD must be at least 3 to keep people unrecognisable "
                "in the municipality's figures.",
                id="wijkteam.E001",
            )
        ]
    return []
