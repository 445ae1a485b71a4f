"""Validation, conflicts, search and sharing of residents."""

import datetime

from django.urls import reverse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkteam.core.tests.test_audit_trail import resident_form_data
from wijkteam.residents.models import Resident, ResidentShare
from wijkteam.residents.search import search_filter

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("bsn", "123456789", "BSN"),
        ("postcode", "0123 AB", "postcode"),
        ("date_of_birth", "2999-01-01", "toekomst"),
        ("last_name", "", "vereist"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_saves_nothing(client, world, field, value, message):
    client.force_login(world.worker)
    before = Resident.objects.get(pk=world.resident_a.pk)
    url = reverse("residents:resident-update", args=[world.resident_a.pk])
    response = client.post(url, resident_form_data(world.resident_a, **{field: value}))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message.lower() in errors.lower()
    after = Resident.objects.get(pk=world.resident_a.pk)
    assert (after.version, getattr(after, field)) == (before.version, getattr(before, field))


def test_second_concurrent_edit_is_refused_and_nothing_is_lost(client, world):
    client.force_login(world.worker)
    url = reverse("residents:resident-update", args=[world.resident_a.pk])
    first = resident_form_data(world.resident_a, phone="058-1111111")
    second = resident_form_data(world.resident_a, email="nieuw@example.nl")
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 200
    assert "intussen gewijzigd" in response.content.decode()
    # the second user's input is still in the form, the first save is intact
    assert response.context["form"]["email"].value() == "nieuw@example.nl"
    stored = Resident.objects.get(pk=world.resident_a.pk)
    assert (stored.phone, stored.email, stored.version) == ("058-1111111", "", 2)


def test_api_update_with_a_stale_version_is_refused(client, world):
    client.force_login(world.worker)
    url = reverse("resident-detail", args=[world.resident_a.pk])
    ok = client.patch(url, {"phone": "1", "version": 1}, content_type="application/json")
    assert ok.status_code == 200
    stale = client.patch(url, {"phone": "2", "version": 1}, content_type="application/json")
    assert stale.status_code == 400
    assert "intussen gewijzigd" in stale.content.decode()
    assert Resident.objects.get(pk=world.resident_a.pk).phone == "1"


def test_api_update_without_version_is_refused(client, world):
    client.force_login(world.worker)
    url = reverse("resident-detail", args=[world.resident_a.pk])
    response = client.patch(url, {"phone": "2"}, content_type="application/json")
    assert response.status_code == 400
    assert "version" in response.json()


def test_same_bsn_twice_is_refused(client, world):
    client.force_login(world.worker)
    data = resident_form_data(world.resident_a, version="", first_name="Dubbel")
    response = client.post(reverse("residents:resident-create"), data)
    assert response.status_code == 200
    assert "bsn" in response.context["form"].errors
    assert not Resident.objects.filter(first_name="Dubbel").exists()


def test_worker_cannot_register_a_resident_with_another_team(client, world):
    client.force_login(world.worker)
    data = resident_form_data(world.resident_a, version="", bsn="", team=world.team_b.pk)
    response = client.post(reverse("residents:resident-create"), data)
    assert response.status_code == 200
    assert "team" in response.context["form"].errors


def test_api_worker_cannot_register_with_another_team(client, world):
    client.force_login(world.worker)
    payload = {
        "first_name": "Piet",
        "last_name": "de Vries",
        "date_of_birth": "1990-01-01",
        "team": world.team_b.pk,
    }
    response = client.post(reverse("resident-list"), payload, content_type="application/json")
    assert response.status_code == 400
    assert not Resident.objects.filter(first_name="Piet").exists()


@pytest.mark.parametrize("term", ["Jansen", "jans", "8911 ab", "8911AB", "17-05-1985"])
def test_search_by_name_postcode_and_birth_date_within_scope(world, term):
    hits = set(Resident.objects.visible_for(world.manager).search(term))
    assert world.resident_a in hits
    assert world.resident_b not in hits  # other team, never visible


def test_search_by_bsn_finds_exactly_that_resident(world):
    hits = list(Resident.objects.search(world.resident_a.bsn))
    assert hits == [world.resident_a]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_search_never_fails_on_any_input(term):
    search_filter(term)  # must build a filter, never raise


def test_htmx_search_returns_only_the_results_partial(client, world):
    client.force_login(world.worker)
    url = reverse("residents:resident-list")
    partial = client.get(url, {"q": "Jansen"}, HTTP_HX_REQUEST="true")
    full = client.get(url, {"q": "Jansen"})
    assert "<html" not in partial.content.decode()
    assert "Jansen" in partial.content.decode()
    assert "<html" in full.content.decode()


def test_manager_shares_a_file_with_reason_and_end_date(client, world):
    client.force_login(world.manager)
    until = datetime.date.today() + datetime.timedelta(days=14)
    response = client.post(
        reverse("residents:resident-share", args=[world.resident_a.pk]),
        {"user": world.quality.pk, "reason": "Klachtbehandeling", "valid_until": until.isoformat()},
    )
    # kwaliteit has no casework permission, so it is not offered as a colleague
    assert response.status_code == 200
    other_worker = world.worker
    other_worker.memberships.all().delete()
    response = client.post(
        reverse("residents:resident-share", args=[world.resident_a.pk]),
        {"user": other_worker.pk, "reason": "Waarneming", "valid_until": until.isoformat()},
    )
    assert response.status_code == 302
    share = ResidentShare.objects.get()
    assert (share.user, share.granted_by, share.reason) == (
        other_worker,
        world.manager,
        "Waarneming",
    )
