"""Every URL of the application, as every role and anonymously, against docs/permissions.md.

A URL that is not in the table fails the test, so a new page or endpoint must be declared.
"""

from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest

from wijkteam.accounts.roles import ROLES

DOC = Path(settings.REPO_DIR) / "docs" / "permissions.md"
# One file per module besides the main matrix: docs/permissions/<app>.md, same columns.
MODULE_DOCS = sorted((Path(settings.REPO_DIR) / "docs" / "permissions").glob("*.md"))
COLUMNS = ["SW", "TM", "KW", "GM", "FB", "BS", "anon"]
ROLE_BY_COLUMN = dict(zip(COLUMNS, [r.slug for r in ROLES] + ["anonymous"], strict=True))


def parse_matrix() -> dict[tuple[str, str], dict[str, bool]]:
    rows = {}
    lines = [
        line for doc in (DOC, *MODULE_DOCS) for line in doc.read_text(encoding="utf-8").splitlines()
    ]
    for line in lines:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 + len(COLUMNS) or cells[1] not in {"GET", "POST", "PATCH"}:
            continue
        assert (cells[0], cells[1]) not in rows, f"declared twice: {cells[0]} {cells[1]}"
        rows[(cells[0], cells[1])] = {
            ROLE_BY_COLUMN[col]: value == "ja"
            for col, value in zip(COLUMNS, cells[2:], strict=True)
        }
    return rows


MATRIX = parse_matrix()


def url_names(patterns=None, prefix="") -> set[str]:
    names = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= url_names(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


def test_every_url_is_declared_in_the_permission_matrix():
    documented = {name for name, _method in MATRIX}
    missing = sorted(url_names() - documented)
    assert not missing, f"URLs without a row in docs/permissions.md: {missing}"


def test_matrix_names_only_existing_urls():
    stale = sorted({name for name, _m in MATRIX} - url_names())
    assert not stale, f"docs/permissions.md lists URLs that do not exist: {stale}"


def url_kwargs(name: str, world) -> dict:
    objects = {
        "accounts:staff-detail": world.worker,
        "accounts:staff-update": world.worker,
        "accounts:membership-create": world.worker,
        "accounts:membership-end": world.worker.memberships.first(),
        "organisation:team-detail": world.team_a,
        "organisation:team-update": world.team_a,
        "organisation:team-succeed": world.team_a,
        "organisation:area-update": world.area,
        "organisation:location-update": world.location,
        "organisation:function-update": world.worker.function,
        "residents:resident-detail": world.resident_a,
        "residents:resident-update": world.resident_a,
        "residents:resident-share": world.resident_a,
        "residents:consent-create": world.resident_a,
        "residents:household-create": world.resident_a,
        "residents:household-detail": world.household_a,
        "residents:resident-timeline": world.resident_a,
        "residents:household-timeline": world.household_a,
        "residents:household-update": world.household_a,
        "residents:household-member-add": world.household_a,
        "household-detail": world.household_a,
        "residents:consent-withdraw": world.consent_a,
        "consent-detail": world.consent_a,
        "consent-withdraw": world.consent_a,
        "plans:plan-detail": world.plan_a,
        "plans:plan-update": world.plan_a,
        "plans:goal-create": world.plan_a,
        "plans:goal-update": world.goal_a,
        "plans:goal-evaluate": world.goal_a,
        "plans:action-create": world.goal_a,
        "plans:life-domain-update": world.life_domain,
        "plans:age-band-update": world.age_band,
        "plan-detail": world.plan_a,
        "goal-detail": world.goal_a,
        "goal-evaluate": world.goal_a,
        "life-domain-detail": world.life_domain,
        "resident-detail": world.resident_a,
        "case-detail": world.case_a,
        "case-transition": world.case_a,
        "support:case-detail": world.case_a,
        "support:case-transition": world.case_a,
        "support:contact-create": world.case_a,
        "support:conversation-create": world.case_a,
        "support:referral-create": world.case_a,
        "support:referral-update": world.referral_a,
        "contact-detail": world.contact_a,
        "conversation-detail": world.conversation_a,
        "referral-detail": world.referral_a,
        "team-detail": world.team_a,
        "area-detail": world.area,
        "location-detail": world.location,
        "function-detail": world.worker.function,
        "staff-detail": world.worker,
        "access-log-detail": world.access_entry,
        "audit-log-detail": world.audit_entry,
    }
    for module_objects in app_url_objects(world):
        objects.update(module_objects)
    obj = objects.get(name)
    if isinstance(obj, dict):  # URLs with other arguments than one pk
        return obj
    return {"pk": obj.pk} if obj is not None else {}


def app_url_objects(world):
    """Objects for the URLs of apps with ``tests/permission_objects.py``.

    Such a module has ``objects(world) -> {url name: object with a pk, or a kwargs dict}``,
    building in-scope objects for the worker of team A (world.worker).
    """
    for app in settings.INSTALLED_APPS:
        if not app.startswith("wijkteam."):
            continue
        name = f"{app}.tests.permission_objects"
        if find_spec(f"{app}.tests") is not None and find_spec(name) is not None:
            yield import_module(name).objects(world)


def support_objects(world):
    """A referral, contact and conversation on case A, for the support detail URLs."""
    from wijkteam.support.tests.factories import (
        ContactFactory,
        ConversationFactory,
        ReferralFactory,
    )

    on_case_a = {"case": world.case_a, "recorded_by": world.worker}
    return (
        ReferralFactory(**on_case_a),
        ContactFactory(**on_case_a),
        ConversationFactory(**on_case_a),
    )


CASES = [
    pytest.param(name, method, role, allowed, id=f"{name}-{method}-{role}")
    for (name, method), roles in sorted(MATRIX.items())
    for role, allowed in roles.items()
]


@pytest.mark.parametrize(("name", "method", "role", "allowed"), CASES)
def test_role_gets_exactly_what_the_matrix_says(client, world, name, method, role, allowed):
    from auditlog.models import LogEntry

    from wijkteam.core.accesslog import record_access

    world.access_entry = record_access(
        user=world.worker, resident_ids=[world.resident_a.pk], action="view", context="test"
    )[0]
    world.audit_entry = LogEntry.objects.get_for_object(world.resident_a).first()
    support = support_objects(world)
    world.referral_a, world.contact_a, world.conversation_a = support
    if role != "anonymous":
        client.force_login(world.users[role])
    url = reverse(name, kwargs=url_kwargs(name, world))
    is_api = url.startswith("/api/")
    if method == "GET":
        response = client.get(url)
    elif method == "POST" and is_api:
        response = client.post(url, {}, content_type="application/json")
    elif method == "POST":
        response = client.post(url, {})
    else:
        response = client.patch(url, {}, content_type="application/json")
    status = response.status_code
    login_url = reverse(settings.LOGIN_URL)
    if is_api:
        served = status not in (401, 403)
    else:
        # A refusal sends the visitor to sign in and come back (?next=); signing out also lands
        # on the login page, but without a way back.
        redirect_to_login = status == 302 and response["Location"].startswith(f"{login_url}?next=")
        served = status in (200, 204) or (status == 302 and not redirect_to_login)
        if not allowed:
            expected_refusal = redirect_to_login if role == "anonymous" else status == 403
            assert expected_refusal, f"{name} as {role}: got {status}, expected a refusal"
    assert status < 500
    assert served is allowed, (
        f"{method} {url} as {role}: status {status}, matrix says {'ja' if allowed else 'nee'}"
    )
    if is_api and not allowed:
        assert status == (401 if role == "anonymous" else 403)
