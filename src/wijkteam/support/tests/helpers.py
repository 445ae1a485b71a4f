"""Helpers for the support tests: cases built through the services, relative to TODAY."""

import datetime

from wijkteam.support import services
from wijkteam.support.choices import ClosureReason, LegalFramework, RequestChannel
from wijkteam.support.models import SupportCase
from wijkteam.support.workflow import CaseState

# A Friday; every date in these tests is relative to it, whatever the real date is.
TODAY = datetime.date(2026, 11, 27)
D = datetime.date


def register(world, *, resident=None, actor=None, **fields) -> SupportCase:
    """A case registered through the service (with its initial transition and deadlines)."""
    actor = actor or world.worker
    resident = resident or world.resident_a
    values = {
        "resident": resident,
        "team": resident.team,
        "coordinator": actor,
        "legal_framework": LegalFramework.BASIC,
        "received_on": D(2026, 9, 1),
        "channel": RequestChannel.PHONE,
        "question": "Ik heb hulp nodig bij mijn administratie.",
    }
    values.update(fields)
    return services.register_case(actor=actor, case=SupportCase(**values))


# The shortest path from REGISTERED to each state, with the date of each step.
PATHS = {
    CaseState.REGISTERED: [],
    CaseState.INVESTIGATING: [(CaseState.INVESTIGATING, D(2026, 9, 2))],
    CaseState.PLAN_ACTIVE: [
        (CaseState.INVESTIGATING, D(2026, 9, 2)),
        (CaseState.PLAN_ACTIVE, D(2026, 9, 20)),
    ],
    CaseState.EVALUATING: [
        (CaseState.INVESTIGATING, D(2026, 9, 2)),
        (CaseState.PLAN_ACTIVE, D(2026, 9, 20)),
        (CaseState.EVALUATING, D(2026, 11, 1)),
    ],
    CaseState.CLOSED: [(CaseState.CLOSED, D(2026, 11, 17))],  # ten days before TODAY
}


def case_in(state, world, **fields) -> SupportCase:
    """A case brought into ``state`` through ``transition_case``."""
    case = register(world, **fields)
    for to, on in PATHS[state]:
        services.transition_case(
            case,
            to,
            actor=world.worker,
            on=on,
            closure_reason=ClosureReason.GOALS_ACHIEVED if to == CaseState.CLOSED else None,
        )
    case.refresh_from_db()
    assert case.state == state
    return case
