"""Lockout after failed sign-ins, idle timeout, keep-alive and signing out everywhere."""

import time

from django.test import Client
from django.urls import reverse

import pytest

from wijkteam.accounts.lockout import current_lockouts
from wijkteam.accounts.tests.factories import PASSWORD
from wijkteam.accounts.tests.otp import pass_second_step
from wijkteam.core.middleware import LAST_ACTIVITY_KEY, SESSION_START_KEY
from wijkteam.core.models import AuthEvent

pytestmark = pytest.mark.django_db

ADDRESS = "192.0.2.44"


def sign_in(client, username, password, address=ADDRESS):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def fail(client, username, times, address=ADDRESS):
    response = None
    for _ in range(times):
        response = sign_in(client, username, "niet-het-wachtwoord", address)
    return response


def test_account_is_locked_after_the_limit_with_a_dutch_message(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    assert fail(client, world.worker.username, 2).status_code == 200
    response = fail(client, world.worker.username, 1)
    assert response.status_code == 429
    body = response.content.decode()
    assert "tijdelijk geblokkeerd" in body
    assert 'role="alert"' in body
    assert AuthEvent.objects.filter(kind="login_failed").count() == 3

    # The correct password is refused too while locked, also from another address.
    response = sign_in(client, world.worker.username, PASSWORD, address="198.51.100.7")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_address_is_locked_for_every_account(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    fail(client, "bestaat-niet-1", 1)
    fail(client, "bestaat-niet-2", 1)
    fail(client, "bestaat-niet-3", 1)
    # Another, existing account from the same address, with the right password: refused.
    assert sign_in(client, world.manager.username, PASSWORD).status_code == 429
    # The same account from another address is fine.
    other = Client()
    assert (
        sign_in(other, world.manager.username, PASSWORD, address="198.51.100.8").status_code == 302
    )


def test_beheer_sees_and_lifts_a_lockout_after_which_sign_in_works(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    fail(client, world.worker.username, 3, address="198.51.100.1")
    fail(client, world.worker.username, 3, address="198.51.100.2")
    assert sign_in(client, world.worker.username, PASSWORD).status_code == 429

    beheer = Client()
    beheer.force_login(world.users["functioneel_beheerder"])
    page = beheer.get(reverse("accounts:lockout-list"))
    assert page.status_code == 200
    assert world.worker.username in page.content.decode()
    assert "Ontgrendelen" in page.content.decode()

    response = beheer.post(reverse("accounts:lockout-reset"), {"username": world.worker.username})
    assert response.status_code == 302
    event = AuthEvent.objects.get(kind="unlock")
    assert (event.username, event.user) == (
        world.worker.username,
        world.users["functioneel_beheerder"],
    )
    assert world.worker.username not in [lock.value for lock in current_lockouts()]

    assert sign_in(Client(), world.worker.username, PASSWORD).status_code == 302


def test_beheer_lifts_an_address_lockout(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 2
    fail(client, "iemand", 1)
    fail(client, "iemand-anders", 1)
    beheer = Client()
    beheer.force_login(world.users["functioneel_beheerder"])
    assert ADDRESS in beheer.get(reverse("accounts:lockout-list")).content.decode()
    beheer.post(reverse("accounts:lockout-reset"), {"ip_address": ADDRESS})
    assert AuthEvent.objects.get(kind="unlock").ip_address == ADDRESS
    assert sign_in(client, world.worker.username, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "role", ["sociaal_werker", "teammanager", "kwaliteitsmedewerker", "gemeente", "bestuurder"]
)
def test_other_roles_cannot_unlock(client, world, role):
    client.force_login(world.users[role])
    assert client.get(reverse("accounts:lockout-list")).status_code == 403
    response = client.post(reverse("accounts:lockout-reset"), {"username": "x"})
    assert response.status_code == 403
    assert not AuthEvent.objects.filter(kind="unlock").exists()


def test_api_token_is_refused_while_locked(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 2
    fail(client, world.worker.username, 2)
    response = client.post(
        reverse("api-token"),
        {"username": world.worker.username, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.9",
    )
    # Refused like a wrong password (DRF wraps the request, so axes' flag does not reach
    # its middleware); what matters is that no token is handed out.
    assert response.status_code in (400, 429)
    assert "token" not in response.json()


def age_session(client, minutes):
    session = client.session
    session[LAST_ACTIVITY_KEY] = time.time() - minutes * 60
    session.save()


def test_idle_session_ends_with_a_dutch_message(client, world, settings):
    settings.SESSION_IDLE_TIMEOUT = 15
    assert sign_in(client, world.worker.username, PASSWORD).status_code == 302
    assert pass_second_step(client, world.worker).status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 200
    age_session(client, 14)
    assert client.get(reverse("dashboard:home")).status_code == 200
    age_session(client, 16)
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    login_page = client.get(response["Location"])
    assert "automatisch uitgelogd na 15 minuten zonder activiteit" in login_page.content.decode()
    # Shown once, and the session is really gone.
    assert "automatisch" not in client.get(reverse("accounts:login")).content.decode()
    assert client.get(reverse("dashboard:home")).status_code == 302


def test_absolute_lifetime_still_applies(client, world, settings):
    client.force_login(world.worker)
    session = client.session
    session[SESSION_START_KEY] = time.time() - settings.SESSION_COOKIE_AGE - 1
    session.save()
    assert client.get(reverse("dashboard:home")).status_code == 302


def test_keep_alive_refreshes_the_activity_time(client, world):
    client.force_login(world.worker)
    assert client.get(reverse("accounts:keep-alive")).status_code == 405
    age_session(client, 10)
    response = client.post(reverse("accounts:keep-alive"))
    assert response.status_code == 204
    assert time.time() - client.session[LAST_ACTIVITY_KEY] < 5
    age_session(client, 14)
    assert client.post(reverse("accounts:keep-alive")).status_code == 204
    assert client.get(reverse("dashboard:home")).status_code == 200


def test_pages_carry_the_timeout_for_the_warning(client, world, settings):
    settings.SESSION_IDLE_TIMEOUT = 20
    client.force_login(world.worker)
    body = client.get(reverse("dashboard:home")).content.decode()
    assert 'data-idle-timeout="1200"' in body
    assert f'data-keep-alive-url="{reverse("accounts:keep-alive")}"' in body
    assert 'id="idle-warning"' in body
    assert "Ingelogd blijven" in body
    assert "data-idle-timeout" not in Client().get(reverse("accounts:login")).content.decode()


def test_sign_out_everywhere_ends_other_sessions(world):
    phone, laptop = Client(), Client()
    assert sign_in(phone, world.worker.username, PASSWORD).status_code == 302
    assert pass_second_step(phone, world.worker).status_code == 302
    assert sign_in(laptop, world.worker.username, PASSWORD).status_code == 302
    assert pass_second_step(laptop, world.worker).status_code == 302
    other = Client()
    other.force_login(world.manager)

    response = laptop.post(reverse("accounts:logout-everywhere"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "op alle apparaten uitgelogd" in laptop.get(response["Location"]).content.decode()
    assert phone.get(reverse("dashboard:home")).status_code == 302
    assert laptop.get(reverse("dashboard:home")).status_code == 302
    assert other.get(reverse("dashboard:home")).status_code == 200
    assert AuthEvent.objects.filter(kind="logout_all", user=world.worker).exists()
    # Signing in again works.
    assert sign_in(phone, world.worker.username, PASSWORD).status_code == 302
    assert pass_second_step(phone, world.worker).status_code == 302
    assert phone.get(reverse("dashboard:home")).status_code == 200


def test_start_page_links_to_sign_out_everywhere(client, world):
    client.force_login(world.worker)
    body = client.get(reverse("dashboard:home")).content.decode()
    assert reverse("accounts:logout-everywhere") in body
    assert reverse("accounts:lockout-list") not in body
    client.force_login(world.users["functioneel_beheerder"])
    assert (
        reverse("accounts:lockout-list") in client.get(reverse("dashboard:home")).content.decode()
    )
