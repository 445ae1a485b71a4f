"""The complaints API: same scope, services, version checks and Dutch messages as the pages."""

from django.urls import reverse

import pytest

from wijkteam.complaints.choices import HandlingRoute, Outcome
from wijkteam.complaints.models import Complaint, ComplaintCategory
from wijkteam.complaints.tests.helpers import complaint_in, register
from wijkteam.complaints.workflow import ComplaintState
from wijkteam.core.models import AccessLogEntry

pytestmark = pytest.mark.django_db
S = ComplaintState
LIST = reverse("complaint-list")


def detail(c):
    return reverse("complaint-detail", args=[c.pk])


def action(c, name):
    return reverse(f"complaint-{name}", args=[c.pk])


def new_complaint(world, **changes):
    data = {
        "received_on": "2026-11-25",
        "channel": "email",
        "complainant_name": "P. Visser",
        "complainant_email": "p.visser@example.nl",
        "team": world.team_a.pk,
        "category": ComplaintCategory.objects.get(code="ketensamenwerking").pk,
        "description": "De actie van de ketenpartner is blijven liggen.",
    }
    data.update(changes)
    return data


def test_a_worker_registers_a_complaint(client, world):
    client.force_login(world.worker)
    response = client.post(
        LIST, new_complaint(world, resident=world.resident_a.pk), "application/json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reference"] == "K-2026-0001" and body["state"] == "received"
    assert body["acknowledge_by"] == "2026-12-02" and body["decide_by"] == "2027-01-06"
    complaint = Complaint.objects.get()
    assert (complaint.registered_by, complaint.resident) == (world.worker, world.resident_a)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"channel": "web_form"}, "channel"),
        ({"resident": "resident_b"}, "resident"),
        ({"received_on": "2026-12-25"}, "received_on"),
        ({"complainant_email": ""}, "complainant_email"),
        ({"description": "x" * 5001}, "description"),
    ],
)
def test_bad_registrations_get_400_with_dutch_messages_and_save_nothing(
    client, world, changes, field
):
    if changes.get("resident") == "resident_b":
        changes = {"resident": world.resident_b.pk}
    client.force_login(world.worker)
    response = client.post(LIST, new_complaint(world, **changes), "application/json")
    assert response.status_code == 400
    assert field in response.json()
    assert Complaint.objects.count() == 0


def test_the_list_is_scoped_and_filters(client, world):
    own = register(world)
    other = register(world, actor=world.quality, team=world.team_b)
    closed = complaint_in(S.CLOSED, world)
    client.force_login(world.manager)
    ids = {c["id"] for c in client.get(LIST).json()["results"]}
    assert ids == {own.pk, closed.pk}
    assert [c["id"] for c in client.get(LIST, {"state": "closed"}).json()["results"]] == [closed.pk]
    client.force_login(world.quality)
    team_b = client.get(LIST, {"team": world.team_b.pk}).json()["results"]
    assert [c["id"] for c in team_b] == [other.pk]
    overdue = {c["id"] for c in client.get(LIST, {"overdue": "1"}).json()["results"]}
    assert overdue == {own.pk, other.pk}  # acknowledgement due 9 November


def test_the_municipality_gets_403(client, world):
    register(world)
    client.force_login(world.municipality)
    assert client.get(LIST).status_code == 403


def test_reading_a_linked_complaint_writes_the_access_log(client, world):
    complaint = register(world, resident=world.resident_a)
    client.force_login(world.quality)
    assert client.get(detail(complaint)).status_code == 200
    entry = AccessLogEntry.objects.get(user=world.quality)
    assert (entry.resident_id, entry.channel) == (world.resident_a.pk, "api")


def test_a_patch_needs_the_version_and_refuses_a_stale_one(client, world):
    complaint = register(world)
    client.force_login(world.manager)
    missing = client.patch(detail(complaint), {"about": "x"}, "application/json")
    assert missing.status_code == 400 and "version" in missing.json()
    stale = client.patch(detail(complaint), {"about": "x", "version": 99}, "application/json")
    assert stale.status_code == 400
    assert "iemand anders" in str(stale.json()).lower()
    ok = client.patch(
        detail(complaint),
        {"about": "De jongerenwerker", "received_on": "2026-01-01", "version": complaint.version},
        "application/json",
    )
    assert ok.status_code == 200, ok.json()
    complaint.refresh_from_db()
    assert complaint.about == "De jongerenwerker"
    assert str(complaint.received_on) == "2026-11-02"  # fixed at registration
    assert ok.json()["version"] == complaint.version == 2


def test_a_worker_may_not_change_a_complaint(client, world):
    complaint = register(world)
    client.force_login(world.worker)
    response = client.patch(detail(complaint), {"about": "x", "version": 1}, "application/json")
    assert response.status_code == 403


def test_the_workflow_through_the_api(client, world):
    complaint = register(world)
    client.force_login(world.quality)

    def post(name, data):
        return client.post(action(complaint, name), data, "application/json")

    assert post("transition", {"to": "acknowledged", "on": "2026-11-04"}).status_code == 200
    refused = post("transition", {"to": "decided"})
    assert refused.status_code == 400
    assert "Een klacht kan niet van" in str(refused.json())
    no_handler = post("transition", {"to": "in_handling", "route": "formal"})
    assert no_handler.status_code == 400 and "handler" in no_handler.json()
    unknown = post(
        "transition", {"to": "in_handling", "handler": world.worker.pk, "route": "formal"}
    )
    assert unknown.status_code == 400 and "handler" in unknown.json()
    taken = post(
        "transition",
        {"to": "in_handling", "handler": world.manager.pk, "route": HandlingRoute.MEDIATION},
    )
    assert taken.status_code == 200 and taken.json()["handler"] == world.manager.pk
    extended = post("extend", {"reason": "Klager is op vakantie."})
    assert extended.status_code == 200
    assert extended.json()["decision_due_on"] == "2027-01-11"
    again = post("extend", {"reason": "Nog eens."})
    assert again.status_code == 400 and "maar één keer" in str(again.json())
    decided = post(
        "transition",
        {"to": "decided", "outcome": Outcome.PARTLY_FOUNDED, "decision_summary": "Deels terecht."},
    )
    assert decided.status_code == 200
    assert decided.json()["outcome"] == "partly_founded"
    closed = post("transition", {"to": "closed", "version": decided.json()["version"]})
    assert closed.status_code == 200 and closed.json()["state"] == "closed"


def test_a_withdrawal_through_the_api_needs_a_reason(client, world):
    complaint = register(world)
    client.force_login(world.manager)
    url = action(complaint, "transition")
    assert client.post(url, {"to": "closed"}, "application/json").status_code == 400
    response = client.post(url, {"to": "closed", "reason": "Ingetrokken."}, "application/json")
    assert response.status_code == 200
    assert response.json()["outcome"] == "withdrawn"


def test_a_transition_with_a_stale_version_is_refused(client, world):
    complaint = register(world)
    client.force_login(world.quality)
    response = client.post(
        action(complaint, "transition"), {"to": "acknowledged", "version": 7}, "application/json"
    )
    assert response.status_code == 400
    assert Complaint.objects.get(pk=complaint.pk).state == S.RECEIVED
