"""The support API: same scope, services, access log and version checks as the pages."""

from django.urls import reverse

import pytest

from wijkteam.core.models import AccessLogEntry
from wijkteam.support.choices import DeadlineKind, LegalFramework
from wijkteam.support.models import CaseDeadline, Contact, Referral, SupportCase
from wijkteam.support.tests.factories import ContactFactory, ReferralFactory
from wijkteam.support.tests.helpers import TODAY, register
from wijkteam.support.workflow import CaseState

pytestmark = pytest.mark.django_db


def post(client, name, payload, **kwargs):
    return client.post(reverse(name, **kwargs), payload, content_type="application/json")


def patch(client, name, payload, **kwargs):
    return client.patch(reverse(name, **kwargs), payload, content_type="application/json")


def case_payload(world, **changes):
    payload = {
        "resident": world.resident_a.pk,
        "team": world.team_a.pk,
        "coordinator": world.worker.pk,
        "legal_framework": LegalFramework.DEBT,
        "received_on": "2026-04-24",
        "channel": "early_warning",
        "question": "De huur is al drie maanden niet betaald.",
        "urgent_debt_threat": True,
    }
    payload.update(changes)
    return payload


def test_registering_a_case_through_the_api_stores_its_deadlines(client, world):
    client.force_login(world.worker)
    response = post(client, "case-list", case_payload(world))
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["state"], data["version"]) == (CaseState.REGISTERED, 1)
    deadline = CaseDeadline.objects.get(case_id=data["id"])
    assert (deadline.kind, deadline.due_on.isoformat()) == (
        DeadlineKind.DEBT_FIRST_CONVERSATION,
        "2026-04-30",
    )


@pytest.mark.parametrize("field", ["resident", "team"])
def test_api_refuses_a_case_outside_the_workers_teams(client, world, field):
    client.force_login(world.worker)
    other = {"resident": world.resident_b.pk, "team": world.team_b.pk}[field]
    response = post(client, "case-list", case_payload(world, **{field: other}))
    assert response.status_code == 400
    assert field in response.json()
    assert SupportCase.objects.count() == 2


def test_api_update_needs_the_version_and_refuses_a_stale_one(client, world):
    client.force_login(world.worker)
    url_kwargs = {"kwargs": {"pk": world.case_a.pk}}
    assert patch(client, "case-detail", {"question": "Nieuw"}, **url_kwargs).status_code == 400
    ok = patch(client, "case-detail", {"question": "Eerste", "version": 1}, **url_kwargs)
    assert ok.status_code == 200, ok.content
    stale = patch(client, "case-detail", {"question": "Tweede", "version": 1}, **url_kwargs)
    assert stale.status_code == 400
    assert "intussen gewijzigd" in stale.content.decode()
    assert SupportCase.objects.get(pk=world.case_a.pk).question == "Eerste"


def test_api_update_cannot_change_the_state_or_the_legal_framework(client, world):
    client.force_login(world.worker)
    response = patch(
        client,
        "case-detail",
        {"state": CaseState.CLOSED, "legal_framework": LegalFramework.WMO, "version": 1},
        kwargs={"pk": world.case_a.pk},
    )
    assert response.status_code == 200
    stored = SupportCase.objects.get(pk=world.case_a.pk)
    assert (stored.state, stored.legal_framework) == (CaseState.REGISTERED, LegalFramework.BASIC)


def test_api_transition_follows_the_table(client, world):
    client.force_login(world.worker)
    kwargs = {"kwargs": {"pk": world.case_a.pk}}
    ok = post(client, "case-transition", {"to": CaseState.INVESTIGATING}, **kwargs)
    assert ok.status_code == 200, ok.content
    assert ok.json()["state"] == CaseState.INVESTIGATING
    illegal = post(client, "case-transition", {"to": CaseState.EVALUATING}, **kwargs)
    assert illegal.status_code == 400
    assert "kan niet van" in illegal.content.decode()
    no_reason = post(client, "case-transition", {"to": CaseState.CLOSED}, **kwargs)
    assert no_reason.status_code == 400
    assert "closure_reason" in no_reason.json()
    closed = post(
        client, "case-transition", {"to": "closed", "closure_reason": "moved_away"}, **kwargs
    )
    assert closed.json()["closed_on"] == TODAY.isoformat()
    assert closed.json()["retention_until"] == "2041-11-27"


def test_api_transition_with_a_stale_version_is_refused(client, world):
    client.force_login(world.worker)
    kwargs = {"kwargs": {"pk": world.case_a.pk}}
    post(client, "case-transition", {"to": CaseState.INVESTIGATING, "version": 1}, **kwargs)
    stale = post(
        client,
        "case-transition",
        {"to": CaseState.CLOSED, "closure_reason": "declined", "version": 1},
        **kwargs,
    )
    assert stale.status_code == 400
    assert SupportCase.objects.get(pk=world.case_a.pk).state == CaseState.INVESTIGATING


def test_api_contact_meets_the_first_contact_deadline(client, world):
    case = register(world, received_on=TODAY)
    client.force_login(world.worker)
    response = post(
        client,
        "contact-list",
        {"case": case.pk, "date": TODAY.isoformat(), "duration_minutes": 15, "kind": "phone"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["recorded_by"] == world.worker.pk
    assert CaseDeadline.objects.get(case=case).met_on == TODAY


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"date": "2026-12-31"}, "date"),
    ],
)
def test_api_refuses_bad_contacts_in_dutch(client, world, payload, field):
    client.force_login(world.worker)
    body = {"case": world.case_a.pk, "date": TODAY.isoformat(), "duration_minutes": 5}
    response = post(client, "contact-list", {**body, "kind": "visit", **payload})
    assert response.status_code == 400
    assert field in response.json()
    assert not Contact.objects.exists()


def test_api_cannot_record_on_a_case_of_another_team(client, world):
    client.force_login(world.worker)
    body = {"case": world.case_b.pk, "date": TODAY.isoformat(), "duration_minutes": 5}
    response = post(client, "contact-list", {**body, "kind": "visit"})
    assert response.status_code == 400
    assert "case" in response.json()
    assert not Contact.objects.exists()


def test_api_lists_show_only_records_of_visible_cases_and_log_their_residents(client, world):
    ContactFactory(case=world.case_a, recorded_by=world.worker)
    ContactFactory(case=world.case_b, recorded_by=world.worker)
    client.force_login(world.worker)
    data = client.get(reverse("contact-list")).json()
    assert [row["case"] for row in data["results"]] == [world.case_a.pk]
    entry = AccessLogEntry.objects.get()
    assert (entry.resident_id, entry.channel, entry.action) == (world.resident_a.pk, "api", "list")


def test_api_referral_answer_with_version(client, world):
    referral = ReferralFactory(case=world.case_a, recorded_by=world.worker)
    client.force_login(world.worker)
    kwargs = {"kwargs": {"pk": referral.pk}}
    answer = {"status": "accepted", "responded_on": TODAY.isoformat(), "version": 1}
    ok = patch(client, "referral-detail", answer, **kwargs)
    assert ok.status_code == 200, ok.content
    assert (ok.json()["status"], ok.json()["version"]) == ("accepted", 2)
    again = patch(client, "referral-detail", {**answer, "status": "refused"}, **kwargs)
    assert again.status_code == 400
    assert Referral.objects.get().status == "accepted"


def test_api_case_filter_by_state(client, world):
    register(world)
    client.force_login(world.worker)
    data = client.get(reverse("case-list"), {"state": CaseState.CLOSED}).json()
    assert data["count"] == 0
    data = client.get(reverse("case-list"), {"state": CaseState.REGISTERED}).json()
    assert data["count"] == 2
