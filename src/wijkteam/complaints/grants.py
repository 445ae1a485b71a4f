"""Permissions this app adds to each role (see accounts/roles.py), keyed by role slug.

- Every staff member who works with residents registers complaints they receive and sees
  the ones they registered (and handle); the scope is in ``scoping.py``.
- A teammanager sees and handles the complaints about the own teams.
- Quality staff (kwaliteitsmedewerker, klachtenfunctionaris) see and handle every complaint.
- The municipality and the board never see a complaint (only the quality app's figures);
  they read the categories like other master data. Functioneel beheer maintains them.
"""

CATEGORY_READ = ("complaints.view_complaintcategory",)
REGISTER = (
    "complaints.view_complaint",
    "complaints.add_complaint",
    "complaints.view_complaintevent",
)
HANDLE = ("complaints.change_complaint",)

GRANTS: dict[str, tuple[str, ...]] = {
    "sociaal_werker": REGISTER + CATEGORY_READ,
    "teammanager": REGISTER + HANDLE + ("complaints.view_team_complaints",) + CATEGORY_READ,
    "kwaliteitsmedewerker": REGISTER + HANDLE + ("complaints.view_all_complaints",) + CATEGORY_READ,
    "gemeente": CATEGORY_READ,
    "functioneel_beheerder": CATEGORY_READ
    + ("complaints.add_complaintcategory", "complaints.change_complaintcategory"),
    "bestuurder": CATEGORY_READ,
}
