"""Support cases (ondersteuningsvragen): the unit the 2019 caseload figures count.

The foundation keeps the case small (who, which team, which law, when); the support-cycle
issue adds the workflow, plans, goals and deadlines on top of it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.support.choices import LegalFramework
from wijkteam.support.querysets import SupportCaseQuerySet


class SupportCase(models.Model):
    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("resident"),
    )
    household = models.ForeignKey(
        "residents.Household",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("household"),
    )
    team = models.ForeignKey(
        "organisation.Team",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("team"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_cases",
        verbose_name=_("coordinating worker"),
    )
    legal_framework = models.CharField(
        _("legal framework"), max_length=10, choices=LegalFramework.choices
    )
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = SupportCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("support case")
        verbose_name_plural = _("support cases")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(
                fields=["team", "-received_on"],
                name="case_open_team_received",
                condition=models.Q(closed_on__isnull=True),
            ),
            models.Index(fields=["team", "-received_on"], name="case_team_received"),
            models.Index(fields=["coordinator", "closed_on"], name="case_coordinator_closed"),
        ]

    def __str__(self):
        return f"{self.get_legal_framework_display()} {self.received_on:%d-%m-%Y}"

    def clean(self):
        super().clean()
        if self.closed_on and self.received_on and self.closed_on < self.received_on:
            raise ValidationError(
                {"closed_on": _("A case cannot close before it was received.")},
                code="closed_before_received",
            )
