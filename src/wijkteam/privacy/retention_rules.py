"""What retention does to each kind of row, as data (docs/adr/0003-retention.md).

Two units:

* a **support case** whose retention date has passed is *anonymised*: the case row and the
  rows recorded on it stay (so every figure keeps its count), but every free text and every
  link to the person's household is cleared;
* a **resident's file** whose cases have all passed retention is *erased*: the resident row
  becomes a statistical stub without name, BSN, address or contact details (the number, the
  date of birth and the area stay, because figures count residents and age bands), the
  household memberships and shares are deleted, consents keep only their purpose and dates.

Each :class:`Rule` names a model, how its rows are found from the case or the resident
(``path``), and per field whether it is blanked, set to a value, or kept. ``keep`` lists
the fields retention leaves as they are on purpose; a test checks that every concrete field
of every model below is classified, so a new field forces a decision here.

Rows of other apps that point at a resident, a case or any row below are found at run time
through ``_meta.related_objects`` and treated as if the row they point at were deleted:
their foreign key's ``on_delete`` decides (SET_NULL: the link is cleared; CASCADE: the row is
deleted, through Django's Collector; PROTECT and the rest: the row is kept and now points at
an anonymised record). See ``retention.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The name an erased resident keeps: data, not interface text (the stub is Dutch data).
ANONYMISED_NAME = "Geanonimiseerd"
# Written into the closure note of an anonymised case, so the team sees why it is empty.
ANONYMISED_CASE_NOTE = "Geanonimiseerd na het verstrijken van de bewaartermijn."

# Erased residents' stubs are moved to this team, which never has members and is never
# active: nobody finds a stub in a resident list or search. Cases keep their own team.
ARCHIVE_TEAM_CODE = "archief-bewaartermijn"
ARCHIVE_TEAM_NAME = "Archief (bewaartermijn verstreken)"


@dataclass(frozen=True)
class Rule:
    model: str  # app_label.ModelName
    path: str  # lookup from this model to the case (case rules) or resident (file rules)
    blank: tuple[str, ...] = ()  # text fields emptied
    null: tuple[str, ...] = ()  # fields set to NULL
    values: dict = field(default_factory=dict)  # fields set to a fixed value
    if_null: tuple[str, ...] = ()  # date-time fields set to "now" where still empty
    delete: bool = False  # delete the rows (Collector), instead of anonymising them
    keep: tuple[str, ...] = ()  # fields left as they are, on purpose
    optional: bool = False  # the model may not exist (another part of the product)

    @property
    def first_hop(self) -> str:
        return self.path.split("__", 1)[0]

    @property
    def touches(self) -> bool:
        return self.delete or bool(self.blank or self.null or self.values or self.if_null)


# Rows of one support case, anonymised when the case's retention date has passed.
CASE_RULES: tuple[Rule, ...] = (
    Rule(
        "support.SupportCase",
        path="pk",
        blank=("question",),
        null=("household",),
        values={"closure_note": ANONYMISED_CASE_NOTE},
        keep=(
            "id",
            "resident",  # points at the resident (erased or not): figures count residents
            "team",
            "coordinator",  # a staff member, not the resident
            "legal_framework",
            "received_on",
            "channel",
            "location",
            "urgent_debt_threat",
            "state",
            "closed_on",
            "closure_reason",
            "retention_until",
            "version",
        ),
    ),
    Rule(
        "support.CaseTransition",
        path="case",
        blank=("reason",),
        keep=("id", "case", "from_state", "to_state", "on", "closure_reason", "actor", "at"),
    ),
    Rule(
        "support.CaseDeadline",
        path="case",
        # No personal data: kind, dates and the rule text; kept for deadline figures.
        keep=(
            "id",
            "case",
            "kind",
            "referral",
            "started_on",
            "due_on",
            "met_on",
            "computed_with",
            "created_at",
        ),
    ),
    Rule(
        "support.Conversation",
        path="case",
        blank=("participants", "outcome"),
        keep=("id", "case", "held_on", "kind", "recorded_by", "recorded_at"),
    ),
    Rule(
        "support.Contact",
        path="case",
        blank=("with_whom", "note"),
        keep=("id", "case", "date", "duration_minutes", "kind", "recorded_by", "recorded_at"),
    ),
    Rule(
        "support.Referral",
        path="case",
        blank=("response",),
        keep=(
            "id",
            "case",
            "category",
            "provider",  # an organisation, e.g. Windkracht058
            "sent_on",
            "status",
            "responded_on",
            "recorded_by",
            "recorded_at",
            "version",
        ),
    ),
    Rule(
        "plans.SupportPlan",
        path="case",
        blank=("perspective", "risks", "breakthrough_plan"),
        keep=(
            "id",
            "case",
            "started_on",
            "workers",
            "is_breakthrough",
            "breakthrough_specialist",
            "created_by",
            "created_at",
            "updated_at",
            "revision",
            "version",
        ),
    ),
    Rule(
        "plans.Goal",
        path="plan__case",
        blank=("title", "description"),
        keep=(
            "id",
            "plan",
            "life_domain",
            "status",
            "started_on",
            "evaluation_due_on",
            "start_score",
            "current_score",
            "last_evaluated_on",
            "ended_on",
            "created_by",
            "created_at",
            "version",
        ),
    ),
    Rule(
        "plans.GoalEvaluation",
        path="goal__plan__case",
        blank=("result",),
        keep=(
            "id",
            "goal",
            "evaluated_on",
            "status_before",
            "status_after",
            "score",
            "evaluated_by",
            "recorded_at",
            "plan_revision",
        ),
    ),
    Rule(
        "plans.Action",
        path="goal__plan__case",
        blank=("performer_name", "description"),
        keep=(
            "id",
            "goal",
            "performer",
            "due_on",
            "done_on",
            "created_by",
            "created_at",
            "version",
        ),
    ),
    Rule(
        "privacy.LegalHold",
        path="case",
        # Only lifted or expired holds reach an anonymised case; their reason is the
        # evidence why the file was kept longer and must not hold personal details.
        keep=(
            "id",
            "case",
            "reason",
            "until",
            "placed_by",
            "placed_at",
            "lifted_at",
            "lifted_by",
            "lift_reason",
            "version",
        ),
    ),
)

# Rows of one resident, when the whole file is erased (after its cases are anonymised).
FILE_RULES: tuple[Rule, ...] = (
    Rule(
        "residents.Resident",
        path="pk",
        blank=(
            "first_name",
            "name_prefix",
            "street",
            "house_number",
            "postcode",
            "city",
            "phone",
            "email",
            "preferred_language",
            "processing_restriction_reason",
        ),
        null=("bsn",),
        values={"last_name": ANONYMISED_NAME},
        keep=(
            "id",
            "date_of_birth",  # age bands in the figures; see the ADR (known limitation)
            "area",
            "interpreter_needed",
            "team",  # set to the archive team by the service
            "created_at",
            "updated_at",
            "version",
            "processing_restricted",  # a restricted file is never erased
            "processing_restricted_since",
            "processing_restricted_by",
        ),
    ),
    Rule(
        "residents.Consent",
        path="resident",
        # Purpose and dates stay: the municipality's figures count consented residents.
        blank=("scope", "withdrawal_note"),
        keep=(
            "id",
            "resident",
            "purpose",
            "partner",  # an organisation
            "given_on",
            "recorded_by",
            "recorded_at",
            "withdrawn_on",
            "withdrawn_by",
        ),
    ),
    Rule("residents.HouseholdMember", path="resident", delete=True),
    Rule("residents.ResidentShare", path="resident", delete=True),
    Rule(
        "privacy.RectificationRequest",
        path="resident",
        blank=("what_is_wrong", "requested_correction", "decision_note"),
        keep=(
            "id",
            "resident",
            "requested_on",
            "respond_by",
            "recorded_by",
            "recorded_at",
            "state",
            "decided_on",
            "decided_by",
            "version",
        ),
        optional=True,
    ),
    Rule(
        "privacy.RectificationTransition",
        path="request__resident",
        blank=("reason",),
        keep=("id", "request", "from_state", "to_state", "actor", "at"),
        optional=True,
    ),
    Rule(
        "privacy.ProcessingRestriction",
        path="resident",
        blank=("reason", "lift_reason"),
        keep=(
            "id",
            "resident",
            "started_at",
            "started_by",
            "lifted_at",
            "lifted_by",
            "version",
        ),
        optional=True,
    ),
    Rule(
        "privacy.InzageRequest",
        path="resident",
        # The record of what was handed over stays (number, team, hashes); the link and
        # any documents still held go.
        blank=("note",),
        null=("resident",),
        values={"pdf": b"", "json": b""},
        if_null=("purged_at",),
        keep=(
            "id",
            "resident_number",
            "team",
            "requested_on",
            "produced_by",
            "produced_at",
            "available_until",
            "pdf_sha256",
            "pdf_size",
            "json_sha256",
            "json_size",
        ),
        optional=True,
    ),
)


def case_rule_models() -> tuple[str, ...]:
    return tuple(rule.model for rule in CASE_RULES)


def file_rule_models() -> tuple[str, ...]:
    return tuple(rule.model for rule in FILE_RULES)
