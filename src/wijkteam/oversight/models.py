"""Break-the-glass (noodtoegang): opening a resident's file outside the own teams, for a reason,
for a limited time, and its review by quality staff.

Both tables are logs: append-only in the model, the QuerySet and (by trigger, migration 0001)
the database. A grant's current review status is the outcome of its latest review.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.core.models import AppendOnlyModel
from wijkteam.oversight.choices import BreakGlassCategory, LookupKind
from wijkteam.oversight.querysets import BreakGlassGrantQuerySet, BreakGlassReviewQuerySet
from wijkteam.oversight.workflow import OUTCOME_CHOICES, ReviewStatus

MIN_REASON_LENGTH = 20


class BreakGlassGrant(AppendOnlyModel):
    """One break-the-glass: who opened which file outside their teams, why, and until when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="break_glass_grants",
        verbose_name=_("staff member"),
    )
    # Not a foreign key, like the access log: the record must outlive the resident's file.
    resident_id = models.BigIntegerField(_("resident number"))
    resident_team = models.ForeignKey(
        "organisation.Team",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("team holding the file"),
    )
    lookup_kind = models.CharField(
        _("found by"), max_length=16, choices=LookupKind.choices, editable=False
    )
    category = models.CharField(
        _("reason category"), max_length=20, choices=BreakGlassCategory.choices
    )
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("opened at"), default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(_("access until"))
    review_due_on = models.DateField(_("review due on"), editable=False)

    objects = BreakGlassGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("break-the-glass")
        verbose_name_plural = _("break-the-glass grants")
        ordering = ["-granted_at", "-id"]
        indexes = [
            # The resident scope asks: does this user have an active grant for this resident?
            models.Index(fields=["user", "resident_id", "expires_at"], name="breakglass_scope"),
            models.Index(fields=["resident_id", "granted_at"], name="breakglass_resident"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("granted_at")),
                name="breakglass_expires_after_grant",
            )
        ]
        permissions = [
            (
                "break_glass",
                "Can open a resident's file outside the own teams, with a reason (break-the-glass)",
            ),
            ("view_access_review", "Can see the report of unusual access to residents' files"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.user_id} -> {self.resident_id} ({self.granted_at:%Y-%m-%d %H:%M})"

    def clean(self):
        super().clean()
        errors = {}
        if len((self.reason or "").strip()) < MIN_REASON_LENGTH:
            errors["reason"] = ValidationError(
                _(
                    "Describe the reason in at least %(min)d characters: what is going on and "
                    "why you need this file now."
                )
                % {"min": MIN_REASON_LENGTH},
                code="reason_too_short",
            )
        if self.granted_at and self.expires_at and self.expires_at <= self.granted_at:
            errors["expires_at"] = ValidationError(
                _("The access must end after it starts."), code="expires_before_grant"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def review_status_label(self) -> str:
        """The label of ``review_status`` (annotated by ``with_review_status``)."""
        return ReviewStatus(getattr(self, "review_status", ReviewStatus.UNREVIEWED)).label

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.granted_at <= now < self.expires_at


class BreakGlassReview(AppendOnlyModel):
    """One review of a grant by a quality officer: never changed, a later review follows it."""

    grant = models.ForeignKey(
        BreakGlassGrant,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("break-the-glass"),
    )
    status_before = models.CharField(
        _("status before"), max_length=20, choices=ReviewStatus.choices, editable=False
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=OUTCOME_CHOICES)
    note = models.TextField(_("note"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now)

    objects = BreakGlassReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("break-the-glass review")
        verbose_name_plural = _("break-the-glass reviews")
        ordering = ["reviewed_at", "id"]
        indexes = [models.Index(fields=["grant", "-reviewed_at"], name="breakglass_review_latest")]

    def __str__(self):
        return f"{self.grant_id} {self.outcome} ({self.reviewed_at:%Y-%m-%d})"
