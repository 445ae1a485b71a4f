"""The incident deadlines as pure functions; the services store what they return.

* Aftercare (nazorg): the teammanager confirms the aftercare conversation with the staff
  member within ``INCIDENT_AFTERCARE_WORKING_DAYS`` working days after the report.
* Calamity report: a calamity is reported to the supervisory authority (toezichthouder)
  within ``CALAMITY_REPORT_WORKING_DAYS`` working days after the decision that it is one.

Working days are Monday to Friday without the Atw holidays (``core.workingdays``). Each
deadline is stored with the rule text it was computed with, so a later change of a setting
never moves an existing deadline.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings

from wijkteam.core.workingdays import add_working_days


@dataclass(frozen=True)
class Deadline:
    due_on: datetime.date
    computed_with: str


def aftercare_deadline(reported_on: datetime.date, working_days: int | None = None) -> Deadline:
    days = settings.INCIDENT_AFTERCARE_WORKING_DAYS if working_days is None else working_days
    return Deadline(
        due_on=add_working_days(reported_on, days),
        computed_with=f"{days} working days after the report ({reported_on:%Y-%m-%d})",
    )


def calamity_report_deadline(
    decided_on: datetime.date, working_days: int | None = None
) -> Deadline:
    days = settings.CALAMITY_REPORT_WORKING_DAYS if working_days is None else working_days
    return Deadline(
        due_on=add_working_days(decided_on, days),
        computed_with=f"{days} working days after the decision ({decided_on:%Y-%m-%d})",
    )
