"""Who sees which incident; residents on an incident are never revealed out of scope."""

from django.apps import apps
from django.urls import reverse
from django.utils import translation

import pytest

from wijkteam.accounts.tests.factories import UserFactory
from wijkteam.incidents.models import Calamity, CareNeed, FollowUpAction, Incident, IncidentEvent
from wijkteam.incidents.tests.factories import CareNeedFactory, FollowUpActionFactory
from wijkteam.incidents.tests.helpers import D, incident_values, report

pytestmark = pytest.mark.django_db

NO_INCIDENTS = ["gemeente", "functioneel_beheerder", "bestuurder"]
RELATED = [IncidentEvent, FollowUpAction, Calamity, CareNeed]


@pytest.fixture
def two_teams(world):
    """Incidents in team A (by the worker and by a colleague) and in team B (category 5)."""
    colleague = UserFactory(role="sociaal_werker", teams=[world.team_a])
    worker_b = UserFactory(role="sociaal_werker", teams=[world.team_b])
    own = report(world, category=5)
    colleagues = report(world, actor=colleague)
    other = report(world, actor=worker_b, team=world.team_b, category=5)
    for incident, owner in ((own, world.manager), (colleagues, world.manager), (other, worker_b)):
        FollowUpActionFactory(
            incident=incident, owner=owner, created_by=owner, due_on=D(2026, 12, 31)
        )
        CareNeedFactory(incident=incident, recorded_by=owner)
    world.colleague, world.worker_b = colleague, worker_b
    world.own, world.colleagues, world.other = own, colleagues, other
    return world


def test_the_worker_sees_only_own_reports(two_teams):
    w = two_teams
    assert set(Incident.objects.visible_for(w.worker)) == {w.own}


def test_a_colleague_named_as_involved_sees_the_report(two_teams):
    w = two_teams
    w.colleagues.staff_involved.add(w.worker)
    assert set(Incident.objects.visible_for(w.worker)) == {w.own, w.colleagues}


def test_the_owner_of_a_follow_up_action_sees_its_incident(two_teams):
    w = two_teams
    FollowUpActionFactory(
        incident=w.other, owner=w.worker, created_by=w.manager, due_on=D(2026, 12, 31)
    )
    assert w.other in Incident.objects.visible_for(w.worker)


def test_the_teammanager_sees_the_own_teams_incidents(two_teams):
    w = two_teams
    assert set(Incident.objects.visible_for(w.manager)) == {w.own, w.colleagues}


def test_quality_staff_see_every_incident(two_teams):
    w = two_teams
    assert set(Incident.objects.visible_for(w.quality)) == {w.own, w.colleagues, w.other}


@pytest.mark.parametrize("role", NO_INCIDENTS)
@pytest.mark.parametrize("model", [Incident, *RELATED])
def test_municipality_board_and_beheer_see_no_individual_incident(two_teams, role, model):
    assert model.objects.visible_for(two_teams.users[role]).count() == 0


@pytest.mark.parametrize("model", RELATED)
def test_rows_about_an_incident_follow_its_scope(two_teams, model):
    w = two_teams
    for user, expected in ((w.worker, {w.own}), (w.manager, {w.own, w.colleagues})):
        having = {row.incident for row in model.objects.all()}
        rows = model.objects.visible_for(user)
        assert {row.incident for row in rows} == expected & having, (model, user)


def test_an_ended_membership_ends_the_team_view(two_teams):
    w = two_teams
    manager = UserFactory(role="teammanager", teams=[w.team_a])
    assert set(Incident.objects.visible_for(manager)) == {w.own, w.colleagues}
    manager.memberships.update(end_date=D(2022, 1, 1))
    manager.__dict__.pop("_active_team_ids", None)
    assert set(Incident.objects.visible_for(manager)) == set()


def test_an_action_owner_sees_the_incident_only_while_the_action_is_open(two_teams):
    w = two_teams
    action = FollowUpActionFactory(
        incident=w.other, owner=w.worker, created_by=w.manager, due_on=D(2026, 12, 31)
    )
    assert w.other in Incident.objects.visible_for(w.worker)
    FollowUpAction.objects.filter(pk=action.pk).update(done_on=D(2026, 11, 27))
    assert w.other not in Incident.objects.visible_for(w.worker)


@pytest.mark.parametrize("role", ["sociaal_werker", "teammanager"])
def test_out_of_scope_incident_pages_answer_404(client, two_teams, role):
    w = two_teams
    client.force_login(w.users[role])
    for name in ("incidents:incident-detail", "incidents:incident-transition"):
        assert client.get(reverse(name, args=[w.other.pk])).status_code in (403, 404)
    assert client.get(reverse("incidents:incident-detail", args=[w.other.pk])).status_code == 404
    assert client.get(reverse("incident-detail", args=[w.other.pk])).status_code == 404


def test_the_list_pages_never_show_out_of_scope_incidents(client, two_teams):
    w = two_teams
    client.force_login(w.manager)
    page = client.get(reverse("incidents:incident-list"), {"state": "any"})
    assert set(page.context["object_list"]) == {w.own, w.colleagues}
    api = client.get(reverse("incident-list")).json()
    assert {row["id"] for row in api["results"]} == {w.own.pk, w.colleagues.pk}


# --- Residents on an incident ----------------------------------------------------------------


def test_reporting_a_resident_outside_the_scope_is_refused_like_an_unknown_number(world):
    from django.core.exceptions import ValidationError

    from wijkteam.incidents import services

    messages = []
    for resident_id in (world.resident_b.pk, 999_999):
        incident = Incident(**incident_values(world, resident_id=resident_id))
        with translation.override("nl"), pytest.raises(ValidationError) as exc:
            services.report_incident(actor=world.worker, incident=incident)
        messages.append(exc.value.message_dict["resident"])
    assert messages[0] == messages[1] == ["Er is geen inwoner met dit nummer in uw dossiers."]
    assert not Incident.objects.exists()


def test_the_form_refuses_an_out_of_scope_resident_with_the_same_message(client, world):
    client.force_login(world.worker)
    data = {
        "occurred_on": "2026-11-27",
        "occurred_time": "10:00",
        "team": world.team_a.pk,
        "location_kind": "office",
        "kind": "threat",
        "category": "3",
        "description": "Dreiging aan de balie.",
    }
    bodies = []
    for resident in (world.resident_b.pk, 999_999):
        response = client.post(reverse("incidents:incident-create"), {**data, "resident": resident})
        assert response.status_code == 200
        bodies.append(response.context["form"].errors["resident"])
    assert bodies[0] == bodies[1]
    assert not Incident.objects.exists()


def test_quality_staff_see_the_incident_but_not_the_resident(client, world):
    incident = report(world, category=3, resident=world.resident_a)
    client.force_login(world.quality)
    body = client.get(reverse("incidents:incident-detail", args=[incident.pk])).content.decode()
    assert world.resident_a.last_name not in body
    assert "een inwoner buiten uw dossiers" in body
    data = client.get(reverse("incident-detail", args=[incident.pk])).json()
    assert data["resident"] is None and data["resident_hidden"] is True


def test_the_worker_sees_the_resident_and_the_view_is_access_logged(client, world):
    from wijkteam.core.models import AccessLogEntry

    incident = report(world, category=3, resident=world.resident_a)
    client.force_login(world.worker)
    body = client.get(reverse("incidents:incident-detail", args=[incident.pk])).content.decode()
    assert world.resident_a.last_name in body
    assert AccessLogEntry.objects.filter(
        user=world.worker, resident_id=world.resident_a.pk
    ).exists()


@pytest.mark.parametrize(
    "label",
    [
        f"incidents.{m}"
        for m in ("Incident", "IncidentEvent", "FollowUpAction", "Calamity", "CareNeed")
    ],
)
def test_every_incident_model_is_registered_as_personal_data(label):
    from wijkteam.core.scoping import PERSONAL_DATA_MODELS

    assert label in PERSONAL_DATA_MODELS
    assert callable(apps.get_model(label).objects.visible_for)
