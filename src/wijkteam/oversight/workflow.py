"""The review of a break-the-glass grant: statuses and the moves a review may make, as data.

A grant starts *unreviewed*. Every review (``BreakGlassReview``, append-only) records the
outcome a quality officer gives; the grant's current status is the outcome of its latest
review (``BreakGlassGrantQuerySet.with_review_status``). *Justified* and *not justified* end
the review; *needs follow-up* keeps the grant on the to-do list until a later review decides.
A decided grant can be taken up again (back to *needs follow-up*) when new facts come in; the
note says why. The only self-transition is *needs follow-up* → *needs follow-up*: a progress
note while the follow-up goes on (see docs/workflows.md).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class ReviewStatus(models.TextChoices):
    UNREVIEWED = "unreviewed", gettext_lazy("To be reviewed")
    NEEDS_FOLLOW_UP = "needs_follow_up", gettext_lazy("Needs follow-up")
    JUSTIFIED = "justified", gettext_lazy("Justified")
    NOT_JUSTIFIED = "not_justified", gettext_lazy("Not justified")


# Statuses that keep a grant on the reviewers' to-do list.
OPEN_STATUSES = frozenset({ReviewStatus.UNREVIEWED, ReviewStatus.NEEDS_FOLLOW_UP})
# What a review can record (never "unreviewed").
OUTCOMES = (ReviewStatus.JUSTIFIED, ReviewStatus.NOT_JUSTIFIED, ReviewStatus.NEEDS_FOLLOW_UP)
OUTCOME_CHOICES = [(status.value, status.label) for status in OUTCOMES]

TRANSITIONS: dict[str, frozenset[str]] = {
    ReviewStatus.UNREVIEWED: frozenset(OUTCOMES),
    ReviewStatus.NEEDS_FOLLOW_UP: frozenset(OUTCOMES),  # includes the progress note
    ReviewStatus.JUSTIFIED: frozenset({ReviewStatus.NEEDS_FOLLOW_UP}),
    ReviewStatus.NOT_JUSTIFIED: frozenset({ReviewStatus.NEEDS_FOLLOW_UP}),
}

# Per target: does the review need a note? A verdict against the worker, or work still to do,
# must say why; "justified" may stand on the worker's own reason.
NOTE_REQUIRED: dict[str, bool] = {
    ReviewStatus.JUSTIFIED: False,
    ReviewStatus.NOT_JUSTIFIED: True,
    ReviewStatus.NEEDS_FOLLOW_UP: True,
}


def allowed_targets(source: str) -> frozenset[str]:
    return TRANSITIONS.get(source, frozenset())


def check_transition(source: str, target: str, *, note: str = "") -> None:
    """Raise a Dutch ValidationError when a review may not move ``source`` to ``target``."""
    if target not in allowed_targets(source):
        raise ValidationError(
            {
                "outcome": _(
                    "A break-the-glass with status “%(source)s” cannot be reviewed as “%(target)s”."
                )
                % {
                    "source": ReviewStatus(source).label,
                    "target": ReviewStatus(target).label
                    if target in ReviewStatus.values
                    else target,
                }
            },
            code="transition_not_allowed",
        )
    if NOTE_REQUIRED.get(target) and not (note or "").strip():
        raise ValidationError(
            {
                "note": _("Explain the outcome “%(target)s” in the note.")
                % {"target": ReviewStatus(target).label}
            },
            code="note_required",
        )
