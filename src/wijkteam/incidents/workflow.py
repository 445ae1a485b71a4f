"""The incident workflows as data: states, allowed transitions and what each one requires.

Three tables:

* :data:`TRANSITIONS`, the incident itself: reported, aftercare (nazorg) planned or done,
  closed. Only ``services.transition_incident()`` changes ``Incident.state``.
* :data:`CALAMITY_TRANSITIONS`, the calamity procedure of a flagged incident: to assess,
  no calamity / calamity, reported to the supervisory authority, investigated, closed. Only
  ``services.transition_calamity()`` (and ``flag_calamity()`` for the first state) changes it.
* :data:`CARE_NEED_TRANSITIONS`, the follow-up of a person who needs more than basic support.

Every change appends an ``IncidentEvent``. The reason for each entry is in docs/workflows.md
(not in comments here); a test walks every state x state pair of each table.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IncidentState(models.TextChoices):
    REPORTED = "reported", pgettext_lazy("incident state", "Reported")
    AFTERCARE_PLANNED = "aftercare_planned", pgettext_lazy("incident state", "Aftercare planned")
    AFTERCARE_DONE = "aftercare_done", pgettext_lazy("incident state", "Aftercare done")
    CLOSED = "closed", pgettext_lazy("incident state", "Closed")


S = IncidentState
INITIAL_STATE = S.REPORTED
# States in which the aftercare conversation is still to be confirmed (its deadline runs).
AFTERCARE_OPEN_STATES = frozenset({S.REPORTED, S.AFTERCARE_PLANNED})

TRANSITIONS: dict[str, frozenset[str]] = {
    S.REPORTED: frozenset({S.AFTERCARE_PLANNED, S.AFTERCARE_DONE}),
    S.AFTERCARE_PLANNED: frozenset({S.AFTERCARE_PLANNED, S.AFTERCARE_DONE}),
    S.AFTERCARE_DONE: frozenset({S.CLOSED}),
    S.CLOSED: frozenset({S.AFTERCARE_DONE}),
}


@dataclass(frozen=True)
class Requirement:
    """What a move needs besides being in the table."""

    permission: str  # the actor must hold this permission
    planned_on: bool = False  # a date for the aftercare conversation
    aftercare: bool = False  # the date it was held (or declined) and the outcome
    reason: bool = False  # a written reason
    nothing_open: bool = False  # no open follow-up action, no open calamity procedure


AFTERCARE = "incidents.confirm_aftercare"
CLOSE = "incidents.close_incident"

REQUIREMENTS: dict[tuple[str, str], Requirement] = {
    (S.REPORTED, S.AFTERCARE_PLANNED): Requirement(AFTERCARE, planned_on=True),
    (S.AFTERCARE_PLANNED, S.AFTERCARE_PLANNED): Requirement(
        AFTERCARE, planned_on=True, reason=True
    ),
    (S.REPORTED, S.AFTERCARE_DONE): Requirement(AFTERCARE, aftercare=True),
    (S.AFTERCARE_PLANNED, S.AFTERCARE_DONE): Requirement(AFTERCARE, aftercare=True),
    (S.AFTERCARE_DONE, S.CLOSED): Requirement(CLOSE, nothing_open=True),
    (S.CLOSED, S.AFTERCARE_DONE): Requirement(CLOSE, reason=True),
}

ACTION_LABELS: dict[tuple[str, str], str] = {
    (S.REPORTED, S.AFTERCARE_PLANNED): _("Plan the aftercare conversation"),
    (S.AFTERCARE_PLANNED, S.AFTERCARE_PLANNED): _("Reschedule the aftercare conversation"),
    (S.REPORTED, S.AFTERCARE_DONE): _("Confirm the aftercare conversation"),
    (S.AFTERCARE_PLANNED, S.AFTERCARE_DONE): _("Confirm the aftercare conversation"),
    (S.AFTERCARE_DONE, S.CLOSED): _("Close the incident"),
    (S.CLOSED, S.AFTERCARE_DONE): _("Reopen"),
}


def allowed_targets(state: str) -> list[str]:
    """States an incident in ``state`` may move to, in the order of :class:`IncidentState`."""
    allowed = TRANSITIONS.get(state, frozenset())
    return [value for value in IncidentState.values if value in allowed]


def is_allowed(from_state: str, to_state: str) -> bool:
    return to_state in TRANSITIONS.get(from_state, frozenset())


def requirement(from_state: str, to_state: str) -> Requirement:
    return REQUIREMENTS[(from_state, to_state)]


def action_label(from_state: str, to_state: str) -> str:
    return ACTION_LABELS.get((from_state, to_state), IncidentState(to_state).label)


# --- The calamity procedure ------------------------------------------------------------------


class CalamityState(models.TextChoices):
    TO_ASSESS = "to_assess", _("Possible calamity: to assess")
    NOT_CALAMITY = "not_calamity", _("No calamity")
    CALAMITY = "calamity", _("Calamity: to report")
    REPORTED = "reported", _("Reported to the supervisory authority")
    INVESTIGATED = "investigated", _("Investigation done")
    CLOSED = "closed", pgettext_lazy("calamity state", "Closed")


C = CalamityState
# A procedure in these states keeps its incident from closing.
CALAMITY_OPEN_STATES = frozenset({C.TO_ASSESS, C.CALAMITY, C.REPORTED, C.INVESTIGATED})

CALAMITY_TRANSITIONS: dict[str, frozenset[str]] = {
    C.TO_ASSESS: frozenset({C.NOT_CALAMITY, C.CALAMITY}),
    C.NOT_CALAMITY: frozenset({C.TO_ASSESS}),
    C.CALAMITY: frozenset({C.REPORTED}),
    C.REPORTED: frozenset({C.INVESTIGATED}),
    C.INVESTIGATED: frozenset({C.CLOSED}),
    C.CLOSED: frozenset(),
}


@dataclass(frozen=True)
class CalamityRequirement:
    permission: str
    reason: bool = False  # the decision or reconsideration is explained
    report: bool = False  # date reported and to whom (reference when known)
    investigation: bool = False  # date and summary of the investigation


DECIDE = "incidents.decide_calamity"
TRACK = "incidents.track_calamity"

CALAMITY_REQUIREMENTS: dict[tuple[str, str], CalamityRequirement] = {
    (C.TO_ASSESS, C.NOT_CALAMITY): CalamityRequirement(DECIDE, reason=True),
    (C.TO_ASSESS, C.CALAMITY): CalamityRequirement(DECIDE, reason=True),
    (C.NOT_CALAMITY, C.TO_ASSESS): CalamityRequirement(DECIDE, reason=True),
    (C.CALAMITY, C.REPORTED): CalamityRequirement(TRACK, report=True),
    (C.REPORTED, C.INVESTIGATED): CalamityRequirement(TRACK, investigation=True),
    (C.INVESTIGATED, C.CLOSED): CalamityRequirement(TRACK),
}

CALAMITY_ACTION_LABELS: dict[tuple[str, str], str] = {
    (C.TO_ASSESS, C.NOT_CALAMITY): _("No calamity"),
    (C.TO_ASSESS, C.CALAMITY): _("Calamity: report to the supervisory authority"),
    (C.NOT_CALAMITY, C.TO_ASSESS): _("Assess again"),
    (C.CALAMITY, C.REPORTED): _("Record the report to the supervisory authority"),
    (C.REPORTED, C.INVESTIGATED): _("Record the investigation"),
    (C.INVESTIGATED, C.CLOSED): _("Close the calamity procedure"),
}


def calamity_targets(state: str) -> list[str]:
    allowed = CALAMITY_TRANSITIONS.get(state, frozenset())
    return [value for value in CalamityState.values if value in allowed]


def calamity_is_allowed(from_state: str, to_state: str) -> bool:
    return to_state in CALAMITY_TRANSITIONS.get(from_state, frozenset())


def calamity_requirement(from_state: str, to_state: str) -> CalamityRequirement:
    return CALAMITY_REQUIREMENTS[(from_state, to_state)]


def calamity_action_label(from_state: str, to_state: str) -> str:
    return CALAMITY_ACTION_LABELS.get((from_state, to_state), CalamityState(to_state).label)


# --- A person who needs more than basic support ----------------------------------------------


class CareNeedStatus(models.TextChoices):
    OPEN = "open", _("To refer")
    REFERRED = "referred", _("Referred")
    IN_CARE = "in_care", _("In care elsewhere")
    CLOSED = "closed", pgettext_lazy("care need status", "Closed")


N = CareNeedStatus
CARE_NEED_OPEN_STATES = frozenset({N.OPEN, N.REFERRED})

CARE_NEED_TRANSITIONS: dict[str, frozenset[str]] = {
    N.OPEN: frozenset({N.REFERRED, N.CLOSED}),
    N.REFERRED: frozenset({N.OPEN, N.IN_CARE, N.CLOSED}),
    N.IN_CARE: frozenset({N.CLOSED}),
    N.CLOSED: frozenset(),
}


def care_need_targets(state: str) -> list[str]:
    allowed = CARE_NEED_TRANSITIONS.get(state, frozenset())
    return [value for value in CareNeedStatus.values if value in allowed]


# The steps each calamity endpoint takes (API choices).
CALAMITY_DECISION_CHOICES = [
    (state.value, state.label) for state in (C.TO_ASSESS, C.NOT_CALAMITY, C.CALAMITY)
]
CALAMITY_REPORT_CHOICES = [
    (state.value, state.label) for state in (C.REPORTED, C.INVESTIGATED, C.CLOSED)
]
