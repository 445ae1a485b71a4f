"""Permissions this app adds to each role (see accounts/roles.py), keyed by role slug.

Sociaal werker: report and see the own reports. Teammanager: report, see the own teams'
incidents, correct a report, plan and confirm the aftercare, close and reopen, manage follow-up
actions and people who need more than basic support. Kwaliteitsmedewerker: see every incident,
decide whether one is a calamity and track its report to the supervisory authority, follow
people who need more than basic support. The municipality, the board and functioneel beheer
never see an individual incident (figures come from the ``quality`` app).
"""

_SEE_OWN = (
    "incidents.view_incident",
    "incidents.add_incident",
    "incidents.view_incidentevent",
    "incidents.view_followupaction",
)
_CARE_NEEDS = (
    "incidents.view_careneed",
    "incidents.add_careneed",
    "incidents.change_careneed",
)

GRANTS: dict[str, tuple[str, ...]] = {
    "sociaal_werker": _SEE_OWN,
    "teammanager": _SEE_OWN
    + _CARE_NEEDS
    + (
        "incidents.view_team_incidents",
        "incidents.change_incident",
        "incidents.confirm_aftercare",
        "incidents.close_incident",
        "incidents.add_followupaction",
        "incidents.change_followupaction",
        "incidents.view_calamity",
    ),
    "kwaliteitsmedewerker": _CARE_NEEDS
    + (
        "incidents.view_incident",
        "incidents.view_all_incidents",
        "incidents.view_incidentevent",
        "incidents.view_followupaction",
        "incidents.view_calamity",
        "incidents.decide_calamity",
        "incidents.track_calamity",
    ),
}
