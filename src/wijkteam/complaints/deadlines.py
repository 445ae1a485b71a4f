"""The complaint terms (termijnen): pure functions from the date of receipt to due dates.

Services call these once, when the complaint enters the state that starts the term, and store
the result on the complaint with the rule text; nothing recomputes a stored date, so a later
change of a setting leaves existing complaints as they were (docs/workflows.md).

- Acknowledgement (ontvangstbevestiging, Awb 9:6): ``COMPLAINT_ACKNOWLEDGE_WORKING_DAYS``
  working days after receipt (the organisation's own norm; the Awb only says "schriftelijk").
- Decision (Awb 9:11 lid 1): ``COMPLAINT_DECISION_WEEKS`` calendar weeks after receipt; when
  the last day is a Saturday, Sunday or Atw holiday, the next working day (Atw art. 1).
- Extension (verdaging, Awb 9:11 lid 2): once, by ``COMPLAINT_EXTENSION_WEEKS`` weeks, counted
  from the original end of the term (receipt + decision weeks, before the Atw shift), then
  the Atw shift again.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings

from wijkteam.core.workingdays import add_working_days, next_working_day


@dataclass(frozen=True)
class Term:
    due_on: datetime.date
    computed_with: str


def acknowledgement_term(received_on: datetime.date, working_days: int | None = None) -> Term:
    n = settings.COMPLAINT_ACKNOWLEDGE_WORKING_DAYS if working_days is None else working_days
    return Term(
        add_working_days(received_on, n),
        f"received {received_on:%Y-%m-%d} + {n} working days (COMPLAINT_ACKNOWLEDGE_WORKING_DAYS)",
    )


def weeks_after(start: datetime.date, weeks: int) -> datetime.date:
    """``start`` plus ``weeks`` calendar weeks, moved to the next working day (Atw art. 1)."""
    return next_working_day(start + datetime.timedelta(weeks=weeks))


def decision_term(received_on: datetime.date, weeks: int | None = None) -> Term:
    n = settings.COMPLAINT_DECISION_WEEKS if weeks is None else weeks
    due = weeks_after(received_on, n)
    return Term(
        due,
        f"received {received_on:%Y-%m-%d} + {n} weeks, then the next working day "
        "(Awb 9:11 lid 1, Atw)",
    )


def extended_decision_term(
    received_on: datetime.date, decision_weeks: int, extension_weeks: int | None = None
) -> Term:
    n = settings.COMPLAINT_EXTENSION_WEEKS if extension_weeks is None else extension_weeks
    due = weeks_after(received_on, decision_weeks + n)
    return Term(
        due,
        f"received {received_on:%Y-%m-%d} + {decision_weeks} weeks + {n} weeks extension, "
        "then the next working day (Awb 9:11 lid 2, Atw)",
    )
