"""Permissions this app adds to each role (see accounts/roles.py), keyed by role slug.

Workers may break the glass; quality staff review grants and read the access review; functioneel
beheer reads both. Quality staff cannot break the glass: they have no resident access by design.
"""

READ = (
    "oversight.view_breakglassgrant",
    "oversight.view_breakglassreview",
    "oversight.view_access_review",
)

GRANTS: dict[str, tuple[str, ...]] = {
    "sociaal_werker": ("oversight.break_glass",),
    "teammanager": ("oversight.break_glass",),
    "kwaliteitsmedewerker": (*READ, "oversight.add_breakglassreview"),
    "functioneel_beheerder": READ,
}
