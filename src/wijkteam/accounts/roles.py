"""The roles of wijkteam as data: one registry, synced to Django groups.

Code asks for permissions (``user.has_perm("residents.view_resident")``), never for role
names. ``docs/permissions.md`` shows the same matrix in words; a test keeps both in step.
"""

from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.utils.translation import gettext_lazy as _

# Apps that add permissions to roles: each has a module ``grants.py`` with
# ``GRANTS = {role slug: (permission, ...)}``, so a module declares its own share of the matrix.
GRANT_MODULES = (
    "wijkteam.notifications.grants",
    "wijkteam.incidents.grants",
    "wijkteam.complaints.grants",
    "wijkteam.breaches.grants",
    "wijkteam.improvements.grants",
    "wijkteam.privacy.grants",
    "wijkteam.quality.grants",
    "wijkteam.oversight.grants",
)


@cache
def module_grants() -> dict[str, tuple[str, ...]]:
    """Every role's permissions from the app modules in GRANT_MODULES, in that order."""
    grants: dict[str, tuple[str, ...]] = {}
    for name in GRANT_MODULES:
        for slug, perms in import_module(name).GRANTS.items():
            grants[slug] = grants.get(slug, ()) + tuple(perms)
    return grants


MASTER_DATA_READ = (
    "organisation.view_area",
    "organisation.view_team",
    "organisation.view_location",
    "organisation.view_stafffunction",
    "plans.view_lifedomain",
    "plans.view_ageband",
)
MASTER_DATA_WRITE = (
    "organisation.add_area",
    "organisation.change_area",
    "organisation.add_team",
    "organisation.change_team",
    "organisation.add_location",
    "organisation.change_location",
    "organisation.add_stafffunction",
    "organisation.change_stafffunction",
    "plans.add_lifedomain",
    "plans.change_lifedomain",
    "plans.add_ageband",
    "plans.change_ageband",
)
CASEWORK = (
    "residents.view_resident",
    "residents.add_resident",
    "residents.change_resident",
    "residents.view_household",
    "residents.add_household",
    "residents.change_household",
    "residents.view_consent",
    "residents.add_consent",
    "residents.change_consent",
    "support.view_supportcase",
    "support.add_supportcase",
    "support.change_supportcase",
    "support.view_casetransition",
    "support.view_casedeadline",
    "support.view_contact",
    "support.add_contact",
    "support.view_conversation",
    "support.add_conversation",
    "support.view_referral",
    "support.add_referral",
    "support.change_referral",
    "plans.view_supportplan",
    "plans.add_supportplan",
    "plans.change_supportplan",
    "plans.view_goal",
    "plans.add_goal",
    "plans.change_goal",
    "plans.view_goalevaluation",
    "plans.add_goalevaluation",
    "plans.view_action",
    "plans.add_action",
)
INTERNAL_FIGURES = (
    "accounts.view_user",
    "accounts.view_all_staff",
    "dashboard.view_aggregates",
    "dashboard.view_internal_figures",
)
LOGS = ("core.view_accesslogentry", "core.view_audit_trail", "core.view_authevent")


@dataclass(frozen=True)
class Role:
    slug: str
    name: str
    description: str
    demo_username: str
    base_permissions: tuple[str, ...]

    @property
    def permissions(self) -> tuple[str, ...]:
        """The role's permissions: the registry's own plus what app modules grant."""
        extra = module_grants().get(self.slug, ())
        return self.base_permissions + tuple(p for p in extra if p not in self.base_permissions)


ROLES: tuple[Role, ...] = (
    Role(
        slug="sociaal_werker",
        name="Sociaal werker",
        description=_(
            "Works with residents of the own teams: searches, opens and edits their files."
        ),
        demo_username="sociaalwerker",
        base_permissions=MASTER_DATA_READ + CASEWORK + ("accounts.view_user",),
    ),
    Role(
        slug="teammanager",
        name="Teammanager",
        description=_(
            "Leads one or more teams: sees the residents, staff and figures of those teams "
            "and can share a file with a colleague outside the team."
        ),
        demo_username="teammanager",
        base_permissions=MASTER_DATA_READ
        + CASEWORK
        + (
            "accounts.view_user",
            "residents.share_resident",
            "dashboard.view_aggregates",
            "dashboard.view_internal_figures",
            "support.view_team_caseload",
        ),
    ),
    Role(
        slug="kwaliteitsmedewerker",
        name="Kwaliteitsmedewerker",
        description=_(
            "Quality and privacy: searches the audit trail, the access log and sign-in events; "
            "sees organisation figures, never a resident's file."
        ),
        demo_username="kwaliteit",
        base_permissions=MASTER_DATA_READ + LOGS + INTERNAL_FIGURES,
    ),
    Role(
        slug="gemeente",
        name="Gemeente (contractmanagement)",
        description=_(
            "The municipality: aggregated figures only, small numbers suppressed; "
            "never a person's data."
        ),
        demo_username="gemeente",
        base_permissions=MASTER_DATA_READ + ("dashboard.view_aggregates",),
    ),
    Role(
        slug="functioneel_beheerder",
        name="Functioneel beheerder",
        description=_(
            "Maintains teams, areas, locations, functions and staff accounts; unlocks accounts "
            "locked after failed sign-ins; searches the logs."
        ),
        demo_username="beheer",
        base_permissions=MASTER_DATA_READ
        + MASTER_DATA_WRITE
        + LOGS
        + (
            "accounts.view_user",
            "accounts.view_all_staff",
            "accounts.add_user",
            "accounts.change_user",
            "accounts.add_teammembership",
            "accounts.change_teammembership",
            "accounts.reset_lockout",
            "accounts.reset_otp",
        ),
    ),
    Role(
        slug="bestuurder",
        name="Bestuurder",
        description=_("The board: organisation-wide figures and the staff overview."),
        demo_username="bestuurder",
        base_permissions=MASTER_DATA_READ + INTERNAL_FIGURES,
    ),
)

ROLES_BY_SLUG = {role.slug: role for role in ROLES}


def sync_roles(using="default", stdout=None):
    """Create or update one group per role with exactly the registry's permissions."""
    from django.contrib.auth.models import Group, Permission

    wanted = {perm for role in ROLES for perm in role.permissions}
    found = {}
    for perm in Permission.objects.using(using).select_related("content_type"):
        found[f"{perm.content_type.app_label}.{perm.codename}"] = perm
    missing = sorted(wanted - set(found))
    if missing:
        # Permissions of apps that are not migrated yet; the next post_migrate completes it.
        return False
    for role in ROLES:
        group, _created = Group.objects.using(using).get_or_create(name=role.name)
        group.permissions.set([found[p] for p in role.permissions])
        if stdout is not None:
            stdout.write(f"{role.name}: {len(role.permissions)} permissions")
    return True
