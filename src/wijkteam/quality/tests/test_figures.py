"""Every figure of the quality overview, recomputed independently in Python from the rows.

The rows are random (seeded) factory data over two years and two teams; the expected values
are computed here by looping over the rows with the rules written out, never with the
QuerySets the report uses. Done-when of the issue: "the overview figures are recomputed
independently in tests".
"""

import datetime
from collections import Counter

import pytest

from wijkteam.incidents.choices import IncidentKind
from wijkteam.quality.periods import Period
from wijkteam.quality.reports import Comparison, quality_figures
from wijkteam.quality.tests.builders import AMS, NOW, all_rows, build

pytestmark = pytest.mark.django_db

PERIODS = [
    Period.year(2026),
    Period.year(2025),
    Period.quarter(2026, 1),
    Period.quarter(2025, 4),
    Period(datetime.date(2025, 3, 15), datetime.date(2026, 2, 28)),
]


def counted(row) -> bool:
    """Records of residents whose processing is restricted are never counted."""
    return row.resident is None or not row.resident.processing_restricted


def in_teams(team_id, team_ids) -> bool:
    return team_ids is None or team_id in team_ids


def within(day, period) -> bool:
    return period.start <= day <= period.end


def local_day(moment) -> datetime.date:
    return moment.astimezone(AMS).date()


def expected(rows, period, team_ids):
    previous = period.previous_year()
    on = NOW.astimezone(AMS).date()
    exp = {}

    incidents = [r for r in rows["incidents"] if counted(r) and in_teams(r.team_id, team_ids)]
    cur = [r for r in incidents if within(r.occurred_on, period)]
    prev = [r for r in incidents if within(r.occurred_on, previous)]
    exp["incidents"] = (len(cur), len(prev))
    exp["incidents_by_category"] = {
        str(c): (sum(r.category == c for r in cur), sum(r.category == c for r in prev))
        for c in range(1, 7)
    }
    exp["incidents_by_kind"] = {
        k: (sum(r.kind == k for r in cur), sum(r.kind == k for r in prev))
        for k in IncidentKind.values
    }

    complaints = [r for r in rows["complaints"] if counted(r) and in_teams(r.team_id, team_ids)]
    cur = [r for r in complaints if within(r.received_on, period)]
    prev = [r for r in complaints if within(r.received_on, previous)]
    exp["complaints"] = (len(cur), len(prev))
    keys = {str(r.category_id or "") for r in cur + prev}
    exp["complaints_by_category"] = {
        k: (
            sum(str(r.category_id or "") == k for r in cur),
            sum(str(r.category_id or "") == k for r in prev),
        )
        for k in keys
    }
    outcomes = Counter(r.outcome for r in cur)
    exp["complaints_by_outcome"] = {
        k: outcomes.get(k, 0) for k in ["founded", "partly_founded", "unfounded", "withdrawn", ""]
    }

    breaches = [r for r in rows["breaches"] if in_teams(r.team_id, team_ids)]
    cur = [r for r in breaches if within(local_day(r.discovered_at), period)]
    prev = [r for r in breaches if within(local_day(r.discovered_at), previous)]
    exp["breaches"] = (len(cur), len(prev))
    exp["breaches_by_risk"] = {
        k: (sum(r.risk_level == k for r in cur), sum(r.risk_level == k for r in prev))
        for k in ["none", "risk", "high", ""]
    }
    exp["breaches_notified"] = sum(r.ap_notified_at is not None for r in cur)

    # Backlog as of NOW, whatever the period.
    aftercare = [
        r
        for r in rows["incidents"]
        if in_teams(r.team_id, team_ids) and r.state in ("reported", "aftercare_planned")
    ]
    follow = [
        r for r in rows["follow_ups"] if in_teams(r.incident.team_id, team_ids) and not r.done_on
    ]
    open_complaints = [
        r for r in rows["complaints"] if in_teams(r.team_id, team_ids) and r.state != "closed"
    ]
    undecided = ("received", "acknowledged", "in_handling", "committee")
    open_breaches = [r for r in breaches if r.state != "closed"]
    plans = [
        r
        for r in rows["plans"]
        if in_teams(r.team_id, team_ids) and r.state in ("open", "in_progress")
    ]
    actions = [
        r
        for r in rows["actions"]
        if in_teams(r.plan.team_id, team_ids)
        and r.status in ("open", "in_progress")
        and r.plan.state in ("open", "in_progress")
    ]
    exp["backlog"] = {
        "incident_aftercare": (len(aftercare), sum(r.aftercare_due_on < on for r in aftercare)),
        "incident_follow_ups": (len(follow), sum(r.due_on < on for r in follow)),
        "complaints": (
            len(open_complaints),
            sum(
                (r.state == "received" and r.acknowledge_by < on)
                or (r.state in undecided and r.decision_due_on < on)
                for r in open_complaints
            ),
        ),
        "breaches": (
            len(open_breaches),
            sum(r.state in ("reported", "assessed") and r.ap_deadline < NOW for r in open_breaches),
        ),
        "improvement_plans": (len(plans), sum(r.due_on < on for r in plans)),
        "improvement_actions": (len(actions), sum(r.due_on < on for r in actions)),
    }
    return exp


def actual(figures):
    def pairs(rows):
        return {r.key: (r.current, r.previous) for r in rows}

    return {
        "incidents": (figures.incidents.current, figures.incidents.previous),
        "incidents_by_category": pairs(figures.incidents_by_category),
        "incidents_by_kind": pairs(figures.incidents_by_kind),
        "complaints": (figures.complaints.current, figures.complaints.previous),
        "complaints_by_category": {
            k: v for k, v in pairs(figures.complaints_by_category).items() if v != (0, 0)
        },
        "complaints_by_outcome": {r.key: r.current for r in figures.complaints_by_outcome},
        "breaches": (figures.breaches.current, figures.breaches.previous),
        "breaches_by_risk": pairs(figures.breaches_by_risk),
        "breaches_notified": figures.breaches_notified,
        "backlog": {b.key: (b.open, b.overdue) for b in figures.backlog},
    }


@pytest.mark.parametrize("team_choice", ["all", "a", "b"])
@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.label)
def test_every_figure_matches_an_independent_recount(world, period, team_choice):
    build(world, 30, seed=7)
    team_ids = {"all": None, "a": [world.team_a.pk], "b": [world.team_b.pk]}[team_choice]
    figures = quality_figures(period, team_ids, now=NOW)
    exp = expected(all_rows(), period, team_ids)
    assert actual(figures) == exp


def test_the_data_has_something_to_count(world):
    build(world, 30, seed=7)
    figures = quality_figures(Period.year(2026), now=NOW)
    assert figures.incidents.current > 5 and figures.incidents.previous > 5
    assert figures.complaints.current and figures.breaches.current
    assert any(b.overdue for b in figures.backlog)


def test_a_breach_at_half_past_midnight_on_new_year_counts_in_the_new_year(world):
    from wijkteam.breaches.tests.factories import DataBreachFactory

    DataBreachFactory(
        team=world.team_a, discovered_at=datetime.datetime(2026, 1, 1, 0, 30, tzinfo=AMS)
    )
    DataBreachFactory(
        team=world.team_a, discovered_at=datetime.datetime(2025, 12, 31, 23, 30, tzinfo=AMS)
    )
    figures = quality_figures(Period.year(2026), now=NOW)
    assert (figures.breaches.current, figures.breaches.previous) == (1, 1)


def test_year_on_year_change_is_the_annual_reports_arithmetic():
    assert round(Comparison(53, 37).change_pct) == 43
    assert round(Comparison(179, 117).change_pct) == 53
    assert Comparison(4, 0).change_pct is None
    assert Comparison(0, 4).change_pct == -100


@pytest.mark.parametrize("n", [4, 24])
def test_fixed_number_of_queries_whatever_the_size(world, django_assert_num_queries, n):
    build(world, n, seed=n)
    with django_assert_num_queries(11):
        quality_figures(Period.year(2026), now=NOW)
    with django_assert_num_queries(11):
        quality_figures(Period.quarter(2025, 3), [world.team_a.pk], now=NOW)
