"""Staff accounts: one user per person, their function, FTE and team memberships."""

from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wijkteam.accounts.querysets import TeamMembershipQuerySet, WijkteamUserManager


class User(AbstractUser):
    """A staff member. Roles are Django groups (see accounts/roles.py)."""

    name_prefix = models.CharField(_("name prefix"), max_length=20, blank=True)
    function = models.ForeignKey(
        "organisation.StaffFunction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("function"),
    )
    fte = models.DecimalField(
        _("FTE"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1.5"))],
    )
    employment_start = models.DateField(_("employed from"), null=True, blank=True)
    employment_end = models.DateField(_("employed until"), null=True, blank=True)
    is_demo_account = models.BooleanField(default=False, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    # Part of the session hash: a new value ends every session of this user ("sign out
    # everywhere"), through the same check Django uses after a password change.
    session_token = models.CharField(max_length=32, blank=True, default="", editable=False)

    objects = WijkteamUserManager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["last_name", "first_name"]
        permissions = [
            ("view_all_staff", "Can see every staff member, not only the own teams"),
            ("reset_lockout", "Can unlock accounts and addresses locked after failed sign-ins"),
            ("reset_otp", "Can reset a staff member's two-step verification (lost phone)"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        parts = [self.first_name, self.name_prefix, self.last_name]
        name = " ".join(p for p in parts if p)
        return name or self.username

    def _get_session_auth_hash(self, secret=None):
        key_salt = "wijkteam.accounts.User.get_session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}|{self.session_token}", secret=secret, algorithm="sha256"
        ).hexdigest()

    def clean(self):
        super().clean()
        if (
            self.employment_end
            and self.employment_start
            and self.employment_end < self.employment_start
        ):
            raise ValidationError(
                {"employment_end": _("The end date cannot be before the start date.")},
                code="period_reversed",
            )

    @cached_property
    def _active_team_ids(self):
        return frozenset(self.memberships.active().values_list("team_id", flat=True))

    def active_team_ids(self):
        """Ids of the teams this person belongs to today (cached per request object)."""
        return self._active_team_ids

    @cached_property
    def role_names(self):
        return sorted(self.groups.values_list("name", flat=True))


class TeamMembership(models.Model):
    """A person's membership of a team over a period; a person can be in several teams."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("staff member")
    )
    team = models.ForeignKey(
        "organisation.Team",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("team"),
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    is_manager = models.BooleanField(_("manages the team"), default=False)

    objects = TeamMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        ordering = ["team__name", "-start_date"]
        indexes = [
            models.Index(fields=["user", "team"], name="membership_user_team"),
            models.Index(fields=["team", "end_date"], name="membership_team_end"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.team}"

    def clean(self):
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date cannot be before the start date.")},
                code="period_reversed",
            )
