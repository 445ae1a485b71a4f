"""Explicit regression tests for what the hostile-input tests found (they find such cases
by chance; these pin them down)."""

import json

from django.urls import reverse

import pytest

from wijkteam.residents.models import Resident

from .hostile import looks_english

pytestmark = pytest.mark.django_db
HUGE = 10**30


def test_pk_in_with_a_number_beyond_the_column_matches_nothing(world):
    assert list(Resident.objects.filter(pk__in=[HUGE])) == []
    assert list(Resident.objects.filter(pk__in=[HUGE, world.resident_a.pk])) == [world.resident_a]
    assert list(Resident.objects.filter(pk__in=[-HUGE])) == []


def test_a_multiple_choice_field_with_a_huge_number_is_a_dutch_form_error(client, world):
    client.force_login(world.worker)
    url = reverse("plans:plan-update", kwargs={"pk": world.plan_a.pk})
    response = client.post(url, {"version": world.plan_a.version, "workers": str(HUGE)})
    assert response.status_code == 200
    assert "geldige keuze" in response.content.decode()


@pytest.mark.parametrize("body", ["[]", '"tekst"', "42", "null", "[{}]"])
def test_an_api_body_that_is_not_an_object_is_a_dutch_400(client, world, body):
    client.force_login(world.worker)
    url = reverse("referral-detail", kwargs={"pk": _referral(world).pk})
    response = client.patch(url, body, content_type="application/json")
    assert response.status_code == 400
    assert "Verwacht een dictionary" in response.content.decode()


@pytest.mark.parametrize("body", ["{", "NaN", '{"a": 1,}', "\x00"])
def test_malformed_json_is_a_dutch_400_without_the_parser_text(client, world, body):
    client.force_login(world.worker)
    response = client.post(reverse("resident-list"), body, content_type="application/json")
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "JSON parse error" not in detail and not looks_english(detail)


def test_api_404_does_not_name_the_model(client, world):
    client.force_login(world.worker)
    response = client.get(reverse("resident-detail", kwargs={"pk": world.resident_b.pk}))
    assert response.status_code == 404
    assert response.json() == {"detail": "Niet gevonden."}


def test_drf_messages_without_a_dutch_translation_upstream_are_dutch(client, world):
    client.force_login(world.worker)
    body = {"first_name": False, "last_name": ["x"], "interpreter_needed": "misschien"}
    response = client.post(reverse("resident-list"), body, content_type="application/json")
    assert response.status_code == 400
    messages = json.dumps(response.json(), ensure_ascii=False)
    assert "Not a valid string" not in messages and "Must be a valid boolean" not in messages


def test_the_password_length_message_is_dutch(client, world):
    client.force_login(world.worker)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": "x", "new_password1": "Kort-1", "new_password2": "Kort-1"},
    )
    assert "te kort" in response.content.decode()
    assert "too short" not in response.content.decode()


def _referral(world):
    from wijkteam.support.tests.factories import ReferralFactory

    return ReferralFactory(case=world.case_a, recorded_by=world.worker)
