"""Permissions this app adds to each role (see accounts/roles.py), keyed by role slug.

Quality staff see every team's figures in full; a teammanager sees the own teams' figures in
full; the municipality and the board see every team's figures with small numbers suppressed.
"""

OVERVIEW = ("quality.view_quality_overview",)

GRANTS: dict[str, tuple[str, ...]] = {
    "teammanager": OVERVIEW + ("quality.view_unsuppressed_figures",),
    "kwaliteitsmedewerker": OVERVIEW
    + ("quality.view_unsuppressed_figures", "quality.view_all_teams_figures"),
    "gemeente": OVERVIEW + ("quality.view_all_teams_figures",),
    "bestuurder": OVERVIEW + ("quality.view_all_teams_figures",),
}
