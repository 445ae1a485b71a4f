"""Helpers for the complaint tests: complaints built through the services, relative to TODAY."""

import datetime

from wijkteam.complaints import services
from wijkteam.complaints.choices import ComplaintChannel, HandlingRoute, Outcome
from wijkteam.complaints.models import Complaint, ComplaintCategory
from wijkteam.complaints.workflow import ComplaintState

# A Friday; every date in these tests is relative to it, whatever the real date is.
TODAY = datetime.date(2026, 11, 27)
D = datetime.date
RECEIVED = D(2026, 11, 2)  # a Monday, 25 days before TODAY


def register(world, *, actor=None, **fields) -> Complaint:
    """A complaint registered by ``actor`` (default: the worker of team A) about team A."""
    actor = actor or world.worker
    values = {
        "received_on": RECEIVED,
        "channel": ComplaintChannel.PHONE,
        "complainant_name": "M. de Vries",
        "complainant_phone": "058 123 45 67",
        "team": world.team_a,
        "category": ComplaintCategory.objects.get(code="bejegening"),
        "description": "De medewerker kwam twee keer niet op de afspraak.",
    }
    values.update(fields)
    return services.register_complaint(actor=actor, complaint=Complaint(**values))


def step_kwargs(world, from_state: str, to: str) -> dict:
    """What each step needs: a handler and route, an outcome and summary, or a reason."""
    from wijkteam.complaints import workflow

    needs = workflow.requirement(from_state, to)
    kwargs = {}
    if needs.handler:
        kwargs.update(handler=world.quality, route=HandlingRoute.FORMAL)
    if needs.outcome:
        kwargs.update(outcome=Outcome.UNFOUNDED, decision_summary="Ongegrond na hoor en wederhoor.")
    if needs.reason:
        kwargs.update(reason="Klager heeft de klacht telefonisch ingetrokken.")
    return kwargs


# The shortest path from RECEIVED to each state, with the date of each step.
S = ComplaintState
PATHS = {
    S.RECEIVED: [],
    S.ACKNOWLEDGED: [(S.ACKNOWLEDGED, D(2026, 11, 4))],
    S.IN_HANDLING: [(S.ACKNOWLEDGED, D(2026, 11, 4)), (S.IN_HANDLING, D(2026, 11, 5))],
    S.COMMITTEE: [
        (S.ACKNOWLEDGED, D(2026, 11, 4)),
        (S.IN_HANDLING, D(2026, 11, 5)),
        (S.COMMITTEE, D(2026, 11, 10)),
    ],
    S.DECIDED: [
        (S.ACKNOWLEDGED, D(2026, 11, 4)),
        (S.IN_HANDLING, D(2026, 11, 5)),
        (S.DECIDED, D(2026, 11, 16)),
    ],
    S.CLOSED: [
        (S.ACKNOWLEDGED, D(2026, 11, 4)),
        (S.IN_HANDLING, D(2026, 11, 5)),
        (S.DECIDED, D(2026, 11, 16)),
        (S.CLOSED, D(2026, 11, 20)),
    ],
}


def complaint_in(state: str, world, *, actor=None, registered_by=None, **fields) -> Complaint:
    """A complaint registered by ``registered_by`` (default the worker of team A) and brought
    into ``state`` through ``transition_complaint`` by ``actor`` (default quality staff)."""
    complaint = register(world, actor=registered_by, **fields)
    for to, on in PATHS[state]:
        services.transition_complaint(
            complaint,
            to,
            actor=actor or world.quality,
            on=on,
            **step_kwargs(world, complaint.state, to),
        )
    complaint.refresh_from_db()
    assert complaint.state == state
    return complaint
