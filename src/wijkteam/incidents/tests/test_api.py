"""The incident API: same scope, services, permissions and Dutch messages as the pages."""

from django.urls import reverse

import pytest

from wijkteam.incidents.models import Calamity, FollowUpAction, Incident, IncidentEvent
from wijkteam.incidents.tests.helpers import D, report
from wijkteam.incidents.workflow import CalamityState, IncidentState

pytestmark = pytest.mark.django_db

NEW = {
    "occurred_on": "2026-11-26",
    "occurred_time": "16:45",
    "location_kind": "home_visit",
    "kind": "threat",
    "category": 4,
    "description": "Bewoner dreigde met geweld bij het huisbezoek.",
    "police_involved": True,
}


def api(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "nl"
    return client


def test_a_worker_reports_through_the_api(client, world):
    c = api(client, world.worker)
    response = c.post(
        reverse("incident-list"),
        {
            **NEW,
            "team": world.team_a.pk,
            "resident": world.resident_a.pk,
            "staff_involved": [world.worker.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["state"] == IncidentState.REPORTED
    assert data["aftercare_due_on"] == "2026-12-01"
    assert data["resident"] == world.resident_a.pk
    incident = Incident.objects.get(pk=data["id"])
    assert incident.reporter == world.worker
    assert list(incident.staff_involved.all()) == [world.worker]
    assert IncidentEvent.objects.filter(incident=incident, kind="reported").exists()


def test_an_out_of_scope_resident_is_refused_in_dutch_and_nothing_is_saved(client, world):
    c = api(client, world.worker)
    response = c.post(
        reverse("incident-list"),
        {**NEW, "team": world.team_a.pk, "resident": world.resident_b.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["resident"] == ["Er is geen inwoner met dit nummer in uw dossiers."]
    assert not Incident.objects.exists()


def test_the_service_rules_come_back_as_a_dutch_400(client, world):
    c = api(client, world.worker)
    response = c.post(
        reverse("incident-list"),
        {**NEW, "team": world.team_b.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "eigen teams" in response.json()["team"][0]


def test_partial_update_needs_the_version_and_refuses_a_stale_one(client, world):
    incident = report(world)
    c = api(client, world.manager)
    url = reverse("incident-detail", args=[incident.pk])
    assert c.patch(url, {"category": 3}, content_type="application/json").status_code == 400
    stale = c.patch(url, {"category": 3, "version": 7}, content_type="application/json")
    assert stale.status_code == 400
    assert "iemand anders" in str(stale.json()).lower()
    ok = c.patch(url, {"category": 5, "version": 1}, content_type="application/json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["category"] == 5
    assert ok.json()["version"] == 2
    assert Calamity.objects.filter(incident=incident, state=CalamityState.TO_ASSESS).exists()


def test_the_worker_may_not_change_a_report(client, world):
    incident = report(world)
    c = api(client, world.worker)
    response = c.patch(
        reverse("incident-detail", args=[incident.pk]),
        {"category": 3, "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_confirming_aftercare_through_the_transition_action(client, world):
    incident = report(world)
    c = api(client, world.manager)
    url = reverse("incident-transition", args=[incident.pk])
    refused = c.post(url, {"to": "closed"}, content_type="application/json")
    assert refused.status_code == 400
    assert "kan niet van" in str(refused.json())
    response = c.post(
        url,
        {"to": "aftercare_done", "outcome": "held", "on": "2026-11-27", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == IncidentState.AFTERCARE_DONE
    assert response.json()["aftercare_done_on"] == "2026-11-27"


def test_the_calamity_decision_and_report_actions(client, world):
    incident = report(world, category=6)
    c = api(client, world.quality)
    decide = reverse("incident-calamity-decision", args=[incident.pk])
    no_reason = c.post(decide, {"to": "calamity"}, content_type="application/json")
    assert no_reason.status_code == 400
    response = c.post(
        decide,
        {"to": "calamity", "reason": "Ambulance; ernstig letsel."},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    calamity = response.json()["calamity"]
    assert calamity["state"] == CalamityState.CALAMITY
    assert calamity["report_due_on"] == "2026-12-02"
    rep = reverse("incident-calamity-report", args=[incident.pk])
    response = c.post(
        rep,
        {"to": "reported", "reported_to": "GGD Fryslân", "reference": "A-12"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["calamity"]["reported_to"] == "GGD Fryslân"


def test_quality_staff_flag_an_unflagged_incident_through_the_decision_action(client, world):
    incident = report(world, category=3)
    c = api(client, world.quality)
    response = c.post(
        reverse("incident-calamity-decision", args=[incident.pk]),
        {"to": "to_assess", "reason": "Mes getoond."},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["calamity"]["state"] == CalamityState.TO_ASSESS


def test_the_calamity_report_of_an_unflagged_incident_is_a_dutch_400(client, world):
    incident = report(world, category=3)
    c = api(client, world.quality)
    response = c.post(
        reverse("incident-calamity-report", args=[incident.pk]),
        {"to": "reported", "reported_to": "GGD"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "calamiteitenprocedure" in str(response.json())


def test_follow_up_actions_are_added_and_completed_with_the_version(client, world):
    incident = report(world)
    c = api(client, world.manager)
    response = c.post(
        reverse("incident-followup-list"),
        {
            "incident": incident.pk,
            "description": "Nabespreken in teamoverleg",
            "owner": world.manager.pk,
            "due_on": "2026-12-04",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    action_id = response.json()["id"]
    url = reverse("incident-followup-detail", args=[action_id])
    assert (
        c.patch(url, {"done_on": "2026-11-27"}, content_type="application/json").status_code == 400
    )
    done = c.patch(url, {"done_on": "2026-11-27", "version": 1}, content_type="application/json")
    assert done.status_code == 200
    assert FollowUpAction.objects.get(pk=action_id).done_on == D(2026, 11, 27)
    listed = c.get(reverse("incident-followup-list"), {"incident": incident.pk, "open": "1"})
    assert listed.json()["count"] == 0


def test_a_follow_up_on_an_invisible_incident_is_refused_as_unknown(client, world):
    from wijkteam.accounts.tests.factories import UserFactory

    worker_b = UserFactory(role="sociaal_werker", teams=[world.team_b])
    other = report(world, actor=worker_b, team=world.team_b)
    c = api(client, world.manager)
    response = c.post(
        reverse("incident-followup-list"),
        {
            "incident": other.pk,
            "description": "x",
            "owner": world.manager.pk,
            "due_on": "2026-12-04",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "incident" in response.json()


def test_list_filters(client, world):
    report(world, category=1, occurred_on=D(2026, 10, 1))
    report(world, category=4, occurred_on=D(2026, 11, 20))
    c = api(client, world.manager)
    url = reverse("incident-list")
    assert c.get(url, {"category": 4}).json()["count"] == 1
    assert c.get(url, {"from": "2026-11-01"}).json()["count"] == 1
    assert c.get(url, {"until": "2026-10-31"}).json()["count"] == 1
    assert c.get(url, {"state": "closed"}).json()["count"] == 0
