from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "wijkteam.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.models.signals import post_migrate

        from wijkteam.core import checks, lookups  # noqa: F401
        from wijkteam.core.schedules import ensure_schedules

        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="wijkteam-schedules")
