"""Cross-cutting records: the access log (NEN 7513) and sign-in events.

Both tables are append-only: the model refuses updates and deletes, and a database
trigger (migration 0002) refuses them for any client, including raw SQL.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} is append-only")


class AccessAction(models.TextChoices):
    VIEW = "view", _("Viewed a file")
    LIST = "list", _("Shown in a list")
    SEARCH = "search", _("Found by a search")
    EXPORT = "export", _("Exported")


class AccessChannel(models.TextChoices):
    UI = "ui", _("Web interface")
    API = "api", _("API")
    COMMAND = "command", _("Command")


class AccessLogEntry(AppendOnlyModel):
    """One read of one resident's data: who, whom, when and in what context."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="access_log_entries",
        verbose_name=_("who"),
    )
    # Not a foreign key: the entry must outlive the resident (retention, NEN 7513).
    resident_id = models.BigIntegerField(_("whom (resident number)"))
    action = models.CharField(_("action"), max_length=16, choices=AccessAction.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=AccessChannel.choices)
    context = models.CharField(_("context"), max_length=200)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    path = models.CharField(_("address"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["resident_id", "-at"], name="accesslog_resident_at"),
            models.Index(fields=["user", "-at"], name="accesslog_user_at"),
        ]
        permissions = [
            ("view_audit_trail", "Can search the audit trail"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} -> {self.resident_id} ({self.action})"


class AuthEventKind(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOGOUT = "logout", _("Signed out")
    LOGOUT_ALL = "logout_all", _("Signed out everywhere")
    UNLOCK = "unlock", _("Unlocked after failed sign-ins")
    OTP_VERIFIED = "otp_verified", _("Two-step verification passed")
    OTP_RECOVERY = "otp_recovery", _("Signed in with a recovery code")
    OTP_FAILED = "otp_failed", _("Wrong verification code")
    OTP_ENROLLED = "otp_enrolled", _("Two-step verification set up")
    OTP_CODES = "otp_codes", _("New recovery codes made")
    OTP_RESET = "otp_reset", _("Two-step verification reset")


class AuthEvent(AppendOnlyModel):
    """Sign-in, failed sign-in and sign-out, for security monitoring."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=16, choices=AuthEventKind.choices)
    username = models.CharField(_("user name"), max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="auth_events",
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("sign-in event")
        verbose_name_plural = _("sign-in events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["username", "-at"], name="authevent_username_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.username}"
