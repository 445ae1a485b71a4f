"""Deadline lists, caseload figures and fixed query counts of the lists."""

import datetime
from collections import Counter

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from wijkteam.accounts.tests.factories import UserFactory
from wijkteam.core.models import AccessLogEntry
from wijkteam.residents.tests.factories import HouseholdMemberFactory, ResidentFactory
from wijkteam.support.choices import DeadlineKind
from wijkteam.support.models import CaseDeadline, SupportCase
from wijkteam.support.tests.factories import (
    CaseDeadlineFactory,
    ContactFactory,
    ConversationFactory,
    ReferralFactory,
    SupportCaseFactory,
)
from wijkteam.support.tests.helpers import TODAY, D, register
from wijkteam.support.workflow import CaseState

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def deadline(case, due, met=None, kind=DeadlineKind.FIRST_CONTACT):
    return CaseDeadlineFactory(case=case, kind=kind, due_on=due, met_on=met)


# --- QuerySet methods -----------------------------------------------------------------------


def test_overdue_and_due_between_leave_out_met_deadlines_and_closed_cases(world):
    open_case = SupportCaseFactory(resident=world.resident_a)
    closed_case = SupportCaseFactory(resident=world.resident_a, closed=True)
    late = deadline(open_case, TODAY - DAY)
    deadline(open_case, TODAY - DAY, met=TODAY - 2 * DAY, kind=DeadlineKind.WMO_RESEARCH)
    deadline(closed_case, TODAY - DAY)
    soon = deadline(open_case, TODAY + 3 * DAY, kind=DeadlineKind.DEBT_FIRST_CONVERSATION)
    later = deadline(open_case, TODAY + 7 * DAY, kind=DeadlineKind.WMO_DECISION)

    assert list(CaseDeadline.objects.overdue(TODAY)) == [late]
    assert list(CaseDeadline.objects.due_between(TODAY, TODAY + 6 * DAY)) == [soon]
    assert list(CaseDeadline.objects.due_this_week(TODAY)) == [soon]
    assert list(CaseDeadline.objects.due_between(TODAY, TODAY + 7 * DAY)) == [soon, later]


def test_a_deadline_due_today_is_due_not_overdue(world):
    case = SupportCaseFactory(resident=world.resident_a)
    today = deadline(case, TODAY)
    assert not CaseDeadline.objects.overdue(TODAY).exists()
    assert list(CaseDeadline.objects.due_this_week(TODAY)) == [today]
    assert list(CaseDeadline.objects.overdue(TODAY + DAY)) == [today]


def test_deadline_lists_follow_the_case_scope(world):
    deadline(world.case_a, TODAY - DAY)
    deadline(world.case_b, TODAY - DAY)
    visible = CaseDeadline.objects.visible_for(world.worker).overdue(TODAY)
    assert [d.case for d in visible] == [world.case_a]
    assert not CaseDeadline.objects.visible_for(world.municipality).exists()


# --- The due list page ----------------------------------------------------------------------


def test_due_list_shows_my_overdue_and_this_weeks_deadlines(client, world):
    mine = SupportCaseFactory(resident=world.resident_a, coordinator=world.worker)
    colleague = UserFactory(role="sociaal_werker", teams=[world.team_a])
    other = ResidentFactory(team=world.team_a, last_name="Collega-casus")
    theirs = SupportCaseFactory(resident=other, coordinator=colleague)
    late = deadline(mine, TODAY - 2 * DAY)
    soon = deadline(mine, TODAY + 2 * DAY, kind=DeadlineKind.WMO_RESEARCH)
    their_late = deadline(theirs, TODAY - DAY)
    deadline(world.case_b, TODAY - DAY)  # team B: never shown

    client.force_login(world.worker)
    page = client.get(reverse("support:due-list"))
    assert (page.context["overdue"], page.context["due"]) == ([late], [soon])

    team = client.get(reverse("support:due-list"), {"scope": "team"})
    assert team.context["overdue"] == [late, their_late]
    assert world.resident_b.last_name not in team.content.decode()


def test_due_list_on_another_reference_date(client, world):
    case = SupportCaseFactory(resident=world.resident_a, coordinator=world.worker)
    due = deadline(case, D(2026, 11, 3))
    client.force_login(world.worker)
    page = client.get(reverse("support:due-list"), {"on": "2026-11-02"})
    assert (page.context["overdue"], page.context["due"]) == ([], [due])


def test_due_list_writes_the_access_log_for_the_residents_shown(client, world):
    case = SupportCaseFactory(resident=world.resident_a, coordinator=world.worker)
    deadline(case, TODAY - DAY)
    client.force_login(world.worker)
    client.get(reverse("support:due-list"))
    entry = AccessLogEntry.objects.get()
    assert (entry.resident_id, entry.action) == (world.resident_a.pk, "list")


def test_teammanager_sees_deadlines_of_the_team_filtered_by_team(client, world):
    case = SupportCaseFactory(resident=world.resident_a, coordinator=world.worker)
    late = deadline(case, TODAY - DAY)
    client.force_login(world.manager)
    page = client.get(reverse("support:due-list"), {"scope": "team", "team": world.team_a.pk})
    assert page.context["overdue"] == [late]


# --- Caseload -------------------------------------------------------------------------------


def caseload_world(world):
    """Cases of two workers in team A, some closed, some in a household of two."""
    colleague = UserFactory(role="sociaal_werker", teams=[world.team_a], last_name="Zwart")
    member = HouseholdMemberFactory(household__team=world.team_a, resident__team=world.team_a)
    partner = HouseholdMemberFactory(household=member.household, resident__team=world.team_a)
    cases = [
        SupportCaseFactory(
            resident=member.resident, household=member.household, coordinator=world.worker
        ),
        SupportCaseFactory(
            resident=partner.resident,
            household=partner.household,
            coordinator=world.worker,
            state=CaseState.PLAN_ACTIVE,
        ),
        SupportCaseFactory(resident=world.resident_a, coordinator=world.worker),
        SupportCaseFactory(resident=world.resident_a, coordinator=colleague),
        SupportCaseFactory(resident=world.resident_a, coordinator=colleague, closed=True),
        SupportCaseFactory(resident=world.resident_a, coordinator=None),
        SupportCaseFactory(resident=world.resident_b, coordinator=colleague),  # team B
    ]
    deadline(cases[0], TODAY - DAY)
    deadline(cases[4], TODAY - DAY)  # closed case: not overdue
    return colleague, cases


def expected_caseload(cases, team):
    """The caseload computed in Python from the case objects, independently of the ORM."""
    result = {}
    for case in cases:
        if case.closed_on or case.team_id != team.pk:
            continue
        row = result.setdefault(case.coordinator_id, {"open": 0, "households": set()})
        row["open"] += 1
        row["households"].add(case.household_id or f"case-{case.pk}")
    return {pk: (row["open"], len(row["households"])) for pk, row in result.items()}


def test_caseload_per_worker_matches_a_count_in_python(world):
    _colleague, cases = caseload_world(world)
    cases += [world.case_a]
    expected = expected_caseload(cases, world.team_a)
    rows = SupportCase.objects.filter(team=world.team_a).caseload_by_coordinator()
    assert {r["coordinator"]: (r["open_cases"], r["households"]) for r in rows} == expected


def test_caseload_per_team_matches_a_count_in_python(world):
    _colleague, cases = caseload_world(world)
    everything = list(SupportCase.objects.all())
    for team in (world.team_a, world.team_b):
        per_worker = expected_caseload(everything, team)
        row = SupportCase.objects.filter(team=team).caseload_by_team().get()
        households = {
            c.household_id or f"case-{c.pk}"
            for c in everything
            if c.team_id == team.pk and not c.closed_on
        }
        assert row["open_cases"] == sum(open_ for open_, _h in per_worker.values())
        assert row["households"] == len(households)
        assert row["coordinators"] == len([pk for pk in per_worker if pk is not None])


def test_caseload_counts_states_of_open_cases(world):
    caseload_world(world)
    rows = {
        r["coordinator"]: r
        for r in SupportCase.objects.filter(team=world.team_a).caseload_by_coordinator()
    }
    mine = rows[world.worker.pk]
    states = Counter(
        SupportCase.objects.filter(team=world.team_a, coordinator=world.worker)
        .open()
        .values_list("state", flat=True)
    )
    assert (mine["registered"], mine["plan_active"]) == (
        states[CaseState.REGISTERED],
        states[CaseState.PLAN_ACTIVE],
    )


def test_teammanager_sees_every_worker_of_the_team_and_the_team_totals(client, world):
    colleague, _cases = caseload_world(world)
    client.force_login(world.manager)
    page = client.get(reverse("support:caseload"))
    workers = {row["worker"] for row in page.context["rows"]}
    assert {world.worker, colleague, world.manager, None} <= workers
    mine = next(r for r in page.context["rows"] if r["worker"] == world.worker)
    # Two cases in one household plus one without a household: 3 cases, 2 households.
    assert (mine["open_cases"], mine["households"], mine["overdue"]) == (3, 2, 1)
    assert [r["team"] for r in page.context["team_rows"]] == [world.team_a]


def test_worker_sees_only_the_own_caseload(client, world):
    colleague, _cases = caseload_world(world)
    client.force_login(world.worker)
    page = client.get(reverse("support:caseload"))
    assert [row["worker"] for row in page.context["rows"]] == [world.worker]
    assert "team_rows" not in page.context
    assert colleague.last_name not in page.content.decode()


# --- Query counts at two data sizes ---------------------------------------------------------


def grow(world, n):
    for _ in range(n):
        resident = ResidentFactory(team=world.team_a)
        case = register(world, resident=resident, received_on=TODAY - 10 * DAY)
        ContactFactory(case=case, recorded_by=world.worker)
        ConversationFactory(case=case, recorded_by=world.worker)
        ReferralFactory(case=case, recorded_by=world.worker)
        UserFactory(role="sociaal_werker", teams=[world.team_a])


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("role", "url_name", "params"),
    [
        ("sociaal_werker", "support:case-list", {}),
        ("sociaal_werker", "support:case-list", {"state": "all", "mine": "on"}),
        ("sociaal_werker", "support:due-list", {"scope": "team"}),
        ("teammanager", "support:caseload", {}),
        ("sociaal_werker", "support:caseload", {}),
        ("sociaal_werker", "case-list", {}),
        ("sociaal_werker", "contact-list", {}),
        ("sociaal_werker", "conversation-list", {}),
        ("sociaal_werker", "referral-list", {}),
    ],
)
def test_query_count_of_support_lists_does_not_grow_with_data(
    client, world, role, url_name, params
):
    client.force_login(world.users[role])
    url = reverse(url_name)
    grow(world, 2)
    small = count_queries(client, url, params)
    grow(world, 10)
    large = count_queries(client, url, params)
    assert small == large, f"{url_name}: {small} queries with little data, {large} with more"


def test_case_page_query_count_does_not_grow_with_its_records(client, world):
    case = register(world, received_on=TODAY - 10 * DAY)
    client.force_login(world.worker)
    url = reverse("support:case-detail", args=[case.pk])
    ContactFactory(case=case, recorded_by=world.worker)
    small = count_queries(client, url)
    for _ in range(5):
        ContactFactory(case=case, recorded_by=world.manager)
        ConversationFactory(case=case, recorded_by=world.manager)
        ReferralFactory(case=case, recorded_by=world.manager)
    assert count_queries(client, url) == small
