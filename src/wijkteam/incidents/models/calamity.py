"""The calamity procedure of an incident."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.incidents.querysets import CalamityQuerySet
from wijkteam.incidents.workflow import CalamityState


class Calamity(models.Model):
    """The calamity procedure of one incident, from the flag to the closed investigation.

    Created when the incident is flagged as a possible calamity (categories 5 and 6 at once,
    others by a quality officer); the report deadline is stored when it is decided to be one.
    """

    incident = models.OneToOneField(
        "incidents.Incident",
        on_delete=models.PROTECT,
        related_name="calamity",
        verbose_name=_("incident"),
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=CalamityState.choices,
        default=CalamityState.TO_ASSESS,
        editable=False,
    )
    flagged_on = models.DateField(_("flagged on"), editable=False)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("flagged by"),
        editable=False,
    )
    flag_reason = models.TextField(_("why flagged"), editable=False)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
        editable=False,
    )
    decision_reason = models.TextField(_("reason of the decision"), blank=True, editable=False)
    report_due_on = models.DateField(_("report due on"), null=True, blank=True, editable=False)
    report_computed_with = models.CharField(
        _("report deadline computed with"), max_length=200, blank=True, editable=False
    )
    reported_on = models.DateField(_("reported on"), null=True, blank=True, editable=False)
    reported_to = models.CharField(_("reported to"), max_length=200, blank=True, editable=False)
    reference = models.CharField(_("reference"), max_length=100, blank=True, editable=False)
    investigation_done_on = models.DateField(
        _("investigation done on"), null=True, blank=True, editable=False
    )
    investigation_summary = models.TextField(_("investigation summary"), blank=True, editable=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CalamityQuerySet.as_manager()

    class Meta:
        verbose_name = _("calamity procedure")
        verbose_name_plural = _("calamity procedures")
        ordering = ["-flagged_on", "-id"]
        indexes = [
            models.Index(
                fields=["report_due_on"],
                name="calamity_to_report_due",
                condition=Q(state=CalamityState.CALAMITY),
            ),
            models.Index(
                fields=["flagged_on"],
                name="calamity_to_assess",
                condition=Q(state=CalamityState.TO_ASSESS),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    state__in=[CalamityState.TO_ASSESS, CalamityState.NOT_CALAMITY],
                    report_due_on__isnull=True,
                )
                | (
                    ~Q(state__in=[CalamityState.TO_ASSESS, CalamityState.NOT_CALAMITY])
                    & Q(report_due_on__isnull=False)
                ),
                name="calamity_report_due_iff_calamity",
                violation_error_message=_("A calamity has a report deadline, nothing else has."),
            ),
            models.CheckConstraint(
                condition=Q(
                    state__in=[
                        CalamityState.TO_ASSESS,
                        CalamityState.NOT_CALAMITY,
                        CalamityState.CALAMITY,
                    ],
                    reported_on__isnull=True,
                )
                | (
                    Q(
                        state__in=[
                            CalamityState.REPORTED,
                            CalamityState.INVESTIGATED,
                            CalamityState.CLOSED,
                        ]
                    )
                    & Q(reported_on__isnull=False)
                ),
                name="calamity_reported_on_iff_reported",
                violation_error_message=_("The report date is recorded exactly when reported."),
            ),
        ]

    def __str__(self):
        return f"{self.get_state_display()} ({self.incident_id})"

    @property
    def is_open(self) -> bool:
        from wijkteam.incidents.workflow import CALAMITY_OPEN_STATES

        return self.state in CALAMITY_OPEN_STATES

    def report_status(self, on=None) -> str:
        on = on or timezone.localdate()
        if self.report_due_on is None:
            return ""
        if self.reported_on:
            return "met" if self.reported_on <= self.report_due_on else "met_late"
        return "overdue" if self.report_due_on < on else "due_soon"
