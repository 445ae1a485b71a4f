import datetime
from collections import Counter
from decimal import Decimal
from io import StringIO

from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db.models import Count, Q

import pytest
from auditlog.models import LogEntry
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

from wijkteam.accounts.models import TeamMembership, User
from wijkteam.accounts.roles import ROLES
from wijkteam.demo.generator import (
    DEMO_TODAY,
    FTE_OPTIONS,
    bsn_test_pool,
    build_demo_data,
    split_last_name,
)
from wijkteam.organisation.models import Team
from wijkteam.organisation.reference_data import NEIGHBOURHOOD_TEAMS, TEAMS
from wijkteam.residents.models import Household, HouseholdMember, Resident
from wijkteam.support.models import SupportCase

SMALL = 0.01


@pytest.fixture(scope="module")
def scale_one():
    return build_demo_data(seed=1, scale=1.0)


@pytest.fixture
def demo_settings(settings):
    settings.DEBUG = True
    # Six demo passwords are hashed; the fast hasher keeps the tests quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings


@pytest.fixture
def generator_only(monkeypatch):
    """Only the shared generator: the apps' demo writers add residents of their own."""
    monkeypatch.setattr("wijkteam.demo.management.commands.load_demo_data.APP_DEMO_MODULES", ())


def load(seed=1, scale=SMALL, *args):
    out = StringIO()
    call_command("load_demo_data", "--seed", str(seed), "--scale", str(scale), *args, stdout=out)
    return out.getvalue()


# --- The pure generator ---------------------------------------------------------------------


def test_same_seed_gives_same_people():
    assert build_demo_data(7, 0.05).digest() == build_demo_data(7, 0.05).digest()


def test_another_seed_gives_other_people():
    assert build_demo_data(7, 0.05).digest() != build_demo_data(8, 0.05).digest()


def test_scale_one_matches_leeuwarden_2019_volumes(scale_one):
    assert len(scale_one.cases) == pytest.approx(7800, rel=0.03)
    assert scale_one.person_count == pytest.approx(16700, rel=0.05)
    per_team = Counter(case.team for case in scale_one.cases)
    assert per_team["wijkteam-centrum-oost"] == 1419
    assert per_team["dorpenteam-noord"] == 268
    assert set(per_team) == {spec.code for spec in NEIGHBOURHOOD_TEAMS}


def test_scale_one_staff_follows_the_2023_fte_table(scale_one):
    fte = Counter()
    for row in scale_one.staff:
        fte[row.function] += row.fte
    total = sum(fte.values())
    assert total == pytest.approx(Decimal("216.89"), rel=Decimal("0.01"))
    assert fte["teammanager"] == pytest.approx(Decimal("8.5"), abs=Decimal("0.5"))
    neighbourhood = {spec.code for spec in NEIGHBOURHOOD_TEAMS}
    social_workers_in_teams = sum(
        row.fte
        for row in scale_one.staff
        if row.function == "sociaal-werker" and row.memberships[0].team in neighbourhood
    )
    assert social_workers_in_teams == pytest.approx(Decimal("113.78"), rel=Decimal("0.02"))
    generated = [row for row in scale_one.staff if not row.is_demo_account]
    assert {row.fte for row in generated} <= set(FTE_OPTIONS)


def test_every_generated_bsn_is_in_test_range_and_passes_eleven_test(scale_one):
    bsns = [person.bsn for person in scale_one.persons if person.bsn]
    assert len(bsns) == len(set(bsns))
    for bsn in bsns:
        assert 999900006 <= int(bsn) <= 999999990
        assert stdnum_bsn.is_valid(bsn)


def test_test_range_holds_9091_valid_bsns_and_scale_one_uses_them_all(scale_one):
    pool = bsn_test_pool()
    assert len(pool) == 9091
    assert all(stdnum_bsn.is_valid(bsn) for bsn in pool)
    # 85% of ~16,700 persons would need more numbers than the test range has.
    assert sum(1 for person in scale_one.persons if person.bsn) == len(pool)


def test_about_85_percent_have_a_bsn_while_the_test_range_lasts():
    data = build_demo_data(3, 0.2)
    share = sum(1 for person in data.persons if person.bsn) / data.person_count
    assert share == pytest.approx(0.85, abs=0.01)


def test_postcodes_are_valid_and_stored_without_space(scale_one):
    for case in scale_one.cases:
        assert len(case.postcode) == 6
        assert stdnum_postcode.is_valid(case.postcode)
        assert case.postcode[4:] not in {"SA", "SD", "SS"}


def test_villages_only_for_dorpenteams(scale_one):
    for case in scale_one.cases:
        if case.team.startswith("wijkteam"):
            assert case.city == "Leeuwarden"
        else:
            assert case.city != "Leeuwarden"


def test_cases_fall_in_the_year_before_demo_today_and_about_40_percent_are_closed(scale_one):
    year_before = DEMO_TODAY - datetime.timedelta(days=365)
    for case in scale_one.cases:
        assert year_before < case.received_on <= DEMO_TODAY
        if case.closed_on:
            assert case.received_on <= case.closed_on <= DEMO_TODAY
        for person in case.members:
            assert person.date_of_birth <= case.received_on
    closed = sum(1 for case in scale_one.cases if case.closed_on) / len(scale_one.cases)
    assert closed == pytest.approx(0.40, abs=0.03)


def test_legal_frameworks_are_mostly_basic_with_some_wmo_youth_and_debt(scale_one):
    mix = Counter(case.legal_framework for case in scale_one.cases)
    assert set(mix) == {"basic", "wmo", "youth", "debt"}
    assert mix["basic"] > len(scale_one.cases) / 2


def test_households_have_one_head_and_one_to_five_members(scale_one):
    for case in scale_one.cases:
        assert 1 <= len(case.members) <= 5
        relations = [person.relation for person in case.members]
        assert relations[0] == "head"
        assert relations.count("head") == 1
        head = case.members[0]
        surname = " ".join(part for part in (head.name_prefix, head.last_name) if part)
        assert case.household_name == f"Huishouden {surname}"


def test_coordinator_is_a_sociaal_werker_of_the_case_team(scale_one):
    for case in scale_one.cases:
        coordinator = scale_one.staff[case.coordinator]
        assert coordinator.function == "sociaal-werker"
        assert coordinator.memberships[0].team == case.team


def test_every_active_team_has_a_member_and_exactly_one_manager_even_at_small_scale():
    data = build_demo_data(5, SMALL)
    active = {spec.code for spec in TEAMS if spec.valid_to is None}
    members = Counter(m.team for row in data.staff for m in row.memberships)
    managers = Counter(m.team for row in data.staff for m in row.memberships if m.is_manager)
    assert active <= set(members)
    assert {team: managers[team] for team in active} == dict.fromkeys(active, 1)


def test_some_staff_work_in_two_teams(scale_one):
    two_teams = [
        row
        for row in scale_one.staff
        if not row.is_demo_account and sum(not m.is_manager for m in row.memberships) == 2
    ]
    assert 10 <= len(two_teams) <= 0.2 * len(scale_one.staff)
    collective = [
        row for row in two_teams if "collectief-werken" in {m.team for m in row.memberships}
    ]
    assert len(collective) == 3


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("van der Ploeg", ("van der", "Ploeg")),
        ("de Vries", ("de", "Vries")),
        ("Dekker", ("", "Dekker")),
        ("Van Bragt", ("van", "Bragt")),
        ("Bourgondië, van", ("van", "Bourgondië")),
        ("uit de Willigen", ("uit de", "Willigen")),
        ("Goyaerts van Waderle", ("", "Goyaerts van Waderle")),
    ],
)
def test_tussenvoegsel_is_kept_apart_from_the_last_name(raw, expected):
    assert split_last_name(raw) == expected


# --- The command, end to end ----------------------------------------------------------------


@pytest.mark.django_db
def test_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        load()
    assert not Resident.objects.exists()
    assert not User.objects.filter(is_demo_account=True).exists()


@pytest.mark.django_db
def test_demo_accounts_exist_one_per_role_with_demo_password(demo_settings):
    load()

    accounts = User.objects.filter(is_demo_account=True)
    assert accounts.count() == len(ROLES)
    for role in ROLES:
        user = accounts.get(username=role.demo_username)
        assert user.check_password(demo_settings.DEMO_PASSWORD)
        assert user.role_names == [role.name]


@pytest.mark.django_db
def test_demo_accounts_sit_in_the_right_teams(demo_settings):
    load()

    first = Team.objects.get(code=NEIGHBOURHOOD_TEAMS[0].code)
    worker = User.objects.get(username="sociaalwerker")
    assert list(worker.memberships.values_list("team", "is_manager")) == [(first.pk, False)]
    assert worker.function.code == "sociaal-werker"

    manager = User.objects.get(username="teammanager")
    managed = manager.memberships.filter(is_manager=True)
    assert managed.count() == 2
    assert managed.filter(team=first).exists()
    assert set(managed.values_list("team__kind", flat=True)) == {"neighbourhood"}

    for username in ("kwaliteit", "beheer", "bestuurder"):
        teams = User.objects.get(username=username).memberships.values_list("team__code")
        assert list(teams) == [("staf-en-kwaliteit",)]
    gemeente = User.objects.get(username="gemeente")
    assert gemeente.function is None
    assert not gemeente.memberships.exists()


@pytest.mark.django_db
def test_command_loads_consistent_data_end_to_end(demo_settings, generator_only):
    output = load(seed=4)
    data = build_demo_data(4, SMALL)

    assert Resident.objects.count() == data.person_count
    assert SupportCase.objects.count() == len(data.cases) == Household.objects.count()
    assert "support cases" in output
    assert "Demo data loaded" in output
    # The main applicant of every case is the head of its household.
    assert HouseholdMember.objects.filter(relation="head").count() == SupportCase.objects.count()
    for case in SupportCase.objects.all():
        assert HouseholdMember.objects.filter(
            household_id=case.household_id, resident_id=case.resident_id, relation="head"
        ).exists()
    # The coordinator of the case and household is a sociaal werker member of that team.
    for case in SupportCase.objects.select_related("household", "coordinator__function"):
        assert case.coordinator_id == case.household.coordinator_id
        assert case.coordinator.function.code == "sociaal-werker"
        assert TeamMembership.objects.filter(user=case.coordinator, team=case.team).exists()
    # Residents live in the area of their team and are validated like entered data.
    for resident in Resident.objects.select_related("team"):
        assert resident.area in resident.team.areas.all()
        resident.full_clean()
    # Generated staff cannot sign in; every team has exactly one manager membership.
    generated = User.objects.filter(is_demo_account=False)
    assert generated.exists()
    assert not any(user.has_usable_password() for user in generated)
    managers = (
        Team.objects.filter(valid_to__isnull=True)
        .annotate(n=Count("memberships", filter=Q(memberships__is_manager=True)))
        .values_list("n", flat=True)
    )
    assert set(managers) == {1}


@pytest.mark.django_db
def test_if_empty_does_not_load_twice(demo_settings):
    load()
    residents = Resident.objects.count()
    staff = User.objects.count()

    output = load(2, SMALL, "--if-empty")

    assert "not loaded" in output
    assert Resident.objects.count() == residents
    assert User.objects.count() == staff


@pytest.mark.django_db
def test_second_load_without_if_empty_refuses_instead_of_doubling(demo_settings):
    load()
    residents = Resident.objects.count()

    with pytest.raises(CommandError, match="already holds"):
        load(2)

    assert Resident.objects.count() == residents


@pytest.mark.django_db
def test_load_on_a_database_with_an_existing_account_keeps_usernames_unique(demo_settings):
    User.objects.create(username="sociaalwerker", first_name="Bestaand")

    load()

    assert User.objects.filter(username="sociaalwerker").count() == 1
    assert User.objects.get(username="sociaalwerker").is_demo_account
    usernames = list(User.objects.values_list("username", flat=True))
    assert len(usernames) == len(set(usernames))


@pytest.mark.django_db
def test_bulk_writes_leave_one_system_entry_per_batch_in_the_audit_trail(
    demo_settings, generator_only
):
    load(seed=3)

    entries = LogEntry.objects.filter(additional_data__command="load_demo_data")
    resident_entries = entries.filter(content_type=ContentType.objects.get_for_model(Resident))
    assert resident_entries.count() == 1  # scale 0.01 fits in one batch
    entry = resident_entries.get()
    assert entry.actor is None
    assert entry.additional_data["count"] == Resident.objects.count()
    assert entry.additional_data["seed"] == 3
    pks = list(Resident.objects.order_by("pk").values_list("pk", flat=True))
    assert entry.object_pk == f"{pks[0]}-{pks[-1]}"
    labels = set(entries.values_list("additional_data__label", flat=True))
    assert {"staff", "team memberships", "residents", "households", "support cases"} <= labels


@pytest.mark.django_db
def test_every_app_demo_writer_runs_and_reports_progress(demo_settings):
    from wijkteam.demo.management.commands.load_demo_data import APP_DEMO_MODULES, app_demo_writers

    output = load(seed=5)
    writers = list(app_demo_writers())
    assert writers, APP_DEMO_MODULES
    assert "Demo data loaded" in output
