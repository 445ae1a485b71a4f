"""The access review, checked against an independent recomputation in plain Python.

Every rule is computed by the database in one query (``accessreview.py``); here the same
findings are recomputed from the factory entries with Python loops and compared, for fixed
hit/near-miss cases and for random logs.
"""

import csv
import datetime
import io
import random
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from wijkteam.accounts.models import TeamMembership
from wijkteam.accounts.tests.factories import UserFactory
from wijkteam.core.models import AccessAction, AccessLogEntry
from wijkteam.core.workingdays import is_holiday
from wijkteam.oversight.accessreview import (
    Period,
    Rules,
    access_review,
    bursts,
    off_hours,
    out_of_team,
)
from wijkteam.oversight.tests.factories import BreakGlassGrantFactory
from wijkteam.residents.models import Resident, ResidentShare
from wijkteam.residents.tests.factories import ResidentFactory, ResidentShareFactory

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Europe/Amsterdam")
D = datetime.date
MINUTE = datetime.timedelta(minutes=1)
RULES = Rules(
    burst_residents=50, burst_minutes=60, burst_actions=("view", "export"), day_start=7, day_end=19
)
WEEK = Period(D(2026, 11, 23), D(2026, 11, 29))  # Monday to Sunday


def at(day, hour, minute=0, second=0):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=TZ)


def log(user, resident_id, moment, action=AccessAction.VIEW):
    return AccessLogEntry(
        user=user, resident_id=resident_id, action=action, channel="ui", context="t", at=moment
    )


def write(entries):
    AccessLogEntry.objects.bulk_create(entries)


# --- The independent recomputation ---------------------------------------------------------


def in_period(moment, period):
    lower = datetime.datetime.combine(period.first, datetime.time.min, TZ)
    upper = datetime.datetime.combine(
        period.last + datetime.timedelta(days=1), datetime.time.min, TZ
    )
    return lower <= moment < upper


def py_bursts(period, rules):
    rows = list(AccessLogEntry.objects.filter(action__in=rules.burst_actions))
    window = datetime.timedelta(minutes=rules.burst_minutes)
    peaks = {}
    for entry in rows:
        if not in_period(entry.at, period):
            continue
        seen = {
            other.resident_id
            for other in rows
            if other.user_id == entry.user_id and entry.at - window < other.at <= entry.at
        }
        if len(seen) > rules.burst_residents:
            key = (entry.user_id, entry.at.astimezone(TZ).date())
            peaks[key] = max(peaks.get(key, 0), len(seen))
    return peaks


def db_bursts(period, rules):
    return {(r["user_id"], r["day"]): r["peak"] for r in bursts(period, rules)}


def py_off_hours(period, rules):
    found = defaultdict(
        lambda: {
            "entries": 0,
            "weekend": 0,
            "holiday": 0,
            "early_late": 0,
            "residents": set(),
            "days": set(),
        }
    )
    for entry in AccessLogEntry.objects.all():
        if not in_period(entry.at, period):
            continue
        local = entry.at.astimezone(TZ)
        if local.weekday() >= 5:
            kind = "weekend"
        elif is_holiday(local.date()):
            kind = "holiday"
        elif local.hour < rules.day_start or local.hour >= rules.day_end:
            kind = "early_late"
        else:
            continue
        row = found[entry.user_id]
        row["entries"] += 1
        row[kind] += 1
        row["residents"].add(entry.resident_id)
        row["days"].add(local.date())
    return {
        user: {**row, "residents": len(row["residents"]), "days": len(row["days"])}
        for user, row in found.items()
    }


def db_off_hours(period, rules):
    keys = ("entries", "weekend", "holiday", "early_late", "residents", "days")
    return {r["user_id"]: {k: r[k] for k in keys} for r in off_hours(period, rules)}


def py_out_of_team(period):
    teams = dict(Resident.objects.values_list("pk", "team_id"))
    memberships = list(TeamMembership.objects.all())
    shares = list(ResidentShare.objects.all())
    from wijkteam.oversight.models import BreakGlassGrant

    grants = list(BreakGlassGrant.objects.all())
    found = defaultdict(
        lambda: {
            "entries": 0,
            "via_share": 0,
            "via_break_glass": 0,
            "unexplained": 0,
            "residents": set(),
        }
    )
    for entry in AccessLogEntry.objects.all():
        if not in_period(entry.at, period) or entry.resident_id not in teams:
            continue
        day = entry.at.astimezone(TZ).date()
        team = teams[entry.resident_id]
        if any(
            m.user_id == entry.user_id
            and m.team_id == team
            and m.start_date <= day
            and (m.end_date is None or m.end_date >= day)
            for m in memberships
        ):
            continue
        row = found[entry.user_id]
        row["entries"] += 1
        if any(
            s.user_id == entry.user_id
            and s.resident_id == entry.resident_id
            and s.granted_at <= entry.at
            and s.valid_until >= day
            for s in shares
        ):
            row["via_share"] += 1
        elif any(
            g.user_id == entry.user_id
            and g.resident_id == entry.resident_id
            and g.granted_at <= entry.at < g.expires_at
            for g in grants
        ):
            row["via_break_glass"] += 1
        else:
            row["unexplained"] += 1
            row["residents"].add(entry.resident_id)
    return {
        user: {
            **{k: v for k, v in row.items() if k != "residents"},
            "unexplained_residents": len(row["residents"]),
        }
        for user, row in found.items()
    }


def db_out_of_team(period):
    keys = ("entries", "via_share", "via_break_glass", "unexplained", "unexplained_residents")
    return {r["user_id"]: {k: r[k] for k in keys} for r in out_of_team(period)}


# --- (a) Many residents in a short time -----------------------------------------------------


def burst(user, count, start, spacing):
    residents = ResidentFactory.create_batch(count, team=user.memberships.first().team)
    write([log(user, r.pk, start + i * spacing) for i, r in enumerate(residents)])


def test_more_than_the_threshold_within_the_window_is_a_finding(world):
    burst(world.worker, 51, at(D(2026, 11, 24), 10), MINUTE)  # 51 residents in 50 minutes
    found = db_bursts(WEEK, RULES)
    assert found == {(world.worker.pk, D(2026, 11, 24)): 51}
    assert found == py_bursts(WEEK, RULES)


def test_exactly_the_threshold_is_no_finding(world):
    burst(world.worker, 50, at(D(2026, 11, 24), 10), MINUTE)
    assert db_bursts(WEEK, RULES) == {} == py_bursts(WEEK, RULES)


def test_a_window_is_open_at_its_start_so_sixty_minutes_apart_is_no_finding(world):
    # 51 residents, the first and the last exactly 60 minutes apart: never 51 in one window.
    burst(world.worker, 51, at(D(2026, 11, 24), 10), datetime.timedelta(minutes=60) / 50)
    assert db_bursts(WEEK, RULES) == {} == py_bursts(WEEK, RULES)


def test_the_same_resident_twice_counts_once_and_lists_do_not_count(world):
    residents = ResidentFactory.create_batch(50, team=world.team_a)
    start = at(D(2026, 11, 25), 9)
    entries = [log(world.worker, r.pk, start + i * MINUTE) for i, r in enumerate(residents)]
    entries.append(log(world.worker, residents[0].pk, start + 55 * MINUTE))
    extra = ResidentFactory(team=world.team_a)
    entries.append(log(world.worker, extra.pk, start + 56 * MINUTE, AccessAction.LIST))
    write(entries)
    assert db_bursts(WEEK, RULES) == {} == py_bursts(WEEK, RULES)
    with_lists = Rules(**{**RULES.__dict__, "burst_actions": ("view", "list")})
    assert db_bursts(WEEK, with_lists) == {(world.worker.pk, D(2026, 11, 25)): 51}


def test_a_burst_across_the_start_of_the_period_counts_entries_before_it(world):
    # 30 residents late on Sunday 22 November, 21 more just after midnight (in the period).
    residents = ResidentFactory.create_batch(51, team=world.team_a)
    start = at(D(2026, 11, 22), 23, 30)
    write([log(world.worker, r.pk, start + i * MINUTE) for i, r in enumerate(residents)])
    assert db_bursts(WEEK, RULES) == {(world.worker.pk, D(2026, 11, 23)): 51}
    assert db_bursts(WEEK, RULES) == py_bursts(WEEK, RULES)


# --- (c) Outside working hours ----------------------------------------------------------------


OFF_HOURS_CASES = [
    pytest.param(at(D(2026, 11, 24), 6, 59, 59), "early_late", id="06:59:59-hit"),
    pytest.param(at(D(2026, 11, 24), 7, 0), None, id="07:00-miss"),
    pytest.param(at(D(2026, 11, 24), 18, 59, 59), None, id="18:59:59-miss"),
    pytest.param(at(D(2026, 11, 24), 19, 0), "early_late", id="19:00-hit"),
    pytest.param(at(D(2026, 11, 28), 12, 0), "weekend", id="saturday-hit"),
    pytest.param(at(D(2026, 11, 29), 0, 30), "weekend", id="sunday-night-hit"),
    pytest.param(at(D(2026, 12, 25), 12, 0), "holiday", id="christmas-hit"),
    pytest.param(at(D(2026, 5, 5), 12, 0), "holiday", id="liberation-day-hit"),
    pytest.param(at(D(2026, 4, 3), 12, 0), None, id="good-friday-is-a-working-day"),
    pytest.param(at(D(2026, 10, 26), 6, 30), "early_late", id="after-dst-06:30-hit"),
    pytest.param(at(D(2026, 3, 30), 7, 30), None, id="after-dst-07:30-miss"),
]


@pytest.mark.parametrize(("moment", "kind"), OFF_HOURS_CASES)
def test_outside_working_hours_hit_and_near_miss(world, moment, kind):
    write([log(world.worker, world.resident_a.pk, moment)])
    period = Period(moment.date() - datetime.timedelta(days=1), moment.date())
    found = db_off_hours(period, RULES)
    assert found == py_off_hours(period, RULES)
    if kind is None:
        assert found == {}
    else:
        assert found[world.worker.pk]["entries"] == found[world.worker.pk][kind] == 1


# --- (b) Outside the own teams ------------------------------------------------------------------


def test_access_to_another_teams_file_is_unexplained(world):
    write([log(world.worker, world.resident_b.pk, at(D(2026, 11, 24), 10))])
    assert db_out_of_team(WEEK) == {
        world.worker.pk: {
            "entries": 1,
            "via_share": 0,
            "via_break_glass": 0,
            "unexplained": 1,
            "unexplained_residents": 1,
        }
    }
    assert db_out_of_team(WEEK) == py_out_of_team(WEEK)


def test_access_under_a_share_is_counted_apart(world):
    ResidentShareFactory(
        resident=world.resident_b,
        user=world.worker,
        granted_by=world.manager,
        granted_at=at(D(2026, 11, 23), 9),
        valid_until=D(2026, 11, 24),
    )
    write(
        [
            log(world.worker, world.resident_b.pk, at(D(2026, 11, 23), 8, 59)),  # before the share
            log(world.worker, world.resident_b.pk, at(D(2026, 11, 24), 16)),  # during
            log(world.worker, world.resident_b.pk, at(D(2026, 11, 25), 9)),  # after it ended
        ]
    )
    row = db_out_of_team(WEEK)[world.worker.pk]
    assert (row["via_share"], row["unexplained"]) == (1, 2)
    assert db_out_of_team(WEEK) == py_out_of_team(WEEK)


def test_access_under_a_grant_is_counted_apart(world):
    grant = BreakGlassGrantFactory.for_resident(
        world.resident_b, user=world.worker, granted_at=at(D(2026, 11, 24), 10)
    )
    write(
        [
            log(world.worker, world.resident_b.pk, grant.granted_at),
            log(world.worker, world.resident_b.pk, grant.expires_at - MINUTE),
            log(world.worker, world.resident_b.pk, grant.expires_at),  # just after it ended
        ]
    )
    row = db_out_of_team(WEEK)[world.worker.pk]
    assert (row["via_break_glass"], row["unexplained"]) == (2, 1)
    assert db_out_of_team(WEEK) == py_out_of_team(WEEK)


def test_membership_counts_on_the_day_of_access(world):
    leaver = UserFactory(role="sociaal_werker")
    TeamMembership.objects.create(
        user=leaver, team=world.team_a, start_date=D(2026, 11, 24), end_date=D(2026, 11, 25)
    )
    write(
        [
            log(leaver, world.resident_a.pk, at(D(2026, 11, 23), 12)),  # before joining: hit
            log(leaver, world.resident_a.pk, at(D(2026, 11, 24), 0, 5)),  # first day: miss
            log(leaver, world.resident_a.pk, at(D(2026, 11, 25), 23, 55)),  # last day: miss
            log(leaver, world.resident_a.pk, at(D(2026, 11, 26), 0, 5)),  # day after: hit
        ]
    )
    assert db_out_of_team(WEEK)[leaver.pk]["unexplained"] == 2
    assert db_out_of_team(WEEK) == py_out_of_team(WEEK)


def test_own_team_and_removed_files_are_no_finding(world):
    write(
        [
            log(world.worker, world.resident_a.pk, at(D(2026, 11, 24), 10)),
            log(world.worker, 987654321, at(D(2026, 11, 24), 10)),  # a file that no longer exists
        ]
    )
    assert db_out_of_team(WEEK) == {} == py_out_of_team(WEEK)


# --- Random logs: database and Python agree -----------------------------------------------------


RANDOM_WEEKS = [
    pytest.param(1, D(2026, 10, 22), id="dst-week-seed-1"),
    pytest.param(2, D(2026, 10, 22), id="dst-week-seed-2"),
    pytest.param(3, D(2026, 12, 22), id="christmas-week-seed-3"),
    pytest.param(4, D(2026, 12, 22), id="christmas-week-seed-4"),
]


@pytest.mark.parametrize(("seed", "first"), RANDOM_WEEKS)
def test_random_logs_give_the_same_findings_in_the_database_and_in_python(world, seed, first):
    rng = random.Random(seed)
    period = Period(first, first + datetime.timedelta(days=6))
    start = at(first - datetime.timedelta(days=1), 0)  # a day either side of the period

    def moment_near(base, hours):
        return base + datetime.timedelta(minutes=rng.randrange(-60, hours * 60))

    leaver = UserFactory(role="sociaal_werker")
    TeamMembership.objects.create(
        user=leaver,
        team=world.team_b,
        start_date=first - datetime.timedelta(days=30),
        end_date=first + datetime.timedelta(days=3),
    )
    users = [world.worker, world.manager, leaver]
    residents = [world.resident_a, world.resident_b]
    residents += ResidentFactory.create_batch(6, team=world.team_a)
    residents += ResidentFactory.create_batch(6, team=world.team_b)
    ids = [r.pk for r in residents] + [999999001, 999999002]
    share_at = at(first + datetime.timedelta(days=2), 9)
    ResidentShareFactory(
        resident=world.resident_b,
        user=world.manager,
        granted_by=world.manager,
        granted_at=share_at,
        valid_until=first + datetime.timedelta(days=4),
    )
    grant = BreakGlassGrantFactory.for_resident(
        residents[-1], user=world.worker, granted_at=at(first + datetime.timedelta(days=4), 8)
    )
    entries = []
    for _ in range(250):
        moment = start + datetime.timedelta(minutes=rng.randrange(9 * 24 * 60))
        action = rng.choice(["view", "view", "view", "list", "search", "export"])
        entries.append(log(rng.choice(users), rng.choice(ids), moment, action))
    for _ in range(3):  # dense clusters so that bursts happen
        user, moment = rng.choice(users), start + datetime.timedelta(hours=rng.randrange(200))
        for _ in range(rng.randrange(8, 20)):
            moment += datetime.timedelta(seconds=rng.randrange(1, 400))
            entries.append(log(user, rng.choice(ids), moment))
    for _ in range(8):  # around the grant and the share, inside and outside them
        entries.append(log(world.worker, residents[-1].pk, moment_near(grant.granted_at, 10)))
        entries.append(log(world.manager, world.resident_b.pk, moment_near(share_at, 80)))
    write(entries)
    rules = Rules(
        burst_residents=5,
        burst_minutes=30,
        burst_actions=("view", "export"),
        day_start=8,
        day_end=17,
    )

    assert db_bursts(period, rules) == py_bursts(period, rules)
    assert db_bursts(period, rules), "the clusters should give at least one burst"
    assert db_off_hours(period, rules) == py_off_hours(period, rules)
    assert db_out_of_team(period) == py_out_of_team(period)
    assert db_out_of_team(period)[world.worker.pk]["via_break_glass"] > 0


# --- The page -------------------------------------------------------------------------------


URL = reverse("oversight:access-review")
EXPORT = reverse("oversight:access-review-export")


def findings_of_every_kind(world):
    day = D(2026, 11, 24)
    burst(world.worker, 52, at(day, 10), MINUTE)
    write(
        [
            log(world.manager, world.resident_b.pk, at(day, 11)),
            log(world.manager, world.resident_a.pk, at(day, 22)),
        ]
    )
    BreakGlassGrantFactory.for_resident(world.resident_b, user=world.worker, granted_at=at(day, 9))


def test_the_page_shows_each_kind_of_finding_with_drill_down(client, world):
    findings_of_every_kind(world)
    client.force_login(world.quality)
    response = client.get(URL, {"date_from": "2026-11-23", "date_to": "2026-11-29"})
    assert response.status_code == 200
    review = response.context["review"]
    assert review.counts == {"bursts": 1, "grants": 1, "out_of_team": 1, "off_hours": 1}
    page = response.content.decode()
    assert (
        f"/logboek/inzage/?person={world.worker.username}&amp;date_from=2026-11-24&amp;"
        "date_to=2026-11-24" in page
    )
    assert f"/logboek/inzage/?person={world.manager.username}&amp;date_from=2026-11-23" in page
    assert reverse("oversight:grant-detail", args=[review.grants[0].pk]) in page


def test_the_default_period_is_the_last_seven_days(client, world, frozen_now):
    frozen_now(at(D(2026, 11, 27), 12))
    client.force_login(world.admin)
    review = client.get(URL).context["review"]
    assert (review.period.first, review.period.last) == (D(2026, 11, 21), D(2026, 11, 27))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "2026-11-29", "date_to": "2026-11-23"}, "begindatum"),
        ({"date_from": "2024-01-01", "date_to": "2026-11-23"}, "hoogstens 366 dagen"),
        ({"date_from": "gisteren"}, "geldige datum"),
    ],
)
def test_a_bad_period_gets_a_dutch_message_and_no_report(client, world, params, message):
    client.force_login(world.quality)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response.context["review"] is None
    assert message in response.content.decode()


def test_the_csv_has_a_row_per_finding(client, world):
    findings_of_every_kind(world)
    client.force_login(world.quality)
    response = client.get(EXPORT, {"date_from": "2026-11-23", "date_to": "2026-11-29"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    kinds = [row[0] for row in rows[1:]]
    assert sorted(kinds) == sorted(
        [
            "Veel inwoners in korte tijd",
            "Noodtoegang",
            "Buiten de eigen teams zonder noodtoegang of deling",
            "Buiten werktijd",
        ]
    )


@pytest.mark.parametrize("role", ["sociaal_werker", "teammanager", "gemeente", "bestuurder"])
def test_only_quality_and_functioneel_beheer_see_the_review(client, world, role):
    client.force_login(world.users[role])
    assert client.get(URL).status_code == 403
    assert client.get(EXPORT).status_code == 403


def grow_log(world, n):
    """n bursts, grants and out-of-hours and out-of-team entries on different days."""
    for i in range(n):
        day = D(2026, 11, 23) + datetime.timedelta(days=i % 7)
        user = UserFactory(role="sociaal_werker", teams=[world.team_a])
        ResidentFactory.create_batch(1, team=world.team_a)
        write([log(user, world.resident_b.pk, at(day, 6, i % 60))])
        write([log(user, 700000 + k, at(day, 10) + k * MINUTE) for k in range(55)])
        BreakGlassGrantFactory.for_resident(world.resident_b, user=user, granted_at=at(day, 12))


def test_the_page_runs_a_fixed_number_of_queries(client, world):
    client.force_login(world.quality)
    params = {"date_from": "2026-11-23", "date_to": "2026-11-29"}

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, params).status_code == 200
        return len(ctx.captured_queries)

    grow_log(world, 1)
    small, small_csv = count(URL), count(EXPORT)
    assert client.get(URL, params).context["review"].counts["bursts"] == 1
    grow_log(world, 6)
    assert client.get(URL, params).context["review"].counts["bursts"] == 7
    assert (count(URL), count(EXPORT)) == (small, small_csv)


def test_the_review_itself_is_four_queries(world, django_assert_num_queries):
    findings_of_every_kind(world)
    with django_assert_num_queries(4):
        access_review(WEEK, RULES)
