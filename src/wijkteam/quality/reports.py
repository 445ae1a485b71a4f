"""Quality figures for the overview page, the API and the annual quality report.

:func:`quality_figures` computes, for a period and optionally some teams, every figure of the
overview in the database with a fixed number of queries (eleven, whatever the data size):

* incidents by aggression-ladder category and by type, complaints by category and by outcome,
  data breaches by risk and how many were notified to the AP, each with the same period one
  year earlier (year-on-year: 53 against 37 is +43%);
* the backlog of all four registers: open and overdue follow-ups as of a reference day.

It returns plain numbers (:class:`QualityFigures`); who may see them unsuppressed is decided
by the caller (:func:`present`). Incidents and complaints of residents whose processing is
restricted (AVG art. 18) are never counted, as on the dashboard.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.quality.periods import Period


@dataclass(frozen=True)
class Comparison:
    """A count in the period and in the same period one year earlier."""

    current: int
    previous: int

    @property
    def change_pct(self) -> float | None:
        """The change in percent of the previous count; None without a previous count."""
        if not self.previous:
            return None
        return (self.current - self.previous) * 100 / self.previous


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    current: int
    previous: int = 0


@dataclass(frozen=True)
class Backlog:
    """Open and overdue work of one register, as of the reference day."""

    key: str
    label: str
    open: int
    overdue: int


@dataclass(frozen=True)
class QualityFigures:
    period: Period
    previous_period: Period
    team_ids: tuple[int, ...] | None
    on: datetime.date
    incidents: Comparison
    incidents_by_category: tuple[Row, ...]
    incidents_by_kind: tuple[Row, ...]
    complaints: Comparison
    complaints_by_category: tuple[Row, ...]
    complaints_by_outcome: tuple[Row, ...]
    breaches: Comparison
    breaches_by_risk: tuple[Row, ...]
    breaches_notified: int
    backlog: tuple[Backlog, ...] = field(default_factory=tuple)


def _countable() -> Q:
    """Leave out records of residents whose processing is restricted."""
    return Q(resident__isnull=True) | Q(resident__processing_restricted=False)


def _teams(prefix: str, team_ids) -> Q:
    return Q(**{f"{prefix}team_id__in": team_ids}) if team_ids is not None else Q()


def _within(field_name: str, period: Period) -> Q:
    return Q(**{f"{field_name}__gte": period.start, f"{field_name}__lte": period.end})


def _within_aware(field_name: str, period: Period) -> Q:
    start, end = period.aware_bounds()
    return Q(**{f"{field_name}__gte": start, f"{field_name}__lt": end})


def _compare(rows) -> Comparison:
    return Comparison(sum(r.current for r in rows), sum(r.previous for r in rows))


def _incidents(period, previous, team_ids):
    from wijkteam.incidents.choices import IncidentKind
    from wijkteam.incidents.ladder import CATEGORY_CHOICES
    from wijkteam.incidents.models import Incident

    cur, prev = _within("occurred_on", period), _within("occurred_on", previous)
    base = Incident.objects.filter(cur | prev).filter(_teams("", team_ids)).filter(_countable())

    def grouped(field_name):
        rows = (
            base.order_by()
            .values(field_name)
            .annotate(cur=Count("id", filter=cur), prev=Count("id", filter=prev))
        )
        return {row[field_name]: (row["cur"], row["prev"]) for row in rows}

    by_category = grouped("category")
    by_kind = grouped("kind")
    categories = tuple(
        Row(str(value), str(label), *by_category.get(value, (0, 0)))
        for value, label in CATEGORY_CHOICES
    )
    kinds = tuple(
        Row(value, str(label), *by_kind.get(value, (0, 0))) for value, label in IncidentKind.choices
    )
    return _compare(categories), categories, kinds


def _complaints(period, previous, team_ids):
    from wijkteam.complaints.choices import Outcome
    from wijkteam.complaints.models import Complaint

    cur, prev = _within("received_on", period), _within("received_on", previous)
    base = Complaint.objects.filter(cur | prev).filter(_teams("", team_ids)).filter(_countable())
    by_category = (
        base.order_by()
        .values("category", "category__name", "category__sort_order")
        .annotate(cur=Count("id", filter=cur), prev=Count("id", filter=prev))
        .order_by("category__sort_order", "category__name")
    )
    categories = tuple(
        Row(
            str(row["category"] or ""),
            row["category__name"] or _("Without category"),
            row["cur"],
            row["prev"],
        )
        for row in by_category
    )
    outcomes = dict(
        base.filter(cur)
        .order_by()
        .values("outcome")
        .annotate(n=Count("id"))
        .values_list("outcome", "n")
    )
    outcome_rows = tuple(
        Row(value, str(label), outcomes.get(value, 0)) for value, label in Outcome.choices
    ) + (Row("", _("Not decided yet"), outcomes.get("", 0)),)
    return _compare(categories), categories, outcome_rows


def _breaches(period, previous, team_ids):
    from wijkteam.breaches.choices import RiskLevel
    from wijkteam.breaches.models import DataBreach

    cur, prev = _within_aware("discovered_at", period), _within_aware("discovered_at", previous)
    rows = (
        DataBreach.objects.filter(cur | prev)
        .filter(_teams("", team_ids))
        .order_by()
        .values("risk_level")
        .annotate(
            cur=Count("id", filter=cur),
            prev=Count("id", filter=prev),
            notified=Count("id", filter=cur & Q(ap_notified_at__isnull=False)),
        )
    )
    found = {row["risk_level"]: row for row in rows}
    risk_rows = tuple(
        Row(
            value,
            str(label),
            found.get(value, {}).get("cur", 0),
            found.get(value, {}).get("prev", 0),
        )
        for value, label in [*RiskLevel.choices, ("", _("Not assessed yet"))]
    )
    notified = sum(row["notified"] for row in found.values())
    return _compare(risk_rows), risk_rows, notified


def _backlog(team_ids, on: datetime.date, now: datetime.datetime) -> tuple[Backlog, ...]:
    from wijkteam.breaches.models import DataBreach
    from wijkteam.complaints.models import Complaint
    from wijkteam.improvements.models import ImprovementAction, ImprovementPlan
    from wijkteam.incidents.models import FollowUpAction, Incident

    def counts(open_qs, overdue_qs, prefix=""):
        scoped = open_qs.filter(_teams(prefix, team_ids))
        return scoped.aggregate(
            open=Count("id"), overdue=Count("id", filter=Q(pk__in=overdue_qs.values("pk")))
        )

    rows = [
        (
            "incident_aftercare",
            _("Incidents: aftercare conversation"),
            counts(Incident.objects.aftercare_open(), Incident.objects.aftercare_overdue(on)),
        ),
        (
            "incident_follow_ups",
            _("Incidents: follow-up actions"),
            counts(
                FollowUpAction.objects.open(),
                FollowUpAction.objects.overdue(on),
                prefix="incident__",
            ),
        ),
        (
            "complaints",
            _("Complaints"),
            counts(Complaint.objects.open(), Complaint.objects.overdue(on)),
        ),
        (
            "breaches",
            _("Data breaches (AP decision)"),
            counts(DataBreach.objects.open(), DataBreach.objects.overdue(now)),
        ),
        (
            "improvement_plans",
            _("Improvement plans"),
            counts(ImprovementPlan.objects.active(), ImprovementPlan.objects.overdue(on)),
        ),
        (
            "improvement_actions",
            _("Improvement actions"),
            counts(
                ImprovementAction.objects.unfinished(),
                ImprovementAction.objects.overdue(on),
                prefix="plan__",
            ),
        ),
    ]
    return tuple(Backlog(key, str(label), c["open"], c["overdue"]) for key, label, c in rows)


def quality_figures(
    period: Period,
    teams=None,
    *,
    now: datetime.datetime | None = None,
) -> QualityFigures:
    """Every figure of the quality overview for ``period`` and ``teams`` (ids or Team
    objects; None = the whole organisation). The backlog is as of ``now`` (default: now)."""
    now = now or timezone.now()
    on = timezone.localdate(now)
    team_ids = None if teams is None else tuple(sorted(getattr(t, "pk", t) for t in teams))
    previous = period.previous_year()
    incidents, by_category, by_kind = _incidents(period, previous, team_ids)
    complaints, complaint_categories, outcomes = _complaints(period, previous, team_ids)
    breaches, by_risk, notified = _breaches(period, previous, team_ids)
    return QualityFigures(
        period=period,
        previous_period=previous,
        team_ids=team_ids,
        on=on,
        incidents=incidents,
        incidents_by_category=by_category,
        incidents_by_kind=by_kind,
        complaints=complaints,
        complaints_by_category=complaint_categories,
        complaints_by_outcome=outcomes,
        breaches=breaches,
        breaches_by_risk=by_risk,
        breaches_notified=notified,
        backlog=_backlog(team_ids, on, now),
    )


# --- presentation: small-number suppression ------------------------------------------------


def hidden(value: int) -> bool:
    return 0 < value < settings.SMALL_NUMBER_THRESHOLD


def show(value: int, suppress: bool) -> str:
    """A count for display: ``<N`` for 1..N-1 when suppressed; thousands with a dot."""
    if suppress and hidden(value):
        return f"<{settings.SMALL_NUMBER_THRESHOLD}"
    return f"{value:,}".replace(",", ".")


def show_change(comparison: Comparison, suppress: bool) -> str:
    """``+43%``, ``-12%``, ``0%``; a dash without a previous count or when a count is hidden
    (the percentage would give the hidden number away)."""
    if suppress and (hidden(comparison.current) or hidden(comparison.previous)):
        return "—"
    pct = comparison.change_pct
    if pct is None:
        return "—"
    rounded = round(pct)
    return f"{'+' if rounded > 0 else ''}{rounded}%"


def present(figures: QualityFigures, *, suppress: bool) -> dict:
    """The figures as display strings (and raw numbers where allowed), for page and API."""

    def count(value):
        return {
            "value": None if suppress and hidden(value) else value,
            "display": show(value, suppress),
        }

    def comparison(c: Comparison):
        return {
            "current": count(c.current),
            "previous": count(c.previous),
            "change": show_change(c, suppress),
        }

    def rows(items, with_previous=True):
        out = []
        for row in items:
            item = {"key": row.key, "label": row.label, "current": count(row.current)}
            if with_previous:
                item["previous"] = count(row.previous)
                item["change"] = show_change(Comparison(row.current, row.previous), suppress)
            out.append(item)
        return out

    return {
        "period": {
            "label": figures.period.label,
            "start": figures.period.start.isoformat(),
            "end": figures.period.end.isoformat(),
        },
        "previous_period": {
            "label": figures.previous_period.label,
            "start": figures.previous_period.start.isoformat(),
            "end": figures.previous_period.end.isoformat(),
        },
        "teams": list(figures.team_ids) if figures.team_ids is not None else None,
        "suppressed": suppress,
        "threshold": settings.SMALL_NUMBER_THRESHOLD,
        "threshold_max": settings.SMALL_NUMBER_THRESHOLD - 1,
        "incidents": comparison(figures.incidents),
        "incidents_by_category": rows(figures.incidents_by_category),
        "incidents_by_kind": rows(figures.incidents_by_kind),
        "complaints": comparison(figures.complaints),
        "complaints_by_category": rows(figures.complaints_by_category),
        "complaints_by_outcome": rows(figures.complaints_by_outcome, with_previous=False),
        "breaches": comparison(figures.breaches),
        "breaches_by_risk": rows(figures.breaches_by_risk),
        "breaches_notified": count(figures.breaches_notified),
        "backlog": [
            {"key": b.key, "label": b.label, "open": count(b.open), "overdue": count(b.overdue)}
            for b in figures.backlog
        ],
        "on": figures.on.isoformat(),
        "on_display": f"{figures.on:%d-%m-%Y}",
    }
