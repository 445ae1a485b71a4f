"""Privacy: the rights of residents under the AVG (GDPR) and the retention of files.

This module is shared by two parts of the app:

* AVG rights (inzage, rectification, restriction of processing, minimised exports):
  ``InzageRequest``, ``RectificationRequest``, ``ProcessingRestriction``,
  ``MunicipalityExport`` (services in ``inzage.py``, ``rectification.py``,
  ``restriction.py``, ``exports.py``);
* retention (bewaartermijnen): the retention models further down.

Every write goes through the services; every model is registered with the audit log in
``apps.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.core.models import AppendOnlyModel
from wijkteam.privacy.querysets import (
    AppendOnlyQuerySet,
    InzageRequestQuerySet,
    ProcessingRestrictionQuerySet,
    RectificationRequestQuerySet,
    RectificationTransitionQuerySet,
)
from wijkteam.privacy.rectification_workflow import INITIAL_STATE, RectificationState

# --------------------------------------------------------------------------------------
# AVG rights (owned by the AVG-rights part of the app)
# --------------------------------------------------------------------------------------


class InzageRequest(models.Model):
    """One inzage (right of access, AVG art. 15) produced for a resident: who produced it,
    when, the two files (PDF for the resident, JSON machine-readable) and their SHA-256.

    The files are downloadable by the producer until ``available_until``; after that they
    are purged (``purged_at``) and only the metadata and hashes remain as evidence of what
    was handed over.
    """

    # SET_NULL: the record of what was handed over outlives an erased file (retention);
    # ``resident_number`` keeps the id, as the access log does.
    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inzage_requests",
        verbose_name=_("resident"),
    )
    resident_number = models.BigIntegerField(_("resident number"))
    team = models.ForeignKey(
        "organisation.Team",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("team holding the file"),
    )
    requested_on = models.DateField(
        _("requested on"),
        default=timezone.localdate,
        help_text=_("The date the resident asked for access."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("produced by"),
    )
    produced_at = models.DateTimeField(_("produced at"), default=timezone.now)
    available_until = models.DateTimeField(_("downloadable until"))
    pdf = models.BinaryField(_("PDF document"), editable=False)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, editable=False)
    pdf_size = models.PositiveIntegerField(_("size of the PDF (bytes)"), editable=False)
    json = models.BinaryField(_("JSON document"), editable=False)
    json_sha256 = models.CharField(_("SHA-256 of the JSON"), max_length=64, editable=False)
    json_size = models.PositiveIntegerField(_("size of the JSON (bytes)"), editable=False)
    purged_at = models.DateTimeField(_("files removed at"), null=True, blank=True)

    objects = InzageRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("inzage")
        verbose_name_plural = _("inzages")
        ordering = ["-produced_at", "-id"]
        indexes = [
            models.Index(fields=["resident", "-produced_at"], name="inzage_resident_at"),
            models.Index(fields=["produced_by", "-produced_at"], name="inzage_producer_at"),
            models.Index(
                fields=["available_until"],
                name="inzage_unpurged_until",
                condition=Q(purged_at__isnull=True),
            ),
        ]
        permissions = [
            ("produce_inzage", "Can produce an inzage (AVG art. 15) for a resident in scope"),
        ]

    def __str__(self):
        return f"Inzage {self.resident_number} {self.produced_at:%Y-%m-%d %H:%M}"

    def is_downloadable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.purged_at is None and now < self.available_until


class RectificationRequest(models.Model):
    """A resident's request to correct data (AVG art. 16): what is wrong, the correction
    asked for, and the decision (corrected or refused, with a reason)."""

    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.CASCADE,
        related_name="rectification_requests",
        verbose_name=_("resident"),
    )
    what_is_wrong = models.TextField(
        _("what is wrong"), help_text=_("Which data is incorrect, in the resident's words.")
    )
    requested_correction = models.TextField(
        _("requested correction"), blank=True, help_text=_("What it should be, if known.")
    )
    requested_on = models.DateField(_("requested on"), default=timezone.localdate)
    respond_by = models.DateField(
        _("respond by"),
        editable=False,
        help_text=_("One month after the request (AVG art. 12), stored when recorded."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=RectificationState.choices,
        default=INITIAL_STATE,
        editable=False,
    )
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
    decision_note = models.TextField(_("explanation of the decision"), blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RectificationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification request")
        verbose_name_plural = _("rectification requests")
        ordering = ["-requested_on", "-id"]
        indexes = [
            models.Index(fields=["resident", "-requested_on"], name="rectif_resident_req"),
            models.Index(
                fields=["respond_by"],
                name="rectif_open_respond_by",
                condition=Q(state="open"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="open", decided_on__isnull=True)
                | (~Q(state="open") & Q(decided_on__isnull=False)),
                name="rectif_decided_iff_not_open",
                violation_error_message=_("A request has a decision date exactly when decided."),
            ),
        ]
        permissions = [
            ("decide_rectificationrequest", "Can decide on a rectification request"),
        ]

    def __str__(self):
        return f"{self.resident_id}: {self.requested_on:%d-%m-%Y} ({self.state})"


class RectificationTransition(AppendOnlyModel):
    """One change of state of a rectification request. Never edited."""

    request = models.ForeignKey(
        RectificationRequest,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("rectification request"),
    )
    from_state = models.CharField(
        _("previous state"), max_length=20, choices=RectificationState.choices, blank=True
    )
    to_state = models.CharField(_("new state"), max_length=20, choices=RectificationState.choices)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = RectificationTransitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification state change")
        verbose_name_plural = _("rectification state changes")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["request", "at"], name="rectif_transition_at")]

    def __str__(self):
        return f"{self.request_id}: {self.from_state or '-'} -> {self.to_state}"


class ProcessingRestriction(models.Model):
    """One period of restriction of processing (AVG art. 18) of a resident's data.

    The current state is denormalised on ``Resident.processing_restricted`` (and since/
    reason/by) so that every report can filter on it; these rows are the history: when it
    started, why, by whom, and when and why it was lifted.
    """

    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.CASCADE,
        related_name="processing_restrictions",
        verbose_name=_("resident"),
    )
    reason = models.TextField(_("reason"))
    started_at = models.DateTimeField(_("restricted since"), default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("restricted by"),
    )
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
    )
    lift_reason = models.TextField(_("reason for lifting"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ProcessingRestrictionQuerySet.as_manager()

    class Meta:
        verbose_name = _("restriction of processing")
        verbose_name_plural = _("restrictions of processing")
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["resident", "-started_at"], name="restriction_resident_at"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["resident"],
                condition=Q(lifted_at__isnull=True),
                name="restriction_one_active",
                violation_error_message=_("Processing of this resident is already restricted."),
            ),
        ]
        permissions = [
            ("restrict_processing", "Can restrict and lift the processing of a resident's data"),
        ]

    def __str__(self):
        return f"{self.resident_id}: {self.started_at:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class MunicipalityExport(AppendOnlyModel):
    """A record of one export of pseudonymised monitoring data to the municipality: who,
    when, which period, how many rows, and the hash of what left the building. The data
    itself is not kept."""

    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("produced by"),
    )
    produced_at = models.DateTimeField(_("produced at"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=10)
    file_format = models.CharField(_("format"), max_length=10)
    period_from = models.DateField(_("received from"))
    period_to = models.DateField(_("received until"))
    row_count = models.PositiveIntegerField(_("rows"))
    suppressed_count = models.PositiveIntegerField(
        _("rows left out (small numbers)"),
        help_text=_("Cases left out because their group was smaller than the threshold."),
    )
    sha256 = models.CharField(_("SHA-256 of the export"), max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality export")
        verbose_name_plural = _("municipality exports")
        ordering = ["-produced_at", "-id"]
        indexes = [models.Index(fields=["-produced_at"], name="munexport_at")]
        permissions = [
            ("export_monitoring", "Can export pseudonymised monitoring data for the municipality"),
        ]

    def __str__(self):
        return f"{self.produced_at:%Y-%m-%d %H:%M} {self.file_format} ({self.row_count})"


# --------------------------------------------------------------------------------------
# Retention (owned by the retention part of the app): add models below this line.
# --------------------------------------------------------------------------------------

from wijkteam.privacy.retention_querysets import (  # noqa: E402 - the retention part's own reads
    LegalHoldQuerySet,
    RetentionRunItemQuerySet,
    RetentionRunQuerySet,
    RetentionTombstoneQuerySet,
)


class RetentionTrigger(models.TextChoices):
    SCHEDULE = "schedule", _("Daily schedule")
    COMMAND = "command", _("Command line")
    SCREEN = "screen", _("Button on the screen")


class RetentionRunState(models.TextChoices):
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")


class RetentionUnit(models.TextChoices):
    RESIDENT = "resident", _("Resident's file")
    CASE = "case", _("Support case")


class RetentionOutcome(models.TextChoices):
    ERASE_FILE = "erase_file", _("File erased")
    ANONYMISE_CASE = "anonymise_case", _("Case anonymised")
    KEPT_LEGAL_HOLD = "kept_legal_hold", _("Kept: legal hold")
    KEPT_RESTRICTED = "kept_restricted", _("Kept: processing restricted")


class TombstoneAction(models.TextChoices):
    ANONYMISED = "anonymised", _("Anonymised")
    DELETED = "deleted", _("Deleted")
    DETACHED = "detached", _("Link removed")


class RetentionRun(models.Model):
    """One run of the retention rules (bewaartermijnen), real or dry: when, on which
    reference date, by whom or what, and the counts per kind. Its items are the report."""

    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    reference_date = models.DateField(
        _("reference date"), help_text=_("Retention dates before this day have passed.")
    )
    dry_run = models.BooleanField(
        _("dry run"), default=False, help_text=_("Shows what would go; changes nothing.")
    )
    trigger = models.CharField(_("started by"), max_length=10, choices=RetentionTrigger.choices)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by (person)"),
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=RetentionRunState.choices,
        default=RetentionRunState.RUNNING,
    )
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = RetentionRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["-started_at"], name="retentionrun_started"),
            models.Index(fields=["dry_run", "-started_at"], name="retentionrun_dry_started"),
        ]
        permissions = [
            ("preview_retention", "Can start a dry run of the retention rules"),
            ("set_legal_hold", "Can place and lift a legal hold on a support case"),
        ]

    def __str__(self):
        kind = "dry run" if self.dry_run else "run"
        return f"Retention {kind} {self.pk} ({self.reference_date})"

    def count(self, key: str) -> int:
        return int(self.counts.get(key, 0))

    @property
    def erased_count(self) -> int:
        return self.count(RetentionOutcome.ERASE_FILE)

    @property
    def anonymised_count(self) -> int:
        return self.count(RetentionOutcome.ANONYMISE_CASE)

    @property
    def kept_count(self) -> int:
        return self.count(RetentionOutcome.KEPT_LEGAL_HOLD) + self.count(
            RetentionOutcome.KEPT_RESTRICTED
        )


class RetentionRunItem(AppendOnlyModel):
    """One line of a run's report: a resident's file or a support case that was (or, in a
    dry run, would be) erased or anonymised, or was kept because of a hold or restriction.
    Metadata only: numbers, team, framework, dates and counts; never a name."""

    run = models.ForeignKey(
        RetentionRun, on_delete=models.PROTECT, related_name="lines", verbose_name=_("run")
    )
    unit = models.CharField(_("kind"), max_length=10, choices=RetentionUnit.choices)
    object_id = models.BigIntegerField(_("number"))
    resident_number = models.BigIntegerField(_("resident number"))
    team = models.ForeignKey(
        "organisation.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    legal_framework = models.CharField(_("legal framework"), max_length=10, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    retention_until = models.DateField(_("kept until"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=RetentionOutcome.choices)
    rule = models.CharField(_("retention rule"), max_length=300)
    rows = models.JSONField(
        _("rows affected"),
        default=dict,
        blank=True,
        help_text=_("Per model and action, the number of rows changed (or that would be)."),
    )

    objects = RetentionRunItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("retention report line")
        verbose_name_plural = _("retention report lines")
        ordering = ["run", "id"]
        indexes = [models.Index(fields=["run", "outcome", "id"], name="retentionitem_outcome")]

    def __str__(self):
        return f"{self.run_id}: {self.unit} {self.object_id} {self.outcome}"

    @property
    def legal_framework_display(self) -> str:
        from wijkteam.support.choices import LegalFramework

        return str(dict(LegalFramework.choices).get(self.legal_framework, self.legal_framework))

    @property
    def rows_total(self) -> int:
        return sum(sum(actions.values()) for actions in self.rows.values())


class RetentionTombstone(AppendOnlyModel):
    """What is left of a row that retention erased, anonymised or detached: which model,
    the old number, the rule, the date and the run. No personal data (STYLE rule 18)."""

    model = models.CharField(_("model"), max_length=100)
    object_id = models.BigIntegerField(_("old number"))
    action = models.CharField(_("action"), max_length=12, choices=TombstoneAction.choices)
    rule = models.CharField(_("retention rule"), max_length=300)
    processed_on = models.DateField(_("processed on"))
    run = models.ForeignKey(
        RetentionRun, on_delete=models.PROTECT, related_name="tombstones", verbose_name=_("run")
    )

    objects = RetentionTombstoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("tombstone")
        verbose_name_plural = _("tombstones")
        ordering = ["run", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "object_id", "action"], name="tombstone_once_per_action"
            )
        ]
        indexes = [models.Index(fields=["run", "model"], name="tombstone_run_model")]

    def __str__(self):
        return f"{self.model} {self.object_id} {self.action} ({self.processed_on})"


class LegalHold(models.Model):
    """A legal hold (bewaarplicht wegens een procedure) on a support case: while active the
    case, and with it the resident's file, is kept past its retention date.

    Active while not lifted and, when an end date is given, up to and including that date.
    Placing and lifting go through ``retention_holds.py`` and are in the audit trail.
    """

    case = models.ForeignKey(
        "support.SupportCase",
        on_delete=models.PROTECT,
        related_name="legal_holds",
        verbose_name=_("support case"),
    )
    reason = models.TextField(
        _("reason"),
        help_text=_(
            "Why the file must be kept, e.g. a complaint procedure or a court case. No "
            "personal details: quality staff read this too."
        ),
    )
    until = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Empty: until the hold is lifted.")
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("placed by"),
    )
    placed_at = models.DateTimeField(_("placed at"), default=timezone.now)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True, editable=False)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
        editable=False,
    )
    lift_reason = models.TextField(_("reason for lifting"), blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-placed_at", "-id"]
        indexes = [
            models.Index(
                fields=["-placed_at"],
                name="legalhold_open_placed",
                condition=Q(lifted_at__isnull=True),
            ),
            models.Index(fields=["-placed_at"], name="legalhold_placed"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(lifted_at__isnull=True),
                name="legalhold_one_open_per_case",
                violation_error_message=_("This case already has a legal hold."),
            ),
        ]

    def __str__(self):
        return f"{self.case_id}: {self.placed_at:%Y-%m-%d}"

    def is_active(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.lifted_at is None and (self.until is None or self.until >= on)
