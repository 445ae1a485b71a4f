"""The rectification request (AVG art. 16) as data: states and allowed transitions.

``transition_rectification()`` in ``rectification.py`` is the only code that changes the
state; it checks :data:`TRANSITIONS`. The reasons are in docs/workflows.md. A decision is
final: a new request from the resident is a new row.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import pgettext_lazy


class RectificationState(models.TextChoices):
    OPEN = "open", pgettext_lazy("rectification state", "Open")
    CORRECTED = "corrected", pgettext_lazy("rectification state", "Corrected")
    REFUSED = "refused", pgettext_lazy("rectification state", "Refused")
    WITHDRAWN = "withdrawn", pgettext_lazy("rectification state", "Withdrawn")


S = RectificationState

INITIAL_STATE = S.OPEN

TRANSITIONS: dict[str, frozenset[str]] = {
    S.OPEN: frozenset({S.CORRECTED, S.REFUSED, S.WITHDRAWN}),
    S.CORRECTED: frozenset(),
    S.REFUSED: frozenset(),
    S.WITHDRAWN: frozenset(),
}


@dataclass(frozen=True)
class Requirement:
    """What a move into a state needs besides being in the table."""

    reason: bool = False  # an explanation must be given (sent to the resident)


REQUIREMENTS: dict[tuple[str, str], Requirement] = {
    (S.OPEN, S.CORRECTED): Requirement(reason=True),
    (S.OPEN, S.REFUSED): Requirement(reason=True),
}


def is_allowed(from_state: str, to_state: str) -> bool:
    return to_state in TRANSITIONS.get(from_state, frozenset())


def allowed_targets(state: str) -> list[str]:
    allowed = TRANSITIONS.get(state, frozenset())
    return [value for value in RectificationState.values if value in allowed]


def requirement(from_state: str, to_state: str) -> Requirement:
    return REQUIREMENTS.get((from_state, to_state), Requirement())
