"""Progress per life domain, team and age band: aggregates computed in the database.

A goal counts for a period when it ran at some time in it (started on or before the last day,
not ended before the first). Its *start score* is the score given when the goal was set; its
*latest score* is the score of the latest evaluation on or before the last day of the period,
or the start score when it had not been evaluated by then. Ages are taken on the last day of
the period and grouped by the age bands in use on that day (``AgeBand``, master data).

Each breakdown is one query (``Avg``, ``Count`` and conditional aggregation); nothing here
returns a person. Small numbers are suppressed where the figures are shown, not here, so
tests can compare exact values.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Case, CharField, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from wijkteam.plans.models import AgeBand, Goal, GoalEvaluation

DOB = "plan__case__resident__date_of_birth"
NO_BAND = ""


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @classmethod
    def year_to_date(cls, today: datetime.date | None = None) -> Period:
        today = today or timezone.localdate()
        return cls(datetime.date(today.year, 1, 1), today)


@dataclass(frozen=True)
class ProgressRow:
    label: str
    goals: int
    residents: int
    avg_start: float | None
    avg_latest: float | None
    improved: int
    life_domain: str = ""
    age_band: str = ""

    @property
    def change(self) -> float | None:
        if self.avg_start is None or self.avg_latest is None:
            return None
        return self.avg_latest - self.avg_start


@dataclass(frozen=True)
class ProgressReport:
    period: Period
    by_life_domain: list[ProgressRow]
    by_age_band: list[ProgressRow]
    by_team: list[ProgressRow]
    by_life_domain_and_age_band: list[ProgressRow]


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_band_case(bands: list[AgeBand], on: datetime.date) -> Case | Value:
    """The label of the band a resident's age on ``on`` falls in, from the date of birth."""
    whens = []
    for band in bands:
        condition = Q(**{f"{DOB}__lte": years_before(on, band.min_age)})
        if band.max_age is not None:
            condition &= Q(**{f"{DOB}__gt": years_before(on, band.max_age + 1)})
        whens.append(When(condition, then=Value(band.label)))
    if not whens:
        return Value(NO_BAND, output_field=CharField())
    return Case(*whens, default=Value(NO_BAND), output_field=CharField())


def goals_in_period(period: Period, team_ids=None, consented_only=False):
    """Goals that ran in ``period``, annotated with their latest score by its last day."""
    latest = (
        GoalEvaluation.objects.filter(goal=OuterRef("pk"), evaluated_on__lte=period.end)
        .order_by("-evaluated_on", "-id")
        .values("score")[:1]
    )
    qs = (
        Goal.objects.active_in(period.start, period.end)
        # Restriction of processing (AVG art. 18): never counted.
        .filter(plan__case__resident__processing_restricted=False)
        .annotate(latest_score=Coalesce(Subquery(latest), F("start_score")))
    )
    if team_ids is not None:
        qs = qs.filter(plan__case__team_id__in=list(team_ids))
    if consented_only:
        from wijkteam.dashboard.aggregates import consent_filter

        qs = qs.filter(consent_filter("plan__case__", period.end))
    return qs


AGGREGATES = {
    "goals": Count("id"),
    "residents": Count("plan__case__resident", distinct=True),
    "avg_start": Avg("start_score"),
    "avg_latest": Avg("latest_score"),
    "improved": Count("id", filter=Q(latest_score__gt=F("start_score"))),
}


def _row(values: dict, label: str, **extra) -> ProgressRow:
    return ProgressRow(
        label=label,
        goals=values["goals"],
        residents=values["residents"],
        avg_start=float(values["avg_start"]) if values["avg_start"] is not None else None,
        avg_latest=float(values["avg_latest"]) if values["avg_latest"] is not None else None,
        improved=values["improved"],
        **extra,
    )


def progress_by_life_domain(
    team_ids=None, period: Period | None = None, consented_only: bool = False
) -> ProgressReport:
    """Average start and latest score, goals and residents per life domain, age band and team.

    ``team_ids``: limit to cases of these teams (``None``: all teams). ``period``: a
    :class:`Period` or a ``(start, end)`` pair; default the current year up to today.
    """
    if period is None:
        period = Period.year_to_date()
    elif not isinstance(period, Period):
        period = Period(*period)
    bands = list(AgeBand.objects.active(period.end).order_by("min_age"))
    band_order = {band.label: index for index, band in enumerate(bands)}
    goals = goals_in_period(period, team_ids, consented_only)
    banded = goals.annotate(age_band=age_band_case(bands, period.end))

    domain_rows = (
        goals.values("life_domain__name", "life_domain__sort_order")
        .annotate(**AGGREGATES)
        .order_by("life_domain__sort_order", "life_domain__name")
    )
    by_life_domain = [
        _row(r, r["life_domain__name"], life_domain=r["life_domain__name"]) for r in domain_rows
    ]

    band_rows = banded.values("age_band").annotate(**AGGREGATES).order_by("age_band")
    by_age_band = sorted(
        (_row(r, r["age_band"], age_band=r["age_band"]) for r in band_rows),
        key=lambda row: band_order.get(row.age_band, len(band_order)),
    )

    team_rows = (
        goals.values("plan__case__team__name")
        .annotate(**AGGREGATES)
        .order_by("plan__case__team__name")
    )
    by_team = [_row(r, r["plan__case__team__name"]) for r in team_rows]

    cross_rows = (
        banded.values("life_domain__name", "life_domain__sort_order", "age_band")
        .annotate(**AGGREGATES)
        .order_by("life_domain__sort_order", "life_domain__name", "age_band")
    )
    by_both = sorted(
        (
            _row(
                r,
                f"{r['life_domain__name']} / {r['age_band']}",
                life_domain=r["life_domain__name"],
                age_band=r["age_band"],
            )
            for r in cross_rows
        ),
        key=lambda row: (
            next(i for i, d in enumerate(by_life_domain) if d.life_domain == row.life_domain),
            band_order.get(row.age_band, len(band_order)),
        ),
    )
    return ProgressReport(
        period=period,
        by_life_domain=by_life_domain,
        by_age_band=by_age_band,
        by_team=by_team,
        by_life_domain_and_age_band=by_both,
    )
