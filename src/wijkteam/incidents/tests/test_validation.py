"""Bad input gets a clear Dutch message and changes nothing."""

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from wijkteam.incidents import services
from wijkteam.incidents.forms import IncidentForm
from wijkteam.incidents.models import Incident, IncidentEvent
from wijkteam.incidents.tests.helpers import TODAY, D, incident_values, report
from wijkteam.organisation.tests.factories import LocationFactory

pytestmark = pytest.mark.django_db


def refused(world, actor=None, staff=(), **fields) -> dict:
    incident = Incident(**incident_values(world, **fields))
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        services.report_incident(
            actor=actor or world.worker, incident=incident, staff_involved=staff
        )
    assert not Incident.objects.exists()
    assert not IncidentEvent.objects.exists()
    return exc.value.message_dict


def test_an_incident_in_the_future_is_refused(world):
    errors = refused(world, occurred_on=TODAY + datetime.timedelta(days=1))
    assert errors["occurred_on"] == ["Een incident kan niet in de toekomst liggen."]


def test_a_team_that_is_not_the_reporters_is_refused(world):
    errors = refused(world, team=world.team_b)
    assert "eigen teams" in errors["team"][0]


def test_a_location_for_a_home_visit_is_refused(world):
    errors = refused(world, location_kind="home_visit", location=world.location)
    assert "huisbezoek" in errors["location"][0]


def test_a_location_of_another_kind_is_refused(world):
    office = LocationFactory(kind="office", area=world.area)
    errors = refused(world, location_kind="neighbourhood_room", location=office)
    assert "geen plek van deze soort" in errors["location"][0]


def test_a_household_the_resident_is_not_in_is_refused(world):
    from wijkteam.residents.tests.factories import HouseholdMemberFactory, ResidentFactory

    other = ResidentFactory(team=world.team_a)
    errors = refused(world, resident=other, household=world.household_a)
    assert errors["household"] == ["De inwoner hoort niet bij dit huishouden."]
    assert HouseholdMemberFactory  # the household of resident A stays valid for resident A


def test_a_colleague_of_another_team_cannot_be_named(world):
    from wijkteam.accounts.tests.factories import UserFactory

    stranger = UserFactory(role="sociaal_werker", teams=[world.team_b])
    errors = refused(world, staff=[stranger])
    assert "eigen teams" in errors["staff_involved"][0]


def test_a_category_outside_the_ladder_is_refused(world):
    errors = refused(world, category=7)
    assert "category" in errors


def test_the_form_shows_dutch_messages_and_saves_nothing(client, world):
    client.force_login(world.worker)
    with translation.override("nl"):
        response = client.post(
            reverse("incidents:incident-create"),
            {"occurred_on": "2026-12-25", "category": "9", "team": world.team_a.pk},
            HTTP_ACCEPT_LANGUAGE="nl",
        )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Er is niets opgeslagen" in body
    assert "Een incident kan niet in de toekomst liggen." in body or "occurred_on" in (
        response.context["form"].errors
    )
    assert "Dit veld is vereist." in body
    assert not Incident.objects.exists()


def test_changing_a_closed_incident_is_refused(world):
    from wijkteam.incidents.tests.helpers import incident_in
    from wijkteam.incidents.workflow import IncidentState

    incident = incident_in(IncidentState.CLOSED, world)
    incident.description = "Anders"
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        services.update_incident(
            actor=world.manager, incident=incident, expected_version=incident.version
        )
    assert "afgesloten" in " ".join(exc.value.messages)
    incident.refresh_from_db()
    assert incident.description != "Anders"


def test_a_stale_version_of_the_report_is_refused(world):
    incident = report(world)
    incident.category = 3
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        services.update_incident(actor=world.manager, incident=incident, expected_version=99)
    assert "iemand anders" in " ".join(exc.value.messages).lower()
    incident.refresh_from_db()
    assert incident.category == 2


def test_a_follow_up_action_due_in_the_past_or_for_a_stranger_is_refused(world):
    from wijkteam.accounts.tests.factories import UserFactory
    from wijkteam.incidents.models import FollowUpAction

    incident = report(world)
    stranger = UserFactory(role="teammanager", teams=[world.team_b])
    action = FollowUpAction(
        incident=incident, description="Nabespreken", owner=stranger, due_on=D(2026, 11, 20)
    )
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        services.add_follow_up(actor=world.manager, action=action)
    assert set(exc.value.message_dict) == {"owner", "due_on"}
    assert not FollowUpAction.objects.exists()


def test_a_care_need_needs_who_and_a_follow_up_date(world):
    from wijkteam.incidents.models import CareNeed

    incident = report(world)
    need = CareNeed(incident=incident, status="open")
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        services.record_care_need(actor=world.manager, care_need=need)
    assert set(exc.value.message_dict) == {"person_description", "follow_up_on"}
    assert not CareNeed.objects.exists()


# --- The form, with generated input ----------------------------------------------------------

FIELDS = st.fixed_dictionaries(
    {
        "occurred_on": st.one_of(
            st.dates(min_value=D(2025, 1, 1), max_value=D(2026, 12, 31)).map(str),
            st.sampled_from(["", "31-02-2026", "gisteren"]),
        ),
        "occurred_time": st.sampled_from(["10:00", "08:15", "23:59", "25:00", ""]),
        "location_kind": st.sampled_from(
            ["office", "home_visit", "public_space", "neighbourhood_room", "moon"]
        ),
        "kind": st.sampled_from(["threat", "fight", "resident_harm", "verbal_aggression", "x"]),
        "category": st.one_of(st.integers(min_value=0, max_value=8).map(str), st.text(max_size=2)),
        "description": st.text(max_size=60),
        "resident": st.one_of(
            st.sampled_from(["", "RESIDENT_A", "RESIDENT_B"]),
            st.integers(min_value=-5, max_value=10**6).map(str),
        ),
    }
)
VALID = {
    "occurred_on": "2026-11-26",
    "occurred_time": "10:00",
    "location_kind": "office",
    "kind": "threat",
    "category": "3",
    "description": "Dreiging aan de balie.",
    "resident": "RESIDENT_A",
}


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=FIELDS)
@example(data=VALID)
def test_the_report_form_saves_a_valid_incident_or_nothing(world, data):
    residents = {"RESIDENT_A": world.resident_a.pk, "RESIDENT_B": world.resident_b.pk}
    data = {**data, "resident": residents.get(data["resident"], data["resident"])}
    before = Incident.objects.count()
    form = IncidentForm({**data, "team": world.team_a.pk}, user=world.worker)
    saved = None
    if form.is_valid():
        incident = form.save(commit=False)
        try:
            saved = services.report_incident(
                actor=world.worker, incident=incident, staff_involved=form.staff()
            )
        except ValidationError:
            saved = None
    if saved is None:
        assert Incident.objects.count() == before
        return
    stored = Incident.objects.get(pk=saved.pk)
    assert 1 <= stored.category <= 6
    assert stored.occurred_on <= TODAY
    assert stored.description.strip()
    assert stored.resident_id in (None, world.resident_a.pk)
    assert stored.aftercare_due_on > stored.reported_on
    assert Incident.objects.count() == before + 1
    if data["resident"] == world.resident_b.pk:
        pytest.fail("an out-of-scope resident was saved")


def test_the_valid_example_is_saved(world):
    data = {**VALID, "resident": world.resident_a.pk, "team": world.team_a.pk}
    form = IncidentForm(data, user=world.worker)
    assert form.is_valid(), form.errors
    incident = services.report_incident(
        actor=world.worker, incident=form.save(commit=False), staff_involved=form.staff()
    )
    assert incident.resident == world.resident_a
