"""The progress report: database aggregates checked against an independent recomputation."""

import datetime
import random
from collections import defaultdict
from statistics import mean

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijkteam.plans import services
from wijkteam.plans.models import Goal, GoalEvaluation
from wijkteam.plans.reports import Period, age_on, progress_by_life_domain, years_before
from wijkteam.plans.tests.factories import AgeBandFactory, GoalFactory, LifeDomainFactory
from wijkteam.plans.workflow import TRANSITIONS, GoalStatus
from wijkteam.residents.tests.factories import ResidentFactory
from wijkteam.support.tests.factories import SupportCaseFactory

pytestmark = pytest.mark.django_db

PERIOD = Period(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
BANDS = [
    ("0-17", 0, 17),
    ("18-27", 18, 27),
    ("28-40", 28, 40),
    ("41-65", 41, 65),
    ("66+", 66, None),
]


@pytest.fixture
def data(world):
    """Goals of residents of many ages in two teams, some evaluated in and after the period."""
    rng = random.Random(4)
    for label, low, high in BANDS:
        AgeBandFactory(label=label, min_age=low, max_age=high)
    domains = [
        world.life_domain,
        LifeDomainFactory(code="geld", name="Geld", sort_order=30),
        LifeDomainFactory(code="huishouden", name="Huishouden", sort_order=40),
    ]
    births = [
        datetime.date(2008, 6, 30),  # 18 on the last day of the period
        datetime.date(2008, 7, 1),  # still 17 then
        datetime.date(1998, 6, 30),  # 28
        datetime.date(1998, 7, 1),  # 27
        datetime.date(1960, 2, 29),
        datetime.date(1950, 1, 1),
        datetime.date(1990, 5, 5),
        datetime.date(1985, 3, 3),
    ]
    for i, born in enumerate(births * 2):
        team = world.team_a if i % 2 else world.team_b
        resident = ResidentFactory(team=team, date_of_birth=born)
        case = SupportCaseFactory(resident=resident, received_on=datetime.date(2025, 6, 1))
        plan = None
        for domain in rng.sample(domains, rng.randint(1, 3)):
            start = datetime.date(2025, 6, 1) + datetime.timedelta(days=rng.randrange(500))
            if plan is None:
                kwargs = {"plan__case": case, "plan__created_by": world.worker}
            else:
                kwargs = {"plan": plan}
            goal = GoalFactory(
                life_domain=domain, started_on=start, start_score=rng.randint(1, 5), **kwargs
            )
            plan = goal.plan
            day = start
            status = GoalStatus.NEW
            for _ in range(rng.randint(0, 3)):
                day += datetime.timedelta(days=rng.randint(20, 120))
                if day > datetime.date(2026, 11, 1):
                    break
                status = rng.choice(sorted(TRANSITIONS[status]))
                services.evaluate_goal(
                    actor=world.admin,
                    goal=goal,
                    evaluated_on=day,
                    status_after=status,
                    score=rng.randint(1, 5),
                    result="r",
                )
    return world


def recompute(period, team_ids=None):
    """The same figures from plain Python over every goal and evaluation."""
    bands = [(label, low, high) for label, low, high in BANDS]
    rows = defaultdict(list)
    for goal in Goal.objects.select_related("plan__case__resident", "plan__case__team"):
        if goal.started_on > period.end:
            continue
        if goal.ended_on is not None and goal.ended_on < period.start:
            continue
        evaluations = [
            e for e in GoalEvaluation.objects.filter(goal=goal) if e.evaluated_on <= period.end
        ]
        latest = goal.start_score
        if evaluations:
            latest = max(evaluations, key=lambda e: (e.evaluated_on, e.id)).score
        case = goal.plan.case
        if team_ids is not None and case.team_id not in team_ids:
            continue
        age = age_on(case.resident.date_of_birth, period.end)
        band = next(
            (label for label, low, high in bands if age >= low and (high is None or age <= high)),
            "",
        )
        record = (goal.start_score, latest, case.resident_id)
        rows[("domain", goal.life_domain.name)].append(record)
        rows[("band", band)].append(record)
        rows[("team", case.team.name)].append(record)
        rows[("both", goal.life_domain.name, band)].append(record)
    return {
        key: {
            "goals": len(records),
            "residents": len({r[2] for r in records}),
            "avg_start": mean(r[0] for r in records),
            "avg_latest": mean(r[1] for r in records),
            "improved": sum(1 for r in records if r[1] > r[0]),
        }
        for key, records in rows.items()
    }


def as_dict(report):
    out = {}
    for row in report.by_life_domain:
        out[("domain", row.life_domain)] = row
    for row in report.by_age_band:
        out[("band", row.age_band)] = row
    for row in report.by_team:
        out[("team", row.label)] = row
    for row in report.by_life_domain_and_age_band:
        out[("both", row.life_domain, row.age_band)] = row
    return out


@pytest.mark.parametrize(
    "period",
    [PERIOD, Period(datetime.date(2026, 7, 1), datetime.date(2026, 12, 31))],
    ids=["first-half", "second-half"],
)
@pytest.mark.parametrize("teams", [None, "a"])
def test_report_figures_match_an_independent_recomputation(data, period, teams):
    team_ids = None if teams is None else [data.team_a.pk]
    expected = recompute(period, team_ids)
    got = as_dict(progress_by_life_domain(team_ids=team_ids, period=period))
    assert set(got) == set(expected)
    for key, figures in expected.items():
        row = got[key]
        assert row.goals == figures["goals"], key
        assert row.residents == figures["residents"], key
        assert row.improved == figures["improved"], key
        assert row.avg_start == pytest.approx(figures["avg_start"]), key
        assert row.avg_latest == pytest.approx(figures["avg_latest"]), key


def test_every_breakdown_is_one_query(data):
    with CaptureQueriesContext(connection) as ctx:
        progress_by_life_domain(period=PERIOD)
    # the age bands in use, then one aggregate each for domain, band, team, domain x band
    assert len(ctx.captured_queries) == 5


def test_age_is_counted_on_the_last_day_of_the_period(data):
    report = progress_by_life_domain(period=PERIOD)
    assert {row.age_band for row in report.by_age_band} <= {label for label, *_ in BANDS}
    assert years_before(datetime.date(2028, 2, 29), 18) == datetime.date(2010, 2, 28)


def test_goals_before_and_after_the_period_are_left_out(world):
    GoalFactory(plan=world.plan_a, started_on=datetime.date(2030, 1, 1))
    report = progress_by_life_domain(
        period=Period(datetime.date(2026, 9, 1), datetime.date(2026, 9, 30))
    )
    assert sum(row.goals for row in report.by_life_domain) == 1


def test_report_page_suppresses_small_numbers(client, world, settings):
    from django.urls import reverse

    settings.SMALL_NUMBER_THRESHOLD = 5
    client.force_login(world.municipality)
    response = client.get(
        reverse("plans:progress-report"), {"date_from": "2026-01-01", "date_to": "2026-12-31"}
    )
    row = response.context["by_life_domain"][0]
    assert row["goals"].suppressed and row["residents"].suppressed
    assert row["avg_start"] is None and row["avg_latest"] is None
    assert "&lt;5" in response.content.decode()


@given(
    day=st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2100, 12, 31)),
    years=st.integers(min_value=0, max_value=110),
)
def test_age_band_cut_off_dates_agree_with_the_age_in_years(day, years):
    """The report's Case/When compares dates of birth with ``years_before``; a person born on
    that day is exactly ``years`` old, a day later still one year younger."""
    born = years_before(day, years)
    assert age_on(born, day) == years
    if years > 0:
        assert age_on(born + datetime.timedelta(days=1), day) == years - 1
