"""Households: one household, one plan, one coordinator; members and their relation."""

from django.urls import reverse

import pytest

from wijkteam.core.models import AccessLogEntry
from wijkteam.residents.models import Household, HouseholdMember
from wijkteam.residents.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def test_worker_starts_a_household_with_the_resident_as_main_applicant(client, world):
    resident = ResidentFactory(team=world.team_a)
    client.force_login(world.worker)
    response = client.post(
        reverse("residents:household-create", args=[resident.pk]),
        {"name": "Huishouden Test", "team": world.team_a.pk, "coordinator": world.worker.pk},
    )
    assert response.status_code == 302
    household = Household.objects.get(name="Huishouden Test")
    assert household.coordinator == world.worker
    member = HouseholdMember.objects.get(household=household)
    assert (member.resident, member.relation) == (resident, "head")


def test_coordinator_must_be_a_worker_of_the_users_teams(client, world):
    resident = ResidentFactory(team=world.team_a)
    client.force_login(world.worker)
    response = client.post(
        reverse("residents:household-create", args=[resident.pk]),
        {"name": "Huishouden X", "team": world.team_a.pk, "coordinator": world.admin.pk},
    )
    assert response.status_code == 200
    assert "coordinator" in response.context["form"].errors
    assert not Household.objects.filter(name="Huishouden X").exists()


def test_member_added_with_relation_and_not_twice(client, world):
    child = ResidentFactory(team=world.team_a)
    client.force_login(world.worker)
    url = reverse("residents:household-member-add", args=[world.household_a.pk])
    assert client.post(url, {"resident": child.pk, "relation": "child"}).status_code == 302
    again = client.post(url, {"resident": child.pk, "relation": "child"})
    assert again.status_code == 200  # no longer offered: already a member
    assert HouseholdMember.objects.filter(household=world.household_a).count() == 2


def test_only_visible_residents_can_be_added(client, world):
    client.force_login(world.worker)
    url = reverse("residents:household-member-add", args=[world.household_a.pk])
    response = client.post(url, {"resident": world.resident_b.pk, "relation": "partner"})
    assert response.status_code == 200
    assert "resident" in response.context["form"].errors


def test_household_page_logs_access_for_every_member_shown(client, world):
    child = ResidentFactory(team=world.team_a)
    HouseholdMember.objects.create(household=world.household_a, resident=child, relation="child")
    client.force_login(world.worker)
    client.get(reverse("residents:household-detail", args=[world.household_a.pk]))
    logged = set(AccessLogEntry.objects.values_list("resident_id", flat=True))
    assert logged == {world.resident_a.pk, child.pk}


def test_household_of_another_team_answers_404(client, world):
    other = Household.objects.create(name="Anders", team=world.team_b)
    client.force_login(world.worker)
    assert client.get(reverse("residents:household-detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("household-detail", args=[other.pk])).status_code == 404


def test_concurrent_household_edit_is_refused(client, world):
    client.force_login(world.worker)
    url = reverse("residents:household-update", args=[world.household_a.pk])
    data = {"name": "Nieuw", "team": world.team_a.pk, "coordinator": world.worker.pk, "version": 1}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "name": "Anders"})
    assert response.status_code == 200
    world.household_a.refresh_from_db()
    assert world.household_a.name == "Nieuw"
