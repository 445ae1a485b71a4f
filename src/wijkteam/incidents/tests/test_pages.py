"""The pages: report in one page, the teammanager's aftercare, actions, calamity, care needs."""

from types import SimpleNamespace

from django.urls import NoReverseMatch, reverse

import pytest

from wijkteam.incidents import views
from wijkteam.incidents.models import Calamity, CareNeed, FollowUpAction, Incident
from wijkteam.incidents.tests.helpers import D, incident_in, report
from wijkteam.incidents.workflow import CalamityState, CareNeedStatus, IncidentState
from wijkteam.notifications.models import Notification

pytestmark = pytest.mark.django_db

REPORT = {
    "occurred_on": "2026-11-27",
    "occurred_time": "09:40",
    "location_kind": "neighbourhood_room",
    "kind": "verbal_aggression",
    "category": "2",
    "description": "Bewoner schold en wilde de buurtkamer niet verlaten.",
    "immediate_measures": "Collega erbij gehaald.",
}


def test_the_report_page_is_one_form_with_the_ladder_descriptions(client, world):
    client.force_login(world.worker)
    response = client.get(reverse("incidents:incident-create"))
    body = response.content.decode()
    assert body.count('<form method="post" class="form"') == 1  # the header has sign-out
    for text in (
        "stemverheffing, lichte dreiging",
        "ongeval bewoner",
        "Wanneer en waar",
        "Wie waren erbij betrokken",
    ):
        assert text in body
    form = response.context["form"]
    assert form.initial["staff_involved"] == [world.worker.pk]
    assert form.fields["team"].queryset.get() == world.team_a


def test_reporting_saves_notifies_and_shows_the_incident(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("incidents:incident-create"),
            {
                **REPORT,
                "team": world.team_a.pk,
                "location": world.location.pk,
                "staff_involved": [world.worker.pk],
                "resident": world.resident_a.pk,
            },
        )
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("incidents:incident-detail", args=[incident.pk])
    assert incident.reporter == world.worker
    assert incident.resident == world.resident_a
    assert Notification.objects.filter(recipient=world.manager).count() == 1
    page = client.get(response["Location"])
    assert "Het incident is gemeld" in page.content.decode()


def test_a_resident_can_be_prefilled_from_the_address(client, world):
    client.force_login(world.worker)
    ok = client.get(reverse("incidents:incident-create"), {"resident": world.resident_a.pk})
    assert ok.context["form"].initial["resident"] == world.resident_a.pk
    out = client.get(reverse("incidents:incident-create"), {"resident": world.resident_b.pk})
    assert "resident" not in out.context["form"].initial


def test_the_worker_sees_no_steps_the_teammanager_does(client, world):
    incident = report(world)
    url = reverse("incidents:incident-detail", args=[incident.pk])
    client.force_login(world.worker)
    assert client.get(url).context["next_steps"] == []
    client.force_login(world.manager)
    steps = [state for state, _label in client.get(url).context["next_steps"]]
    assert steps == [IncidentState.AFTERCARE_PLANNED, IncidentState.AFTERCARE_DONE]


def test_the_teammanager_confirms_the_aftercare_on_its_page(client, world):
    incident = report(world)
    client.force_login(world.manager)
    url = reverse("incidents:incident-transition", args=[incident.pk])
    choice = client.get(url)
    assert choice.status_code == 200 and "Nazorggesprek bevestigen" in choice.content.decode()
    page = client.get(url, {"to": "aftercare_done"})
    assert set(page.context["form"].fields) == {"to", "version", "on", "outcome", "note"}
    response = client.post(
        url,
        {
            "to": "aftercare_done",
            "version": 1,
            "on": "2026-11-27",
            "outcome": "held",
            "note": "Goed gesprek.",
        },
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.state, incident.aftercare_by) == (IncidentState.AFTERCARE_DONE, world.manager)


def test_an_impossible_step_shows_the_possible_ones(client, world):
    incident = report(world)
    client.force_login(world.manager)
    response = client.get(
        reverse("incidents:incident-transition", args=[incident.pk]), {"to": "closed"}
    )
    assert response.status_code == 200
    assert "Deze stap kan nu niet" in response.content.decode()


def test_closing_with_an_open_action_shows_why_and_saves_nothing(client, world):
    incident = incident_in(IncidentState.AFTERCARE_DONE, world)
    FollowUpAction.objects.create(
        incident=incident,
        description="Nabespreken",
        owner=world.manager,
        due_on=D(2026, 12, 4),
        created_by=world.manager,
    )
    client.force_login(world.manager)
    response = client.post(
        reverse("incidents:incident-transition", args=[incident.pk]),
        {"to": "closed", "version": incident.version, "on": "2026-11-27"},
    )
    assert response.status_code == 200
    assert "1 vervolgactie staat nog open" in response.content.decode()
    incident.refresh_from_db()
    assert incident.state == IncidentState.AFTERCARE_DONE


def test_follow_up_actions_are_added_and_completed_on_their_pages(client, world):
    incident = report(world)
    client.force_login(world.manager)
    response = client.post(
        reverse("incidents:followup-create", args=[incident.pk]),
        {"description": "Pandverbod versturen", "owner": world.manager.pk, "due_on": "2026-12-04"},
    )
    assert response.status_code == 302
    action = FollowUpAction.objects.get()
    response = client.post(
        reverse("incidents:followup-complete", args=[action.pk]),
        {"done_on": "2026-11-27", "result": "Verstuurd", "version": 1},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_on == D(2026, 11, 27)


def test_the_calamity_pages_flag_decide_and_report(client, world):
    incident = report(world, category=4)
    client.force_login(world.quality)
    client.post(reverse("incidents:calamity-flag", args=[incident.pk]), {"reason": "Mes getoond"})
    calamity = Calamity.objects.get(incident=incident)
    decide = reverse("incidents:calamity-decide", args=[incident.pk])
    page = client.get(decide, {"to": "calamity"})
    assert set(page.context["form"].fields) == {"to", "version", "on", "reason"}
    client.post(
        decide,
        {
            "to": "calamity",
            "version": calamity.version,
            "on": "2026-11-27",
            "reason": "Dreiging met wapen",
        },
    )
    calamity.refresh_from_db()
    assert calamity.state == CalamityState.CALAMITY
    report_url = reverse("incidents:calamity-report", args=[incident.pk])
    response = client.post(
        report_url,
        {
            "to": "reported",
            "version": calamity.version,
            "on": "2026-11-27",
            "reported_to": "GGD Fryslân",
        },
    )
    assert response.status_code == 302
    calamity.refresh_from_db()
    assert calamity.state == CalamityState.REPORTED


def test_the_teammanager_cannot_open_the_calamity_pages(client, world):
    incident = report(world, category=5)
    client.force_login(world.manager)
    assert client.get(reverse("incidents:calamity-decide", args=[incident.pk])).status_code == 403


def test_a_person_needing_more_support_is_marked_and_followed(client, world):
    incident = report(world, category=4, resident=world.resident_a)
    client.force_login(world.manager)
    response = client.post(
        reverse("incidents:careneed-create", args=[incident.pk]),
        {
            "resident": world.resident_a.pk,
            "mental_health_problems": "on",
            "follow_up_on": "2026-12-11",
            "status": "open",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    need = CareNeed.objects.get()
    response = client.post(
        reverse("incidents:careneed-update", args=[need.pk]),
        {
            "resident": world.resident_a.pk,
            "referral_to": "GGZ Friesland",
            "follow_up_on": "2026-12-18",
            "status": "referred",
            "version": 1,
        },
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.status, need.referral_to) == (CareNeedStatus.REFERRED, "GGZ Friesland")


def test_correcting_the_category_is_kept_in_the_history(client, world):
    incident = report(world)
    client.force_login(world.manager)
    data = {**REPORT, "category": "3", "version": 1, "staff_involved": []}
    response = client.post(reverse("incidents:incident-update", args=[incident.pk]), data)
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.category == 3
    assert incident.events.filter(kind="updated").exists()


# --- "Verbeterplan starten" ------------------------------------------------------------------


def test_the_improvement_plan_link_needs_the_url_and_the_permission(monkeypatch):
    incident = SimpleNamespace(pk=12)
    allowed = SimpleNamespace(has_perm=lambda perm: perm == "improvements.add_improvementplan")
    refused = SimpleNamespace(has_perm=lambda perm: False)

    def missing(name, *args, **kwargs):
        raise NoReverseMatch(name)

    monkeypatch.setattr(views, "reverse", missing)
    assert views.improvement_plan_url(allowed, incident) is None
    monkeypatch.setattr(views, "reverse", lambda name, *a, **k: "/verbeterplannen/nieuw/")
    assert views.improvement_plan_url(refused, incident) is None
    assert (
        views.improvement_plan_url(allowed, incident)
        == "/verbeterplannen/nieuw/?origin=incidents.incident:12"
    )


def test_the_incident_page_shows_the_link_only_with_the_permission(client, world):
    incident = report(world)
    client.force_login(world.worker)
    body = client.get(reverse("incidents:incident-detail", args=[incident.pk])).content.decode()
    assert "Verbeterplan starten" not in body


@pytest.mark.parametrize(
    ("role", "scope"),
    [("sociaal_werker", "mine"), ("teammanager", "team"), ("kwaliteitsmedewerker", "all")],
)
def test_the_list_starts_with_the_widest_scope_the_role_has_and_says_so(client, world, role, scope):
    client.force_login(world.users[role])
    body = client.get(reverse("incidents:incident-list")).content.decode()
    assert f'<option value="{scope}" selected>' in body
