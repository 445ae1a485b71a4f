from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles_after_migrate(sender, **kwargs):
    from wijkteam.accounts.roles import sync_roles

    sync_roles(using=kwargs.get("using", "default"))


class AccountsConfig(AppConfig):
    name = "wijkteam.accounts"
    label = "accounts"
    verbose_name = _("Staff and accounts")

    def ready(self):
        from auditlog.registry import auditlog

        from wijkteam.accounts import models, signals  # noqa: F401

        auditlog.register(
            models.User,
            exclude_fields=["password", "last_login"],
            m2m_fields={"groups"},
        )
        auditlog.register(models.TeamMembership)
        # Roles are data; they are kept in step with accounts/roles.py after every migrate.
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="wijkteam_sync_roles")
