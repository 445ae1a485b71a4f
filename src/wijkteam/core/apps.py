from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "wijkteam.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from wijkteam.core import checks  # noqa: F401
