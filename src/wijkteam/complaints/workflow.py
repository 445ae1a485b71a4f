"""The complaint workflow as data: states, allowed transitions and what each one requires.

``transition_complaint()`` in ``services.py`` is the only code that changes a complaint's
state; it checks :data:`TRANSITIONS`, so the table below is the whole workflow. The reason for
every entry is in docs/workflows.md ("Complaints"). A test walks every state x state pair.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ComplaintState(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("complaint state", "Received")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("complaint state", "Acknowledged")
    IN_HANDLING = "in_handling", pgettext_lazy("complaint state", "In handling")
    COMMITTEE = "committee", pgettext_lazy("complaint state", "With the complaints committee")
    DECIDED = "decided", pgettext_lazy("complaint state", "Decided")
    CLOSED = "closed", pgettext_lazy("complaint state", "Closed")


S = ComplaintState

INITIAL_STATE = S.RECEIVED

TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.ACKNOWLEDGED, S.CLOSED}),
    S.ACKNOWLEDGED: frozenset({S.IN_HANDLING, S.CLOSED}),
    S.IN_HANDLING: frozenset({S.COMMITTEE, S.DECIDED, S.CLOSED}),
    S.COMMITTEE: frozenset({S.DECIDED, S.CLOSED}),
    S.DECIDED: frozenset({S.COMMITTEE, S.CLOSED}),
    S.CLOSED: frozenset(),
}

# States in which the decision is still to be taken: the decision term runs, the term can be
# extended, and the complainant can withdraw (a move to CLOSED from here is a withdrawal).
UNDECIDED_STATES = frozenset({S.RECEIVED, S.ACKNOWLEDGED, S.IN_HANDLING, S.COMMITTEE})
# States that need a handler (a database constraint holds this too).
HANDLED_STATES = frozenset({S.IN_HANDLING, S.COMMITTEE, S.DECIDED})


@dataclass(frozen=True)
class Requirement:
    """What a move into a state needs besides being in the table."""

    reason: bool = False  # a reason (why) must be written
    handler: bool = False  # a handler and a route (mediation or formal) must be chosen
    outcome: bool = False  # an outcome (founded, partly founded, unfounded) and its summary
    category: bool = False  # the complaint must have a category (for the annual figures)
    withdrawal: bool = False  # the complainant withdrew: the outcome becomes "withdrawn"


_WITHDRAWAL = Requirement(reason=True, withdrawal=True)
_DECISION = Requirement(outcome=True, category=True)

# Per (from, to) pair; a pair not listed needs nothing beyond the table.
REQUIREMENTS: dict[tuple[str, str], Requirement] = {
    (S.ACKNOWLEDGED, S.IN_HANDLING): Requirement(handler=True),
    (S.IN_HANDLING, S.COMMITTEE): Requirement(reason=True),
    (S.DECIDED, S.COMMITTEE): Requirement(reason=True),
    (S.IN_HANDLING, S.DECIDED): _DECISION,
    (S.COMMITTEE, S.DECIDED): _DECISION,
    (S.RECEIVED, S.CLOSED): _WITHDRAWAL,
    (S.ACKNOWLEDGED, S.CLOSED): _WITHDRAWAL,
    (S.IN_HANDLING, S.CLOSED): _WITHDRAWAL,
    (S.COMMITTEE, S.CLOSED): _WITHDRAWAL,
}

# Button labels on the complaint page: the action that leads from one state into another.
ACTION_LABELS: dict[tuple[str, str], str] = {
    (S.RECEIVED, S.ACKNOWLEDGED): _("Confirm receipt"),
    (S.ACKNOWLEDGED, S.IN_HANDLING): _("Take into handling"),
    (S.IN_HANDLING, S.COMMITTEE): _("Refer to the complaints committee"),
    (S.DECIDED, S.COMMITTEE): _("Refer to the complaints committee"),
    (S.IN_HANDLING, S.DECIDED): _("Record the decision"),
    (S.COMMITTEE, S.DECIDED): _("Record the decision"),
    (S.DECIDED, S.CLOSED): _("Close the complaint"),
}
WITHDRAWAL_LABEL = _("Record the withdrawal")


def allowed_targets(state: str) -> list[str]:
    """States a complaint in ``state`` may move to, in the order of :class:`ComplaintState`."""
    allowed = TRANSITIONS.get(state, frozenset())
    return [value for value in ComplaintState.values if value in allowed]


def is_allowed(from_state: str, to_state: str) -> bool:
    return to_state in TRANSITIONS.get(from_state, frozenset())


def requirement(from_state: str, to_state: str) -> Requirement:
    return REQUIREMENTS.get((from_state, to_state), Requirement())


def action_label(from_state: str, to_state: str) -> str:
    if requirement(from_state, to_state).withdrawal:
        return WITHDRAWAL_LABEL
    return ACTION_LABELS.get((from_state, to_state), ComplaintState(to_state).label)
