"""Helpers for the incident tests: incidents made through the services, relative to TODAY."""

import datetime

from wijkteam.incidents import services
from wijkteam.incidents.choices import AftercareOutcome, IncidentKind, IncidentLocationKind
from wijkteam.incidents.models import Calamity, Incident
from wijkteam.incidents.workflow import CalamityState, IncidentState

# A Friday; every date in these tests is relative to it, whatever the real date is.
TODAY = datetime.date(2026, 11, 27)
D = datetime.date


def incident_values(world, **fields) -> dict:
    values = {
        "occurred_on": TODAY,
        "occurred_time": datetime.time(10, 30),
        "location_kind": IncidentLocationKind.OFFICE,
        "team": world.team_a,
        "kind": IncidentKind.VERBAL_AGGRESSION,
        "category": 2,
        "description": "Bewoner werd boos aan de balie en weigerde te vertrekken.",
    }
    values.update(fields)
    return values


def report(world, *, actor=None, staff=(), **fields) -> Incident:
    """An incident reported through the service (history, deadline, calamity flag)."""
    actor = actor or world.worker
    incident = Incident(**incident_values(world, **fields))
    return services.report_incident(actor=actor, incident=incident, staff_involved=staff)


# The steps from REPORTED to each state (by the teammanager).
def incident_in(state, world, **fields) -> Incident:
    incident = report(world, **fields)
    manager = world.manager
    if state in (IncidentState.AFTERCARE_PLANNED,):
        services.transition_incident(
            incident, IncidentState.AFTERCARE_PLANNED, actor=manager, planned_on=TODAY
        )
    if state in (IncidentState.AFTERCARE_DONE, IncidentState.CLOSED):
        services.transition_incident(
            incident, IncidentState.AFTERCARE_DONE, actor=manager, outcome=AftercareOutcome.HELD
        )
    if state == IncidentState.CLOSED:
        services.transition_incident(incident, IncidentState.CLOSED, actor=manager)
    incident.refresh_from_db()
    assert incident.state == state
    return incident


CALAMITY_PATHS = {
    CalamityState.TO_ASSESS: [],
    CalamityState.NOT_CALAMITY: [CalamityState.NOT_CALAMITY],
    CalamityState.CALAMITY: [CalamityState.CALAMITY],
    CalamityState.REPORTED: [CalamityState.CALAMITY, CalamityState.REPORTED],
    CalamityState.INVESTIGATED: [
        CalamityState.CALAMITY,
        CalamityState.REPORTED,
        CalamityState.INVESTIGATED,
    ],
    CalamityState.CLOSED: [
        CalamityState.CALAMITY,
        CalamityState.REPORTED,
        CalamityState.INVESTIGATED,
        CalamityState.CLOSED,
    ],
}

CALAMITY_STEP_DATA = {
    "reason": "Letsel bij medewerker; valt onder de meldplicht.",
    "reported_to": "GGD Fryslân (toezichthouder Wmo)",
    "reference": "GGD-2026-041",
    "summary": "Intern onderzoek afgerond; werkwijze huisbezoek aangescherpt.",
}


def calamity_in(state, world, **fields) -> Calamity:
    """A category-5 incident whose calamity procedure was brought into ``state``."""
    fields.setdefault("category", 5)
    incident = report(world, **fields)
    calamity = Calamity.objects.get(incident=incident)
    for to in CALAMITY_PATHS[state]:
        services.transition_calamity(calamity, to, actor=world.quality, **CALAMITY_STEP_DATA)
    calamity.refresh_from_db()
    assert calamity.state == state
    return calamity
