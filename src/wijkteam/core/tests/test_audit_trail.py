"""Every create, update and delete of domain data is in the audit trail with who and what."""

from django.urls import reverse

import pytest
from auditlog.models import LogEntry

from wijkteam.residents.models import Resident

pytestmark = pytest.mark.django_db


def resident_form_data(resident, **changes):
    data = {
        "first_name": resident.first_name,
        "name_prefix": resident.name_prefix,
        "last_name": resident.last_name,
        "date_of_birth": resident.date_of_birth.isoformat(),
        "bsn": resident.bsn or "",
        "street": resident.street,
        "house_number": resident.house_number,
        "postcode": resident.postcode,
        "city": resident.city,
        "area": "",
        "phone": resident.phone,
        "email": resident.email,
        "preferred_language": resident.preferred_language,
        "team": resident.team_id,
        "version": resident.version,
    }
    data.update(changes)
    return data


def test_editing_a_resident_records_actor_old_and_new_values(client, world):
    client.force_login(world.worker)
    url = reverse("residents:resident-update", args=[world.resident_a.pk])
    response = client.post(url, resident_form_data(world.resident_a, street="Tweebaksmarkt"))
    assert response.status_code == 302
    entry = (
        LogEntry.objects.get_for_object(world.resident_a)
        .filter(action=LogEntry.Action.UPDATE)
        .get()
    )
    assert entry.actor == world.worker
    assert entry.changes_dict["street"] == ["Nieuwestad", "Tweebaksmarkt"]
    assert entry.changes_dict["version"] == ["1", "2"]


def test_registering_a_resident_records_a_create_entry_with_the_actor(client, world):
    client.force_login(world.worker)
    data = resident_form_data(world.resident_a, bsn="", first_name="Sjoukje", version="")
    response = client.post(reverse("residents:resident-create"), data)
    assert response.status_code == 302, response.context["form"].errors
    resident = Resident.objects.get(first_name="Sjoukje")
    entry = LogEntry.objects.get_for_object(resident).get()
    assert (entry.action, entry.actor) == (LogEntry.Action.CREATE, world.worker)


def test_master_data_change_through_the_api_is_audited(client, world):
    client.force_login(world.admin)
    url = reverse("team-detail", args=[world.team_a.pk])
    response = client.patch(
        url,
        {"description": "Nieuw", "version": world.team_a.version},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    entry = (
        LogEntry.objects.get_for_object(world.team_a)
        .filter(action=LogEntry.Action.UPDATE)
        .order_by("-id")
        .first()
    )
    assert entry.actor == world.admin
    assert entry.changes_dict["description"] == ["", "Nieuw"]


def test_password_hashes_never_enter_the_audit_trail(world):
    world.worker.set_password("Een-nieuw-wachtwoord-99")
    world.worker.save()
    for entry in LogEntry.objects.get_for_object(world.worker):
        assert "password" not in entry.changes_dict


def test_audit_trail_is_searchable_by_person_and_resident(client, world):
    client.force_login(world.worker)
    client.post(
        reverse("residents:resident-update", args=[world.resident_a.pk]),
        resident_form_data(world.resident_a, phone="058-1234567"),
    )
    client.force_login(world.admin)
    by_person = client.get(reverse("core:audit-log"), {"person": world.worker.username})
    assert {e.object_pk for e in by_person.context["object_list"]} == {str(world.resident_a.pk)}
    by_resident = client.get(reverse("core:audit-log"), {"resident": world.resident_a.pk})
    assert {e.action for e in by_resident.context["object_list"]} == {
        LogEntry.Action.CREATE,
        LogEntry.Action.UPDATE,
    }
    api = client.get(reverse("audit-log-list"), {"person": world.worker.username}).json()
    assert api["results"][0]["changes"]["phone"] == ["", "058-1234567"]


def test_audit_trail_page_shows_a_changed_field_named_items_and_m2m_changes():
    from types import SimpleNamespace

    from wijkteam.core.templatetags.audit import change_rows

    entry = SimpleNamespace(
        changes_dict={
            "items": ["oud", "nieuw"],
            "workers": {"type": "m2m", "operation": "add", "objects": ["A. de Vries"]},
        }
    )
    assert change_rows(entry) == [("items", "oud", "nieuw"), ("workers", "", "A. de Vries")]
