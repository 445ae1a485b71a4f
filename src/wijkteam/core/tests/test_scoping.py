"""Each model with personal data is scoped per role; views answer 404 out of scope."""

from django.apps import apps
from django.urls import reverse

import pytest

from wijkteam.core.scoping import PERSONAL_DATA_MODELS
from wijkteam.residents.models import Household, HouseholdMember, Resident, ResidentShare
from wijkteam.residents.tests.factories import ResidentShareFactory
from wijkteam.support.models import SupportCase

pytestmark = pytest.mark.django_db

NO_RESIDENT_ACCESS = ["kwaliteitsmedewerker", "gemeente", "functioneel_beheerder", "bestuurder"]


@pytest.mark.parametrize("label", PERSONAL_DATA_MODELS)
def test_every_personal_data_model_has_visible_for(label):
    model = apps.get_model(label)
    assert callable(getattr(model.objects, "visible_for", None)), label


@pytest.mark.parametrize("label", PERSONAL_DATA_MODELS)
def test_anonymous_sees_nothing_of_any_personal_data_model(world, label):
    from django.contrib.auth.models import AnonymousUser

    model = apps.get_model(label)
    assert list(model.objects.visible_for(AnonymousUser())) == []


@pytest.mark.parametrize(
    ("model", "own", "other"),
    [
        (Resident, "resident_a", "resident_b"),
        (SupportCase, "case_a", "case_b"),
    ],
)
def test_worker_sees_own_team_only(world, model, own, other):
    visible = set(model.objects.visible_for(world.worker))
    assert getattr(world, own) in visible
    assert getattr(world, other) not in visible


def test_worker_sees_household_and_members_of_own_team_only(world):
    assert set(Household.objects.visible_for(world.worker)) == {world.household_a}
    members = HouseholdMember.objects.visible_for(world.worker)
    assert {m.resident for m in members} == {world.resident_a}


@pytest.mark.parametrize("role", NO_RESIDENT_ACCESS)
@pytest.mark.parametrize(
    "model", [Resident, SupportCase, Household, HouseholdMember, ResidentShare]
)
def test_roles_without_casework_see_no_resident_data(world, role, model):
    assert model.objects.visible_for(world.users[role]).count() == 0


def test_explicit_share_opens_one_file_until_its_end_date(world):
    ResidentShareFactory(resident=world.resident_b, user=world.worker, granted_by=world.manager)
    assert world.resident_b in Resident.objects.visible_for(world.worker)
    assert world.case_b in SupportCase.objects.visible_for(world.worker)
    assert ResidentShare.objects.visible_for(world.worker).count() == 1


def test_expired_share_no_longer_opens_the_file(world):
    import datetime

    ResidentShareFactory(
        resident=world.resident_b,
        user=world.worker,
        granted_by=world.manager,
        valid_until=datetime.date(2020, 1, 1),
    )
    assert world.resident_b not in Resident.objects.visible_for(world.worker)


def test_ended_membership_ends_access(world):
    import datetime

    world.worker.memberships.update(end_date=datetime.date(2022, 1, 1))
    world.worker.__dict__.pop("_active_team_ids", None)
    assert Resident.objects.visible_for(world.worker).count() == 0


def test_staff_scoping_worker_sees_own_team_colleagues_only(world):
    from wijkteam.accounts.models import TeamMembership, User

    visible = set(User.objects.visible_for(world.worker))
    assert {world.worker, world.manager} <= visible
    assert world.admin not in visible
    assert User.objects.visible_for(world.municipality).count() == 0
    assert set(User.objects.visible_for(world.admin)) == set(User.objects.all())
    assert TeamMembership.objects.visible_for(world.municipality).count() == 0


@pytest.mark.parametrize(
    "name",
    ["residents:resident-detail", "residents:resident-update", "residents:resident-share"],
)
def test_out_of_scope_resident_pages_answer_404(client, world, name):
    client.force_login(world.manager)
    response = client.get(reverse(name, args=[world.resident_b.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["resident-detail"])
def test_out_of_scope_resident_in_api_answers_404(client, world, name):
    client.force_login(world.worker)
    assert client.get(reverse(name, args=[world.resident_b.pk])).status_code == 404
    assert client.get(reverse("case-detail", args=[world.case_b.pk])).status_code == 404


def test_resident_list_and_api_list_show_only_scoped_residents(client, world):
    client.force_login(world.worker)
    page = client.get(reverse("residents:resident-list"))
    assert list(page.context["object_list"]) == [world.resident_a]
    api = client.get(reverse("resident-list")).json()
    assert [r["id"] for r in api["results"]] == [world.resident_a.pk]


def test_out_of_scope_staff_detail_answers_404(client, world):
    client.force_login(world.worker)
    assert client.get(reverse("accounts:staff-detail", args=[world.admin.pk])).status_code == 404


@pytest.mark.parametrize(
    ("url_name", "marker"),
    [
        ("residents:resident-list", "resident_b"),
        ("resident-list", "resident_b"),
        ("case-list", "case_b"),
        ("accounts:staff-list", "admin"),
        ("staff-list", "admin"),
    ],
)
def test_lists_never_show_out_of_scope_people(client, world, url_name, marker):
    client.force_login(world.worker)
    body = client.get(reverse(url_name)).content.decode()
    obj = getattr(world, marker)
    shown = {
        "resident_b": [world.resident_b.last_name, world.resident_b.bsn],
        "case_b": [f'"id":{world.case_b.pk},', f'"resident":{world.resident_b.pk}'],
        "admin": [f'"username":"{world.admin.username}"', f'/medewerkers/{world.admin.pk}/"'],
    }[marker]
    assert obj is not None
    for text in shown:
        assert text not in body, f"{url_name} leaks {text!r}"


def test_team_page_lists_only_members_the_viewer_may_see(client, world):
    client.force_login(world.municipality)
    body = client.get(reverse("organisation:team-detail", args=[world.team_a.pk])).content.decode()
    assert world.worker.last_name not in body
