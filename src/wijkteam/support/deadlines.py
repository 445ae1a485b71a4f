"""The deadline rules (termijnen): pure functions from the facts of a case to due dates.

Services call these once, when the starting event happens, and store the result as
``CaseDeadline`` rows together with the rule text (``computed_with``). Nothing ever
recomputes a stored deadline, so a later change of these rules or of the settings leaves
history as it was. The rules and their sources are explained in docs/workflows.md.

Calendar periods (weeks) follow the Algemene termijnenwet: count the calendar days, and when
the last day is a Saturday, Sunday or holiday, the deadline moves to the next working day.
Working-day periods skip weekends and Atw holidays (``core.workingdays``).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings

from wijkteam.core.workingdays import add_working_days, next_working_day
from wijkteam.support.choices import ConversationKind, DeadlineKind, LegalFramework

WMO_RESEARCH_DAYS = 42  # Wmo 2015 art. 2.3.2 lid 1: research within six weeks of the melding
WMO_DECISION_DAYS = 14  # Wmo 2015 art. 2.3.5 lid 1: decision within two weeks of the application
DEBT_FIRST_CONVERSATION_DAYS = 28  # Wgs art. 4 lid 1: first conversation within four weeks
DEBT_URGENT_WORKING_DAYS = 3  # Wgs art. 4 lid 2: within three working days on an urgent threat

# Frameworks with the agreed first-contact norm. The Jeugdwet sets no term for the first
# contact, so the team's own agreement for basic support applies to youth requests too.
FIRST_CONTACT_FRAMEWORKS = frozenset({LegalFramework.BASIC, LegalFramework.YOUTH})


@dataclass(frozen=True)
class DeadlineRule:
    kind: str
    started_on: datetime.date
    due_on: datetime.date
    computed_with: str


def _calendar_days(start: datetime.date, days: int) -> datetime.date:
    return next_working_day(start + datetime.timedelta(days=days))


def on_registration(
    *,
    legal_framework: str,
    received_on: datetime.date,
    urgent_debt_threat: bool = False,
    first_contact_working_days: int | None = None,
) -> list[DeadlineRule]:
    """Deadlines that start with the request (melding), for a case entering REGISTERED."""
    rules: list[DeadlineRule] = []
    if legal_framework in FIRST_CONTACT_FRAMEWORKS:
        n = (
            settings.FIRST_CONTACT_WORKING_DAYS
            if first_contact_working_days is None
            else first_contact_working_days
        )
        rules.append(
            DeadlineRule(
                DeadlineKind.FIRST_CONTACT,
                received_on,
                add_working_days(received_on, n),
                f"received {received_on:%Y-%m-%d} + {n} working days "
                "(agreed first contact, FIRST_CONTACT_WORKING_DAYS)",
            )
        )
    if legal_framework == LegalFramework.WMO:
        rules.append(
            DeadlineRule(
                DeadlineKind.WMO_RESEARCH,
                received_on,
                _calendar_days(received_on, WMO_RESEARCH_DAYS),
                f"received {received_on:%Y-%m-%d} + {WMO_RESEARCH_DAYS} days, then the next "
                "working day (Wmo 2015 art. 2.3.2, Atw)",
            )
        )
    if legal_framework == LegalFramework.DEBT:
        if urgent_debt_threat:
            due = add_working_days(received_on, DEBT_URGENT_WORKING_DAYS)
            text = (
                f"received {received_on:%Y-%m-%d} + {DEBT_URGENT_WORKING_DAYS} working days, "
                "urgent threat (Wgs art. 4 lid 2)"
            )
        else:
            due = _calendar_days(received_on, DEBT_FIRST_CONVERSATION_DAYS)
            text = (
                f"received {received_on:%Y-%m-%d} + {DEBT_FIRST_CONVERSATION_DAYS} days, then "
                "the next working day (Wgs art. 4 lid 1, Atw)"
            )
        rules.append(DeadlineRule(DeadlineKind.DEBT_FIRST_CONVERSATION, received_on, due, text))
    return rules


def on_referral(*, legal_framework: str, sent_on: datetime.date) -> list[DeadlineRule]:
    """Deadlines that start with a referral. In a Wmo case the referral for a customised
    provision is the application (aanvraag): the decision is due within two weeks."""
    if legal_framework != LegalFramework.WMO:
        return []
    return [
        DeadlineRule(
            DeadlineKind.WMO_DECISION,
            sent_on,
            _calendar_days(sent_on, WMO_DECISION_DAYS),
            f"application (referral) {sent_on:%Y-%m-%d} + {WMO_DECISION_DAYS} days, then the "
            "next working day (Wmo 2015 art. 2.3.5, Atw)",
        )
    ]


def met_by_contact() -> frozenset[str]:
    """Deadline kinds a recorded contact meets."""
    return frozenset({DeadlineKind.FIRST_CONTACT})


def met_by_conversation(kind: str) -> frozenset[str]:
    """Deadline kinds a recorded conversation of ``kind`` meets.

    Every conversation is a contact and a first conversation (Wgs); only a conversation of
    kind research completes the Wmo research.
    """
    kinds = {DeadlineKind.FIRST_CONTACT, DeadlineKind.DEBT_FIRST_CONVERSATION}
    if kind == ConversationKind.RESEARCH:
        kinds.add(DeadlineKind.WMO_RESEARCH)
    return frozenset(kinds)


def met_by_entering(state: str) -> frozenset[str]:
    """Deadline kinds met when a case enters ``state``: a plan means the research is done."""
    from wijkteam.support.workflow import CaseState

    if state == CaseState.PLAN_ACTIVE:
        return frozenset({DeadlineKind.WMO_RESEARCH})
    return frozenset()


def retention_until(legal_framework: str, closed_on: datetime.date) -> datetime.date:
    """The date until which a closed file is kept: closing date + the framework's years."""
    years = {
        LegalFramework.WMO: settings.RETENTION_YEARS_WMO,
        LegalFramework.YOUTH: settings.RETENTION_YEARS_YOUTH,
        LegalFramework.DEBT: settings.RETENTION_YEARS_DEBT,
        LegalFramework.BASIC: settings.RETENTION_YEARS_BASIC,
    }[legal_framework]
    return add_years(closed_on, years)


def add_years(d: datetime.date, years: int) -> datetime.date:
    """``d`` plus ``years``; 29 February becomes 28 February in a year without it."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)
