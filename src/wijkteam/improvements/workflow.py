"""Improvement plans and their actions as data: states, allowed transitions, requirements.

``transition_plan()`` and ``set_action_status()`` in ``services.py`` are the only code that
changes a plan's state or an action's status; they check the tables below. The reason for
every entry is in docs/workflows.md ("Improvement plans"). A test walks every pair.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlanState(models.TextChoices):
    OPEN = "open", pgettext_lazy("improvement plan state", "Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("improvement plan state", "In progress")
    COMPLETED = "completed", pgettext_lazy("improvement plan state", "Completed")
    VERIFIED = "verified", pgettext_lazy("improvement plan state", "Verified")
    CANCELLED = "cancelled", pgettext_lazy("improvement plan state", "Cancelled")


P = PlanState
INITIAL_STATE = P.OPEN
ACTIVE_STATES = frozenset({P.OPEN, P.IN_PROGRESS})  # work to do: actions can be added/changed

TRANSITIONS: dict[str, frozenset[str]] = {
    P.OPEN: frozenset({P.IN_PROGRESS, P.CANCELLED}),
    P.IN_PROGRESS: frozenset({P.COMPLETED, P.CANCELLED}),
    P.COMPLETED: frozenset({P.VERIFIED, P.IN_PROGRESS}),
    P.VERIFIED: frozenset(),
    P.CANCELLED: frozenset(),
}


@dataclass(frozen=True)
class Requirement:
    reason: bool = False  # a written reason (cancelled; sent back after verification)
    actions_finished: bool = False  # every action done or cancelled, at least one done
    evidence: bool = False  # evidence text or at least one link
    verifier: bool = False  # someone with verify permission who is not the responsible


REQUIREMENTS: dict[tuple[str, str], Requirement] = {
    (P.OPEN, P.CANCELLED): Requirement(reason=True),
    (P.IN_PROGRESS, P.CANCELLED): Requirement(reason=True),
    (P.IN_PROGRESS, P.COMPLETED): Requirement(actions_finished=True, evidence=True),
    (P.COMPLETED, P.VERIFIED): Requirement(verifier=True),
    (P.COMPLETED, P.IN_PROGRESS): Requirement(reason=True),
}

ACTION_LABELS: dict[tuple[str, str], str] = {
    (P.OPEN, P.IN_PROGRESS): _("Start the plan"),
    (P.OPEN, P.CANCELLED): _("Cancel the plan"),
    (P.IN_PROGRESS, P.COMPLETED): _("Report the plan completed"),
    (P.IN_PROGRESS, P.CANCELLED): _("Cancel the plan"),
    (P.COMPLETED, P.VERIFIED): _("Verify the result"),
    (P.COMPLETED, P.IN_PROGRESS): _("Send back: not sufficient yet"),
}


def allowed_targets(state: str) -> list[str]:
    allowed = TRANSITIONS.get(state, frozenset())
    return [value for value in PlanState.values if value in allowed]


def is_allowed(from_state: str, to_state: str) -> bool:
    return to_state in TRANSITIONS.get(from_state, frozenset())


def requirement(from_state: str, to_state: str) -> Requirement:
    return REQUIREMENTS.get((from_state, to_state), Requirement())


def action_label(from_state: str, to_state: str) -> str:
    return ACTION_LABELS.get((from_state, to_state), PlanState(to_state).label)


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("improvement action status", "Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("improvement action status", "In progress")
    DONE = "done", pgettext_lazy("improvement action status", "Done")
    CANCELLED = "cancelled", pgettext_lazy("improvement action status", "Cancelled")


A = ActionStatus
UNFINISHED_ACTION_STATUSES = frozenset({A.OPEN, A.IN_PROGRESS})

ACTION_TRANSITIONS: dict[str, frozenset[str]] = {
    A.OPEN: frozenset({A.IN_PROGRESS, A.DONE, A.CANCELLED}),
    A.IN_PROGRESS: frozenset({A.DONE, A.CANCELLED}),
    A.DONE: frozenset({A.IN_PROGRESS}),
    A.CANCELLED: frozenset(),
}


def action_allowed(from_status: str, to_status: str) -> bool:
    return to_status in ACTION_TRANSITIONS.get(from_status, frozenset())


# Action steps that need a note saying why (cancelled; reopened after it was done).
ACTION_NOTE_REQUIRED: frozenset[tuple[str, str]] = frozenset(
    {(A.OPEN, A.CANCELLED), (A.IN_PROGRESS, A.CANCELLED), (A.DONE, A.IN_PROGRESS)}
)
