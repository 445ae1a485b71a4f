"""The support case cycle as data: states, allowed transitions and what each one requires.

``transition_case()`` in ``services.py`` is the only code that changes a case's state; it
checks :data:`TRANSITIONS`, so the table below is the whole workflow. The reason for every
entry is in docs/workflows.md (not in comments here). A test walks every state x state pair.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wijkteam.support.choices import ReferralStatus


class CaseState(models.TextChoices):
    # Labels with a context: "Closed" is "Gesloten" elsewhere, a case is "Afgesloten".
    REGISTERED = "registered", pgettext_lazy("case state", "Registered")
    INVESTIGATING = "investigating", pgettext_lazy("case state", "Investigating")
    PLAN_ACTIVE = "plan_active", pgettext_lazy("case state", "Plan active")
    EVALUATING = "evaluating", pgettext_lazy("case state", "Evaluating")
    CLOSED = "closed", pgettext_lazy("case state", "Closed")


S = CaseState

INITIAL_STATE = S.REGISTERED

TRANSITIONS: dict[str, frozenset[str]] = {
    S.REGISTERED: frozenset({S.INVESTIGATING, S.CLOSED}),
    S.INVESTIGATING: frozenset({S.PLAN_ACTIVE, S.CLOSED}),
    S.PLAN_ACTIVE: frozenset({S.EVALUATING}),
    S.EVALUATING: frozenset({S.PLAN_ACTIVE, S.CLOSED}),
    S.CLOSED: frozenset({S.INVESTIGATING}),
}


@dataclass(frozen=True)
class Requirement:
    """What a move into a state needs besides being in the table."""

    closure_reason: bool = False  # a ClosureReason must be given
    within_reopen_period: bool = False  # only CASE_REOPEN_DAYS after closing


# Per (from, to) pair; a pair not listed needs nothing beyond the table.
REQUIREMENTS: dict[tuple[str, str], Requirement] = {
    (S.REGISTERED, S.CLOSED): Requirement(closure_reason=True),
    (S.INVESTIGATING, S.CLOSED): Requirement(closure_reason=True),
    (S.EVALUATING, S.CLOSED): Requirement(closure_reason=True),
    (S.CLOSED, S.INVESTIGATING): Requirement(within_reopen_period=True),
}

# Button labels on the case page: the action that leads into a state from another state.
ACTION_LABELS: dict[tuple[str, str], str] = {
    (S.REGISTERED, S.INVESTIGATING): _("Start research"),
    (S.INVESTIGATING, S.PLAN_ACTIVE): _("Start the plan"),
    (S.PLAN_ACTIVE, S.EVALUATING): _("Start evaluation"),
    (S.EVALUATING, S.PLAN_ACTIVE): _("Adjust the plan"),
    (S.CLOSED, S.INVESTIGATING): _("Reopen"),
}
CLOSE_LABEL = _("Close the case")


def allowed_targets(state: str) -> list[str]:
    """States a case in ``state`` may move to, in the order of :class:`CaseState`."""
    allowed = TRANSITIONS.get(state, frozenset())
    return [value for value in CaseState.values if value in allowed]


def is_allowed(from_state: str, to_state: str) -> bool:
    return to_state in TRANSITIONS.get(from_state, frozenset())


def requirement(from_state: str, to_state: str) -> Requirement:
    return REQUIREMENTS.get((from_state, to_state), Requirement())


def action_label(from_state: str, to_state: str) -> str:
    if to_state == S.CLOSED:
        return CLOSE_LABEL
    return ACTION_LABELS.get((from_state, to_state), CaseState(to_state).label)


# A referral is answered once; the answer is final (a new referral records a new request).
REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.SENT: frozenset(
        {ReferralStatus.ACCEPTED, ReferralStatus.REFUSED, ReferralStatus.WITHDRAWN}
    ),
    ReferralStatus.ACCEPTED: frozenset(),
    ReferralStatus.REFUSED: frozenset(),
    ReferralStatus.WITHDRAWN: frozenset(),
}
