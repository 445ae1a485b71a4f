"""Consent per purpose: recorded, in force until withdrawn, and the basis for sharing."""

import datetime

from django.urls import reverse

import pytest

from wijkteam.core.models import AccessLogEntry
from wijkteam.residents.models import Consent, Resident
from wijkteam.residents.tests.factories import ConsentFactory, ResidentFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_worker_records_consent_with_date_and_recorder(client, world):
    client.force_login(world.worker)
    response = client.post(
        reverse("residents:consent-create", args=[world.resident_a.pk]),
        {"purpose": "client_survey", "scope": "naam en adres", "given_on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    consent = Consent.objects.get(purpose="client_survey")
    assert (consent.resident, consent.recorded_by) == (world.resident_a, world.worker)
    assert consent.is_in_force


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"purpose": "partner_sharing", "partner": ""}, "partner"),
        ({"purpose": "client_survey", "given_on": "2999-01-01"}, "given_on"),
        ({"purpose": "nonsense"}, "purpose"),
    ],
)
def test_invalid_consent_gets_a_dutch_message_and_saves_nothing(client, world, data, field):
    client.force_login(world.worker)
    before = Consent.objects.count()
    response = client.post(
        reverse("residents:consent-create", args=[world.resident_a.pk]),
        {"given_on": TODAY.isoformat(), **data},
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Consent.objects.count() == before


def test_withdrawal_ends_the_consent_and_cannot_be_repeated(client, world):
    client.force_login(world.worker)
    url = reverse("residents:consent-withdraw", args=[world.consent_a.pk])
    response = client.post(url, {"withdrawn_on": TODAY.isoformat(), "note": "Wil niet meer"})
    assert response.status_code == 302
    world.consent_a.refresh_from_db()
    assert (world.consent_a.withdrawn_by, world.consent_a.is_in_force) == (world.worker, False)
    again = client.post(url, {"withdrawn_on": TODAY.isoformat()})
    assert again.status_code == 200
    assert "al ingetrokken" in again.content.decode()


def test_consent_in_force_follows_given_and_withdrawn_dates(world):
    resident = world.resident_a
    assert set(Resident.objects.with_consent("municipality_monitoring")) == {resident}
    Consent.objects.filter(pk=world.consent_a.pk).update(withdrawn_on=TODAY)
    assert not Resident.objects.with_consent("municipality_monitoring").exists()
    yesterday = TODAY - datetime.timedelta(days=1)
    assert set(Resident.objects.with_consent("municipality_monitoring", on=yesterday)) == {resident}


def test_consent_of_another_purpose_does_not_count(world):
    assert not Resident.objects.with_consent("client_survey").exists()


def test_out_of_scope_consent_pages_answer_404(client, world):
    other = ConsentFactory(resident=world.resident_b)
    client.force_login(world.worker)
    assert client.get(reverse("residents:consent-withdraw", args=[other.pk])).status_code == 404
    assert client.get(reverse("consent-detail", args=[other.pk])).status_code == 404
    create = reverse("residents:consent-create", args=[world.resident_b.pk])
    assert client.get(create).status_code == 404


def test_consent_form_page_is_in_the_access_log(client, world):
    client.force_login(world.worker)
    client.get(reverse("residents:consent-create", args=[world.resident_a.pk]))
    assert AccessLogEntry.objects.filter(resident_id=world.resident_a.pk).count() == 1


def test_api_records_and_withdraws_consent(client, world):
    client.force_login(world.worker)
    created = client.post(
        reverse("consent-list"),
        {"resident": world.resident_a.pk, "purpose": "client_survey", "given_on": "2026-02-01"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    withdrawn = client.post(
        reverse("consent-withdraw", args=[pk]),
        {"withdrawn_on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert withdrawn.status_code == 200
    assert withdrawn.json()["is_in_force"] is False


def test_api_refuses_consent_for_a_resident_outside_the_teams(client, world):
    client.force_login(world.worker)
    response = client.post(
        reverse("consent-list"),
        {"resident": world.resident_b.pk, "purpose": "client_survey", "given_on": "2026-02-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not Consent.objects.filter(resident=world.resident_b).exists()


def test_possible_duplicate_is_flagged_and_needs_confirmation(client, world):
    from wijkteam.core.tests.test_audit_trail import resident_form_data

    client.force_login(world.worker)
    data = resident_form_data(world.resident_a, bsn="", version="")
    first = client.post(reverse("residents:resident-create"), data)
    assert first.status_code == 200
    assert "zelfde naam" in first.content.decode()
    assert Resident.objects.filter(last_name=world.resident_a.last_name).count() == 1
    confirmed = client.post(
        reverse("residents:resident-create"), {**data, "confirm_duplicate": "on"}
    )
    assert confirmed.status_code == 302
    assert Resident.objects.filter(last_name=world.resident_a.last_name).count() == 2


def test_duplicate_in_another_team_is_flagged_without_revealing_the_file(client, world):
    from wijkteam.core.tests.test_audit_trail import resident_form_data

    twin = ResidentFactory(
        team=world.team_b,
        first_name="Klaas",
        last_name="Visser",
        date_of_birth=datetime.date(1970, 3, 3),
        bsn=None,
    )
    client.force_login(world.worker)
    data = resident_form_data(
        twin, bsn="", version="", team=world.team_a.pk, postcode=twin.postcode
    )
    response = client.post(reverse("residents:resident-create"), data)
    body = response.content.decode()
    assert "ander team" in body
    assert f"/inwoners/{twin.pk}/" not in body
