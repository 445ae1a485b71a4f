from decimal import Decimal
from io import StringIO

from django.core.management import call_command

import pytest

from wijkteam.organisation.choices import AreaKind, LocationKind, LocationStatus, TeamKind
from wijkteam.organisation.models import Area, Location, StaffFunction, Team
from wijkteam.organisation.reference_data import (
    AREAS,
    CASELOAD_2019,
    CASELOAD_2019_TOTAL_CASES,
    CASELOAD_2019_TOTAL_PERSONS,
    FTE_TABLE_2023,
    FTE_TOTAL_2023_PRINTED,
    FUNCTIONS,
    LOCATIONS,
    PROVISIONAL,
    TEAMS,
    caseload_2019_by_team,
    seed_reference_data,
)


def test_fte_table_rows_sum_to_the_printed_2023_total():
    total = sum(row.fte_2023 for row in FTE_TABLE_2023)
    # The rows sum to 216.90; the report prints 216.89 (rounding in the source).
    assert abs(total - FTE_TOTAL_2023_PRINTED) <= Decimal("0.01")


def test_caseload_split_onto_the_ten_teams_keeps_the_2019_totals():
    assert sum(row[3] for row in CASELOAD_2019) == CASELOAD_2019_TOTAL_CASES
    # The person rows sum to 16,696 against a printed 16,695 (off by one in the source).
    person_rows = sum(row[4] for row in CASELOAD_2019)
    assert abs(person_rows - CASELOAD_2019_TOTAL_PERSONS) <= 1
    by_team = caseload_2019_by_team()
    assert len(by_team) == 10
    assert sum(cases for cases, _persons in by_team.values()) == CASELOAD_2019_TOTAL_CASES
    assert sum(persons for _cases, persons in by_team.values()) == person_rows


def test_codes_are_unique_slugs():
    for specs in (AREAS, TEAMS, FUNCTIONS):
        codes = [spec.code for spec in specs]
        assert len(codes) == len(set(codes))
        assert all(code == code.lower() and " " not in code for code in codes)
    assert len({spec.name for spec in LOCATIONS}) == len(LOCATIONS)


def test_provisional_teams_say_so_in_their_description():
    provisional = [spec for spec in TEAMS if spec.provisional]
    assert {spec.code for spec in provisional} >= {
        "wijkteam-vrijheidswijk",
        "wijkteam-camminghaburen",
    }
    assert all(PROVISIONAL in spec.description for spec in provisional)


@pytest.mark.django_db
def test_reference_data_creates_eight_wijkteams_and_two_dorpenteams_with_one_area_each():
    seed_reference_data()

    wijkteams = Team.objects.filter(kind=TeamKind.NEIGHBOURHOOD)
    dorpenteams = Team.objects.filter(kind=TeamKind.VILLAGE)
    assert wijkteams.count() == 8
    assert dorpenteams.count() == 2
    for team in wijkteams:
        assert [area.kind for area in team.areas.all()] == [AreaKind.WIJK]
    for team in dorpenteams:
        assert [area.kind for area in team.areas.all()] == [AreaKind.DORP]
    assert Team.objects.get(code="wijkteam-centrum-oost").areas.get().name == "Centrum-Oost"
    assert Team.objects.filter(kind=TeamKind.SUPPORT).get().name == "Staf en kwaliteit"
    assert Team.objects.filter(kind=TeamKind.CITYWIDE).count() >= 10


@pytest.mark.django_db
def test_reference_data_has_the_eight_gebieden_of_2020_plus_two_provisional_areas():
    seed_reference_data()

    names = set(Area.objects.values_list("name", flat=True))
    assert {
        "Centrum-Oost",
        "Noord-Oost",
        "West",
        "Zuid",
        "Noord",
        "Oud-Oost",
        "Dorpen Zuid",
        "Dorpen Noord",
    } <= names
    assert len(names) == 10
    assert Area.objects.filter(kind=AreaKind.DORP).count() == 2


@pytest.mark.django_db
def test_nine_buurt_en_dorpskamers_are_active_and_the_candidates_are_not():
    seed_reference_data()

    active = Location.objects.filter(status=LocationStatus.ACTIVE)
    assert active.count() == 9
    assert active.filter(kind=LocationKind.VILLAGE_ROOM).count() == 3
    assert set(active.filter(kind=LocationKind.VILLAGE_ROOM).values_list("place", flat=True)) == {
        "Grou",
        "Mantgum",
        "Stiens",
    }
    candidates = Location.objects.filter(status=LocationStatus.CANDIDATE)
    assert candidates.count() == 3
    assert all(location.area_id for location in Location.objects.all())


@pytest.mark.django_db
def test_executive_functions_have_a_level_and_management_functions_are_not_executive():
    seed_reference_data()

    executive = StaffFunction.objects.filter(is_executive=True)
    assert executive.count() == 10
    assert not executive.filter(level="").exists()
    assert StaffFunction.objects.get(code="sociaal-werker").level == "hbo"
    assert StaffFunction.objects.get(code="begeleider").level == "mbo4"
    for code in ("teammanager", "beleidsadviseur", "kwaliteitsmedewerker", "overige-overhead"):
        assert StaffFunction.objects.get(code=code).is_executive is False


@pytest.mark.django_db
def test_reference_data_is_idempotent():
    first = seed_reference_data()
    rows = (
        Area.objects.count(),
        Team.objects.count(),
        Location.objects.count(),
        StaffFunction.objects.count(),
    )
    versions = list(Team.objects.order_by("code").values_list("code", "version"))

    second = seed_reference_data()

    assert first["created"] == len(AREAS) + len(TEAMS) + len(LOCATIONS) + len(FUNCTIONS)
    assert second["created"] == 0
    assert second["updated"] == 0
    assert (
        Area.objects.count(),
        Team.objects.count(),
        Location.objects.count(),
        StaffFunction.objects.count(),
    ) == rows
    assert list(Team.objects.order_by("code").values_list("code", "version")) == versions


@pytest.mark.django_db
def test_reference_data_restores_a_changed_team_and_bumps_its_version():
    seed_reference_data()
    team = Team.objects.get(code="wijkteam-west")
    team.name = "Iets anders"
    team.save()
    team.areas.clear()

    result = seed_reference_data()

    team.refresh_from_db()
    assert team.name == "Wijkteam West"
    assert team.version == 2
    assert [area.code for area in team.areas.all()] == ["west"]
    assert result["updated"] == 1


@pytest.mark.django_db
def test_load_reference_data_command_prints_counts_and_can_run_twice():
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    call_command("load_reference_data", stdout=out)

    text = out.getvalue()
    assert f"{len(TEAMS)} teams" in text
    assert "0 created, 0 updated" in text
    assert Team.objects.count() == len(TEAMS)
