"""Permissions this app adds to each role (see accounts/roles.py), keyed by role slug.

Teammanagers are responsible for improvement plans (one per plan) and see their teams';
quality staff see and verify all of them; the board (MT) follows them all; a worker sees the
plans in which they own an action and reports on that action.
"""

READ = ("improvements.view_improvementplan", "improvements.view_improvementaction")
MANAGE = (
    "improvements.add_improvementplan",
    "improvements.change_improvementplan",
    "improvements.add_improvementaction",
    "improvements.change_improvementaction",
)

GRANTS: dict[str, tuple[str, ...]] = {
    "sociaal_werker": READ + ("improvements.change_improvementaction",),
    "teammanager": READ + MANAGE + ("improvements.view_team_improvementplans",),
    "kwaliteitsmedewerker": READ
    + MANAGE
    + (
        "improvements.view_all_improvementplans",
        "improvements.verify_improvementplan",
        "improvements.view_plantransition",
    ),
    "bestuurder": READ + ("improvements.view_all_improvementplans",),
}
