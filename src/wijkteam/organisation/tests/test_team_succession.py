"""Teams are renamed or split by succession, so past figures keep their team."""

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from wijkteam.organisation.models import Team
from wijkteam.organisation.services import succeed_team

pytestmark = pytest.mark.django_db


def test_split_ends_the_team_and_starts_successors_with_its_areas(world):
    end = datetime.date(2026, 12, 31)
    successors = succeed_team(
        actor=world.admin, team=world.team_a, end_date=end, successor_names=["Noord", "Zuid"]
    )
    world.team_a.refresh_from_db()
    assert world.team_a.valid_to == end
    assert [s.valid_from for s in successors] == [datetime.date(2027, 1, 1)] * 2
    for successor in successors:
        assert list(successor.predecessors.all()) == [world.team_a]
        assert list(successor.areas.all()) == [world.area]
    # the resident registered with the old team keeps it: history is not rewritten
    world.resident_a.refresh_from_db()
    assert world.resident_a.team == world.team_a


def test_a_team_that_already_ended_cannot_be_succeeded_again(world):
    succeed_team(
        actor=world.admin,
        team=world.team_a,
        end_date=datetime.date(2026, 1, 1),
        successor_names=["Nieuw"],
    )
    world.team_a.refresh_from_db()
    with pytest.raises(ValidationError):
        succeed_team(
            actor=world.admin,
            team=world.team_a,
            end_date=datetime.date(2026, 6, 1),
            successor_names=["Nog nieuwer"],
        )


def test_rename_through_the_page_shows_old_and_new_team(client, world):
    client.force_login(world.admin)
    response = client.post(
        reverse("organisation:team-succeed", args=[world.team_a.pk]),
        {"end_date": "2026-12-31", "successor_names": "Wijkteam Centrum"},
    )
    assert response.status_code == 302
    new = Team.objects.get(name="Wijkteam Centrum")
    page = client.get(reverse("organisation:team-detail", args=[new.pk])).content.decode()
    assert "Wijkteam A" in page


def test_active_teams_on_a_date_follow_validity(world):
    succeed_team(
        actor=world.admin,
        team=world.team_a,
        end_date=datetime.date(2025, 12, 31),
        successor_names=["Wijkteam A2"],
    )
    names_2025 = set(Team.objects.active(datetime.date(2025, 6, 1)).values_list("name", flat=True))
    names_2026 = set(Team.objects.active(datetime.date(2026, 6, 1)).values_list("name", flat=True))
    assert "Wijkteam A" in names_2025 and "Wijkteam A2" not in names_2025
    assert "Wijkteam A2" in names_2026 and "Wijkteam A" not in names_2026


def test_master_data_concurrent_edit_is_refused(client, world):
    client.force_login(world.admin)
    url = reverse("organisation:area-update", args=[world.area.pk])
    data = {
        "code": "centrum-oost",
        "name": "Centrum-Oost",
        "kind": "wijk",
        "valid_from": "2021-01-01",
        "version": 1,
    }
    assert client.post(url, {**data, "name": "Centrum Oost"}).status_code == 302
    response = client.post(url, {**data, "name": "Centrum"})
    assert response.status_code == 200
    world.area.refresh_from_db()
    assert world.area.name == "Centrum Oost"
