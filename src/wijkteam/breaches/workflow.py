"""The data-breach workflow as data: states, allowed transitions and what each one requires.

``transition_breach()`` in ``services.py`` is the only code that changes a breach's state; it
checks :data:`TRANSITIONS` and :data:`REQUIREMENTS`. The reason for every entry is in
docs/workflows.md ("Data breaches"). A test walks every state x state pair.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BreachState(models.TextChoices):
    REPORTED = "reported", pgettext_lazy("breach state", "Reported")
    ASSESSED = "assessed", pgettext_lazy("breach state", "Assessed")
    NOTIFIED = "notified", pgettext_lazy("breach state", "Notified to the AP")
    NOT_NOTIFIED = "not_notified", pgettext_lazy("breach state", "Not notified")
    CLOSED = "closed", pgettext_lazy("breach state", "Closed")


S = BreachState

INITIAL_STATE = S.REPORTED

TRANSITIONS: dict[str, frozenset[str]] = {
    S.REPORTED: frozenset({S.ASSESSED}),
    # The one self-transition: new facts change the risk before the AP decision is taken.
    S.ASSESSED: frozenset({S.ASSESSED, S.NOTIFIED, S.NOT_NOTIFIED}),
    S.NOTIFIED: frozenset({S.CLOSED}),
    S.NOT_NOTIFIED: frozenset({S.NOTIFIED, S.CLOSED}),
    S.CLOSED: frozenset(),
}

# The decision on notifying the Autoriteit Persoonsgegevens is taken by entering one of these.
DECIDED_STATES = frozenset({S.NOTIFIED, S.NOT_NOTIFIED, S.CLOSED})
UNDECIDED_STATES = frozenset({S.REPORTED, S.ASSESSED})


@dataclass(frozen=True)
class Requirement:
    """What a move into a state needs besides being in the table."""

    risk_assessment: bool = False  # risk level and rationale
    ap_notification: bool = False  # notified at + AP reference (+ delay reason when late)
    no_notification_reason: bool = False  # reason, and only when the risk level is "none"
    measures: bool = False  # measures taken
    persons_decision: bool = False  # at high risk: persons informed, or why not


REQUIREMENTS: dict[tuple[str, str], Requirement] = {
    (S.REPORTED, S.ASSESSED): Requirement(risk_assessment=True),
    (S.ASSESSED, S.ASSESSED): Requirement(risk_assessment=True),
    (S.ASSESSED, S.NOTIFIED): Requirement(ap_notification=True),
    (S.ASSESSED, S.NOT_NOTIFIED): Requirement(no_notification_reason=True),
    (S.NOT_NOTIFIED, S.NOTIFIED): Requirement(ap_notification=True),
    (S.NOTIFIED, S.CLOSED): Requirement(measures=True, persons_decision=True),
    (S.NOT_NOTIFIED, S.CLOSED): Requirement(measures=True, persons_decision=True),
}

ACTION_LABELS: dict[tuple[str, str], str] = {
    (S.REPORTED, S.ASSESSED): _("Assess the risk"),
    (S.ASSESSED, S.ASSESSED): _("Reassess the risk"),
    (S.ASSESSED, S.NOTIFIED): _("Record the notification to the AP"),
    (S.ASSESSED, S.NOT_NOTIFIED): _("Decide not to notify the AP"),
    (S.NOT_NOTIFIED, S.NOTIFIED): _("Notify the AP after all"),
    (S.NOTIFIED, S.CLOSED): _("Close the breach"),
    (S.NOT_NOTIFIED, S.CLOSED): _("Close the breach"),
}


def allowed_targets(state: str) -> list[str]:
    """States a breach in ``state`` may move to, in the order of :class:`BreachState`."""
    allowed = TRANSITIONS.get(state, frozenset())
    return [value for value in BreachState.values if value in allowed]


def is_allowed(from_state: str, to_state: str) -> bool:
    return to_state in TRANSITIONS.get(from_state, frozenset())


def requirement(from_state: str, to_state: str) -> Requirement:
    return REQUIREMENTS.get((from_state, to_state), Requirement())


def action_label(from_state: str, to_state: str) -> str:
    return ACTION_LABELS.get((from_state, to_state), BreachState(to_state).label)
