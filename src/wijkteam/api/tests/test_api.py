"""The API: committed schema, token authentication, declared permissions."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

import pytest
from rest_framework.authtoken.models import Token

from wijkteam.accounts.tests.factories import PASSWORD
from wijkteam.accounts.tests.otp import valid_code

pytestmark = pytest.mark.django_db
SCHEMA = Path(settings.REPO_DIR) / "docs" / "api" / "openapi.yaml"


def test_committed_openapi_schema_matches_the_code(tmp_path):
    out = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(out), "--validate", "--fail-on-warn")
    assert out.read_text() == SCHEMA.read_text(), (
        "docs/api/openapi.yaml is out of date: run `make schema`"
    )


def test_token_authentication_gives_the_same_scope(client, world):
    response = client.post(
        reverse("api-token"),
        {
            "username": world.worker.username,
            "password": PASSWORD,
            "otp_token": valid_code(world.worker),
        },
        content_type="application/json",
    )
    token = response.json()["token"]
    assert Token.objects.get(key=token).user == world.worker
    api = client.__class__()
    data = api.get(reverse("resident-list"), HTTP_AUTHORIZATION=f"Token {token}").json()
    assert [r["id"] for r in data["results"]] == [world.resident_a.pk]


def test_anonymous_api_request_gets_401_json(client):
    response = client.get(reverse("resident-list"))
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")


def test_me_shows_roles_and_permissions(client, world):
    client.force_login(world.municipality)
    data = client.get(reverse("api-me")).json()
    assert data["roles"] == ["Gemeente (contractmanagement)"]
    assert "dashboard.view_aggregates" in data["permissions"]
    assert "residents.view_resident" not in data["permissions"]


def test_every_viewset_declares_every_action():
    from wijkteam.api.urls import router

    for _prefix, viewset, _basename in router.registry:
        declared = set(viewset.required_permissions)
        # destroy may stay undeclared: DeclaredPermissions then refuses it (nothing is deleted
        # through the API).
        standard = ("list", "retrieve", "create", "update", "partial_update")
        actions = {name for name in standard if hasattr(viewset, name)}
        actions |= {extra.__name__ for extra in viewset.get_extra_actions()}
        assert actions <= declared, f"{viewset.__name__} lacks {actions - declared}"


def test_invalid_bsn_through_the_api_gives_a_dutch_message(client, world):
    client.force_login(world.worker)
    payload = {
        "first_name": "Piet",
        "last_name": "Visser",
        "date_of_birth": "1990-01-01",
        "bsn": "123456789",
        "team": world.team_a.pk,
    }
    response = client.post(reverse("resident-list"), payload, content_type="application/json")
    assert response.status_code == 400
    assert "elfproef" in response.content.decode()
