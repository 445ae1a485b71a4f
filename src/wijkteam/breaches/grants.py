"""Permissions this app adds to each role (see accounts/roles.py), keyed by role slug.

Every staff member may report a data breach and see the ones they reported or discovered;
teammanagers also see their teams' breaches; quality and privacy staff handle all of them.
The municipality and the board see breaches only as counts in the quality overview.
"""

REPORT = ("breaches.view_databreach", "breaches.add_databreach")

GRANTS: dict[str, tuple[str, ...]] = {
    "sociaal_werker": REPORT,
    "teammanager": REPORT + ("breaches.view_team_databreaches",),
    "kwaliteitsmedewerker": REPORT
    + (
        "breaches.change_databreach",
        "breaches.view_all_databreaches",
        "breaches.view_breachtransition",
    ),
    "functioneel_beheerder": REPORT,
}
