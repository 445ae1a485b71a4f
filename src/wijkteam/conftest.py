"""Shared fixtures: a small organisation with one user per role.

``world`` holds two neighbourhood teams (A and B), a resident in each, and a user per role;
the worker and the manager belong to team A only.
"""

from types import SimpleNamespace

from django.test import Client

import pytest

from wijkteam.accounts.roles import ROLES
from wijkteam.accounts.tests.factories import UserFactory
from wijkteam.organisation.tests.factories import AreaFactory, LocationFactory, TeamFactory
from wijkteam.plans.tests.factories import AgeBandFactory, GoalFactory
from wijkteam.residents.tests.factories import (
    ConsentFactory,
    HouseholdMemberFactory,
    ResidentFactory,
)
from wijkteam.support.tests.factories import SupportCaseFactory


@pytest.fixture
def world(db):
    area = AreaFactory(code="centrum-oost", name="Centrum-Oost")
    team_a = TeamFactory(code="wijkteam-a", name="Wijkteam A", areas=[area])
    team_b = TeamFactory(code="wijkteam-b", name="Wijkteam B")
    staff_team = TeamFactory(code="staf", name="Staf en kwaliteit", kind="support")
    location = LocationFactory(area=area)
    resident_a = ResidentFactory(team=team_a, last_name="Jansen")
    resident_b = ResidentFactory(team=team_b, last_name="Bakker")
    member_a = HouseholdMemberFactory(resident=resident_a, household__team=team_a)
    case_a = SupportCaseFactory(resident=resident_a, household=member_a.household)
    case_b = SupportCaseFactory(resident=resident_b)
    consent_a = ConsentFactory(resident=resident_a)
    users = {}
    for role in ROLES:
        teams = {
            "sociaal_werker": [team_a],
            "teammanager": [team_a],
            "gemeente": [],
        }.get(role.slug, [staff_team])
        users[role.slug] = UserFactory(username=role.demo_username, role=role.slug, teams=teams)
    goal_a = GoalFactory(plan__case=case_a, plan__created_by=users["sociaal_werker"])
    return SimpleNamespace(
        area=area,
        team_a=team_a,
        team_b=team_b,
        staff_team=staff_team,
        location=location,
        resident_a=resident_a,
        resident_b=resident_b,
        household_a=member_a.household,
        case_a=case_a,
        case_b=case_b,
        consent_a=consent_a,
        plan_a=goal_a.plan,
        goal_a=goal_a,
        life_domain=goal_a.life_domain,
        age_band=AgeBandFactory(),
        users=users,
        worker=users["sociaal_werker"],
        manager=users["teammanager"],
        quality=users["kwaliteitsmedewerker"],
        municipality=users["gemeente"],
        admin=users["functioneel_beheerder"],
        board=users["bestuurder"],
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing with PBKDF2 costs ~0.3 s a user; tests do not need the strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Production uses a hashed manifest built by collectstatic; tests serve plain names."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# --- Two-step verification -------------------------------------------------------------------
# Every page needs a session that passed the second sign-in step. ``client.force_login(user)``
# gives such a session in tests (the user gets a confirmed authenticator if they have none);
# the marker ``@pytest.mark.unverified_2fa`` or the fixture ``force_login_unverified`` gives a
# session that only passed the password, as right after the login form.

_plain_force_login = Client.force_login


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "unverified_2fa: client.force_login() leaves the second sign-in step open"
    )


def verify_session(client, user):
    """Mark the client's session as having passed the second step with the user's device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


@pytest.fixture(autouse=True)
def verified_force_login(request, monkeypatch):
    if request.node.get_closest_marker("unverified_2fa"):
        return

    def force_login(self, user, backend=None):
        _plain_force_login(self, user, backend)
        verify_session(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def force_login_unverified():
    """``force_login_unverified(client, user)``: signed in with the password step only."""

    def login(client, user, backend=None):
        _plain_force_login(client, user, backend)

    return login
