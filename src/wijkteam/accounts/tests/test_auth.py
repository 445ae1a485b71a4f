"""Sign-in, sign-out, password rules and roles."""

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

import pytest

from wijkteam.accounts.roles import ROLES
from wijkteam.accounts.tests.factories import PASSWORD
from wijkteam.accounts.tests.otp import pass_second_step
from wijkteam.core.models import AuthEvent

pytestmark = pytest.mark.django_db


def test_successful_sign_in_is_logged_and_lands_on_the_start_page(client, world):
    response = client.post(
        reverse("accounts:login"),
        {"username": world.worker.username, "password": PASSWORD},
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:otp-verify") + "?next=%2F"
    event = AuthEvent.objects.get()
    assert (event.kind, event.user, event.ip_address) == ("login", world.worker, "192.0.2.10")
    response = pass_second_step(client, world.worker, REMOTE_ADDR="192.0.2.10")
    assert response["Location"] == reverse("dashboard:home")


def test_failed_sign_in_is_logged_with_a_dutch_message(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": world.worker.username, "password": "fout"}
    )
    assert response.status_code == 200
    assert "wachtwoord" in response.content.decode().lower()
    event = AuthEvent.objects.get()
    assert (event.kind, event.username, event.user) == ("login_failed", world.worker.username, None)


def test_sign_out_is_logged_and_needs_post(client, world):
    client.force_login(world.worker)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert AuthEvent.objects.filter(kind="logout", user=world.worker).exists()
    assert client.get(reverse("dashboard:home")).status_code == 302


@pytest.mark.parametrize(
    "password",
    ["kort1!", "wachtwoord123", "12345678901234", "alleenkleineletters", "Leeuwarden1"],
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_strong_password_is_accepted():
    validate_password("Keukentafel-gesprek-58")


def test_every_role_exists_as_a_group_with_its_permissions():
    call_command("sync_roles")
    for role in ROLES:
        group = Group.objects.get(name=role.name)
        granted = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        assert granted == set(role.permissions)


def test_sync_roles_removes_a_permission_added_by_hand():
    from django.contrib.auth.models import Permission

    group = Group.objects.get(name="Gemeente (contractmanagement)")
    group.permissions.add(Permission.objects.get(codename="view_resident"))
    call_command("sync_roles")
    assert not group.permissions.filter(codename="view_resident").exists()


def test_municipality_role_has_no_permission_on_personal_data():
    role = next(r for r in ROLES if r.slug == "gemeente")
    personal = {"residents.", "support.", "accounts.view_user", "core."}
    assert not [p for p in role.permissions if any(p.startswith(x) for x in personal)]


def test_new_passwords_are_hashed_with_argon2(settings):
    from django.contrib.auth.hashers import make_password

    from wijkteam import settings as project_settings

    # the test suite swaps in a fast hasher; restore the project's list for this check
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    assert make_password("Keukentafel-gesprek-58").startswith("argon2$argon2id$")


def test_an_over_long_user_name_is_refused_by_the_form_not_by_the_database(client, db):
    response = client.post(
        reverse("accounts:login"), {"username": "x" * 300, "password": "wat-dan-ook-123"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
