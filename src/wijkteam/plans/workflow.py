"""The goal workflow: statuses and the moves an evaluation may make, as data.

A goal starts as *new*. Each evaluation (``GoalEvaluation``, append-only) moves it to the status
the worker and the resident agree on; ``Goal.status`` is the denormalised current value, set by
``services.evaluate_goal`` only. Achieved, partly achieved, not achieved and stopped end the
goal; an ended goal can be taken up again (back to *in progress*) by a new evaluation, whose
result text says why. The only self-transition is *in progress* → *in progress*: an interim
evaluation that records a score while the work goes on (see docs/architecture.md).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class GoalStatus(models.TextChoices):
    NEW = "new", gettext_lazy("New")
    IN_PROGRESS = "in_progress", gettext_lazy("In progress")
    ACHIEVED = "achieved", gettext_lazy("Achieved")
    PARTLY_ACHIEVED = "partly_achieved", gettext_lazy("Partly achieved")
    NOT_ACHIEVED = "not_achieved", gettext_lazy("Not achieved")
    STOPPED = "stopped", gettext_lazy("Stopped")


FINAL_STATUSES = frozenset(
    {
        GoalStatus.ACHIEVED,
        GoalStatus.PARTLY_ACHIEVED,
        GoalStatus.NOT_ACHIEVED,
        GoalStatus.STOPPED,
    }
)

_OUTCOMES = frozenset({GoalStatus.IN_PROGRESS, *FINAL_STATUSES})

TRANSITIONS: dict[str, frozenset[str]] = {
    GoalStatus.NEW: _OUTCOMES,
    GoalStatus.IN_PROGRESS: _OUTCOMES,  # includes the interim evaluation (self-transition)
    GoalStatus.ACHIEVED: frozenset({GoalStatus.IN_PROGRESS}),
    GoalStatus.PARTLY_ACHIEVED: frozenset({GoalStatus.IN_PROGRESS}),
    GoalStatus.NOT_ACHIEVED: frozenset({GoalStatus.IN_PROGRESS}),
    GoalStatus.STOPPED: frozenset({GoalStatus.IN_PROGRESS}),
}


def allowed_targets(source: str) -> frozenset[str]:
    return TRANSITIONS.get(source, frozenset())


def check_transition(source: str, target: str) -> None:
    """Raise a Dutch ValidationError when an evaluation may not move ``source`` to ``target``."""
    if target not in allowed_targets(source):
        raise ValidationError(
            {
                "status_after": _(
                    "A goal with status “%(source)s” cannot get status “%(target)s” at an "
                    "evaluation."
                )
                % {
                    "source": GoalStatus(source).label,
                    "target": GoalStatus(target).label if target in GoalStatus.values else target,
                }
            },
            code="transition_not_allowed",
        )
