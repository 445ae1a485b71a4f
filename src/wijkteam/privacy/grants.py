"""Permissions this app adds to each role (see accounts/roles.py), keyed by role slug.

AVG rights (docs/parts/privacy.md, docs/permissions/privacy.md):

* inzage (art. 15): the teammanager produces it, for residents in scope. The sociaal werker
  does not: an inzage hands over the whole file, including who looked at it, and the
  teammanager checks it for third parties' data before it goes out (four eyes). The worker
  sees that an inzage was produced (``view_inzagerequest``) on the resident's page.
* rectification (art. 16): the worker records a request, the teammanager decides.
* restriction (art. 18): the teammanager restricts and lifts; everybody who sees the file
  sees the restriction.
* the pseudonymised monitoring export: the municipality only.
"""

CASEWORK_PRIVACY = (
    "privacy.view_inzagerequest",
    "privacy.view_rectificationrequest",
    "privacy.add_rectificationrequest",
    "privacy.view_processingrestriction",
)

# Retention (docs/parts/retention.md, docs/permissions/retention.md): quality staff and
# functioneel beheer read the run reports (metadata only) and start dry runs; teammanagers
# (own teams' cases) and quality staff (any case, by number) place and lift legal holds.
RETENTION_REPORTS = (
    "privacy.view_retentionrun",
    "privacy.preview_retention",
)
LEGAL_HOLDS = (
    "privacy.view_legalhold",
    "privacy.set_legal_hold",
)

GRANTS: dict[str, tuple[str, ...]] = {
    "sociaal_werker": CASEWORK_PRIVACY,
    "teammanager": CASEWORK_PRIVACY
    + (
        "privacy.produce_inzage",
        "privacy.decide_rectificationrequest",
        "privacy.restrict_processing",
    )
    + LEGAL_HOLDS,
    "kwaliteitsmedewerker": RETENTION_REPORTS + LEGAL_HOLDS,
    "gemeente": ("privacy.export_monitoring",),
    "functioneel_beheerder": RETENTION_REPORTS,
    "bestuurder": (),
}
