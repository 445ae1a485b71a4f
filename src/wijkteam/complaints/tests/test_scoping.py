"""Who sees which complaint: quality staff all, a teammanager the own teams', everybody the
ones they registered or handle; the municipality and the board none. Resident links only
within the registering user's scope."""

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from wijkteam.complaints import services
from wijkteam.complaints.choices import ComplaintChannel, HandlingRoute
from wijkteam.complaints.models import Complaint, ComplaintEvent
from wijkteam.complaints.tests.helpers import TODAY, complaint_in, register
from wijkteam.complaints.workflow import ComplaintState
from wijkteam.core.models import AccessLogEntry

pytestmark = pytest.mark.django_db

NO_COMPLAINTS = ["gemeente", "functioneel_beheerder", "bestuurder"]


@pytest.fixture
def complaints(world):
    """A: team A by the worker; B: team B by quality; P: public form, no team; H: team B,
    handled by the teammanager of team A."""
    from wijkteam.complaints.tests.factories import ComplaintFactory

    a = register(world)
    b = register(world, actor=world.quality, team=world.team_b)
    p = ComplaintFactory(team=None)
    h = complaint_in(
        ComplaintState.ACKNOWLEDGED, world, registered_by=world.quality, team=world.team_b
    )
    services.transition_complaint(
        h,
        ComplaintState.IN_HANDLING,
        actor=world.quality,
        on=TODAY,
        handler=world.manager,
        route=HandlingRoute.MEDIATION,
    )
    return {"a": a, "b": b, "p": p, "h": h}


def visible(user, complaints) -> set[str]:
    pks = set(Complaint.objects.visible_for(user).values_list("pk", flat=True))
    return {name for name, c in complaints.items() if c.pk in pks}


def test_quality_staff_see_every_complaint(world, complaints):
    assert visible(world.quality, complaints) == {"a", "b", "p", "h"}


def test_a_teammanager_sees_the_own_teams_and_the_ones_handled(world, complaints):
    assert visible(world.manager, complaints) == {"a", "h"}


def test_a_worker_sees_only_the_complaints_registered(world, complaints):
    assert visible(world.worker, complaints) == {"a"}


@pytest.mark.parametrize("role", NO_COMPLAINTS)
def test_municipality_board_and_beheer_never_see_a_complaint(world, complaints, role):
    user = world.users[role]
    assert Complaint.objects.visible_for(user).count() == 0
    assert ComplaintEvent.objects.visible_for(user).count() == 0


def test_history_follows_the_complaint(world, complaints):
    events = ComplaintEvent.objects.visible_for(world.worker)
    assert {e.complaint_id for e in events} == {complaints["a"].pk}


def test_an_ended_membership_ends_the_team_scope(world, complaints):
    import datetime

    world.manager.memberships.update(end_date=datetime.date(2022, 1, 1))
    world.manager.__dict__.pop("_active_team_ids", None)
    assert visible(world.manager, complaints) == {"h"}


@pytest.mark.parametrize("name", ["complaints:complaint-detail", "complaints:complaint-update"])
def test_out_of_scope_complaint_pages_answer_404(client, world, complaints, name):
    client.force_login(world.manager)
    assert client.get(reverse(name, args=[complaints["b"].pk])).status_code == 404
    assert client.get(reverse(name, args=[complaints["h"].pk])).status_code == 200


def test_out_of_scope_complaint_in_the_api_answers_404(client, world, complaints):
    client.force_login(world.worker)
    assert client.get(reverse("complaint-detail", args=[complaints["b"].pk])).status_code == 404
    ids = [c["id"] for c in client.get(reverse("complaint-list")).json()["results"]]
    assert ids == [complaints["a"].pk]


@pytest.mark.parametrize("role", NO_COMPLAINTS)
def test_roles_without_complaints_are_refused_the_pages(client, world, complaints, role):
    client.force_login(world.users[role])
    assert client.get(reverse("complaints:complaint-list")).status_code == 403
    detail = reverse("complaints:complaint-detail", args=[complaints["a"].pk])
    assert client.get(detail).status_code == 403


def test_the_list_never_shows_out_of_scope_complainants(client, world, complaints):
    client.force_login(world.worker)
    page = client.get(reverse("complaints:complaint-list"), {"state": "all"}).content.decode()
    assert complaints["a"].reference in page
    for other in ("b", "p", "h"):
        assert complaints[other].reference not in page


# --- Resident links --------------------------------------------------------------------------


def test_a_complaint_links_a_resident_of_the_own_scope(world):
    complaint = register(world, resident=world.resident_a)
    assert complaint.resident == world.resident_a


def test_a_resident_outside_the_scope_cannot_be_linked(world):
    with pytest.raises(ValidationError) as exc:
        register(world, resident=world.resident_b)
    assert exc.value.error_dict["resident"][0].code == "resident_out_of_scope"
    assert Complaint.objects.count() == 0


def test_quality_staff_cannot_link_a_resident(world):
    with pytest.raises(ValidationError):
        register(world, actor=world.quality, resident=world.resident_a)


def test_editing_keeps_a_link_the_editor_cannot_see_but_refuses_a_new_one(world):
    complaint = register(world, resident=world.resident_a)
    complaint.about = "De sociaal werker"
    services.update_complaint(
        actor=world.quality, complaint=complaint, expected_version=complaint.version
    )
    complaint.resident = world.resident_b
    with pytest.raises(ValidationError):
        services.update_complaint(
            actor=world.manager, complaint=complaint, expected_version=complaint.version
        )
    assert Complaint.objects.get(pk=complaint.pk).resident == world.resident_a


def test_the_register_page_refuses_an_out_of_scope_resident_number(client, world):
    client.force_login(world.worker)
    response = client.post(
        reverse("complaints:complaint-create"),
        {
            "received_on": "2026-11-20",
            "channel": ComplaintChannel.PHONE,
            "resident": world.resident_b.pk,
            "complainant_name": "B. Bakker",
            "complainant_phone": "0581234567",
            "description": "Klacht.",
        },
    )
    assert response.status_code == 200
    assert "geen inwoner met dit nummer" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_quality_staff_get_no_resident_field(client, world):
    client.force_login(world.quality)
    page = client.get(reverse("complaints:complaint-create")).content.decode()
    assert 'name="resident"' not in page


def test_the_detail_page_names_the_resident_only_to_who_may_open_the_file(client, world):
    complaint = register(world, resident=world.resident_a)
    url = reverse("complaints:complaint-detail", args=[complaint.pk])
    client.force_login(world.worker)
    assert world.resident_a.last_name in client.get(url).content.decode()
    client.force_login(world.quality)
    page = client.get(url).content.decode()
    assert world.resident_a.last_name not in page
    assert "niet kunt openen" in page


def test_pages_showing_a_linked_complaint_write_the_access_log(client, world):
    complaint = register(world, resident=world.resident_a)
    client.force_login(world.manager)
    client.get(reverse("complaints:complaint-detail", args=[complaint.pk]))
    client.get(reverse("complaints:complaint-list"))
    entries = AccessLogEntry.objects.filter(user=world.manager, resident_id=world.resident_a.pk)
    assert set(entries.values_list("action", flat=True)) == {"view", "list"}
