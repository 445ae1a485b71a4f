"""The access review: unusual access to residents' files in a period, computed in the database.

Three rules, each one query whatever the size of the access log:

* **Many residents in a short time** (:func:`bursts`): for every access-log entry of a counted
  action (``ACCESS_REVIEW_BURST_ACTIONS``) in the period, the distinct residents the same person
  accessed in the window ``(t - ACCESS_REVIEW_BURST_MINUTES, t]`` ending at that entry; a
  finding is a person and day with a window above ``ACCESS_REVIEW_BURST_RESIDENTS`` (the peak is
  the largest window; the largest window always ends at an entry).
* **Outside the own teams** (:func:`break_glass_grants`, :func:`out_of_team`): every
  break-the-glass granted in the period; and every entry about a resident whose file is held by
  a team the person was not a member of on that day, counted as under a share (shared with
  them at that moment), under an active break-the-glass grant, or unexplained. The team is
  the one holding the file now (the access log keeps no file history); entries about
  residents whose file no longer exists are left out.
* **Outside working hours** (:func:`off_hours`): entries on a Saturday, Sunday or Atw holiday
  (``core.workingdays``), or before ``ACCESS_REVIEW_DAY_START`` / at or after
  ``ACCESS_REVIEW_DAY_END`` o'clock, local time.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import (
    Coalesce,
    ExtractHour,
    ExtractIsoWeekDay,
    TruncDate,
)
from django.utils import timezone

from wijkteam.core.models import AccessLogEntry
from wijkteam.core.workingdays import is_holiday

DEFAULT_DAYS = 7
GRANT_LIMIT = 200
USER_FIELDS = ("user", "user__username", "user__first_name", "user__name_prefix", "user__last_name")


@dataclass(frozen=True)
class Rules:
    burst_residents: int
    burst_minutes: int
    burst_actions: tuple[str, ...]
    day_start: int
    day_end: int

    @classmethod
    def from_settings(cls) -> "Rules":
        return cls(
            burst_residents=settings.ACCESS_REVIEW_BURST_RESIDENTS,
            burst_minutes=settings.ACCESS_REVIEW_BURST_MINUTES,
            burst_actions=tuple(settings.ACCESS_REVIEW_BURST_ACTIONS),
            day_start=settings.ACCESS_REVIEW_DAY_START,
            day_end=settings.ACCESS_REVIEW_DAY_END,
        )


@dataclass(frozen=True)
class Period:
    """Whole local days, ``first`` to ``last`` inclusive."""

    first: datetime.date
    last: datetime.date

    @classmethod
    def last_days(cls, days: int = DEFAULT_DAYS, today: datetime.date | None = None) -> "Period":
        today = today or timezone.localdate()
        return cls(first=today - datetime.timedelta(days=days - 1), last=today)

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        tz = timezone.get_current_timezone()
        lower = datetime.datetime.combine(self.first, datetime.time.min, tz)
        upper = datetime.datetime.combine(
            self.last + datetime.timedelta(days=1), datetime.time.min, tz
        )
        return lower, upper

    def days(self) -> list[datetime.date]:
        n = (self.last - self.first).days + 1
        return [self.first + datetime.timedelta(days=i) for i in range(max(n, 0))]

    def holidays(self) -> list[datetime.date]:
        """Atw holidays in the period that fall on a weekday (weekends count anyway)."""
        return [d for d in self.days() if d.weekday() < 5 and is_holiday(d)]


def _person(row: dict) -> dict:
    name = " ".join(
        p for p in (row["user__first_name"], row["user__name_prefix"], row["user__last_name"]) if p
    )
    return {
        "user_id": row["user"],
        "username": row["user__username"],
        "name": name or row["user__username"],
    }


def _entries(period: Period):
    lower, upper = period.bounds()
    return AccessLogEntry.objects.filter(at__gte=lower, at__lt=upper).order_by()


def bursts(period: Period, rules: Rules) -> list[dict]:
    """Persons and days with more than ``burst_residents`` distinct residents in one window."""
    tz = timezone.get_current_timezone()
    lower, upper = period.bounds()
    window = datetime.timedelta(minutes=rules.burst_minutes)
    counted = AccessLogEntry.objects.filter(action__in=rules.burst_actions).order_by()
    # Only persons who reach the threshold at all in the period (plus one window before it).
    candidates = (
        counted.filter(at__gte=lower - window, at__lt=upper)
        .values("user")
        .annotate(n=Count("resident_id", distinct=True))
        .filter(n__gt=rules.burst_residents)
        .values("user")
    )
    in_window = (
        counted.filter(
            user=OuterRef("user"), at__lte=OuterRef("at"), at__gt=OuterRef("at") - window
        )
        .values("user")
        .annotate(n=Count("resident_id", distinct=True))
        .values("n")
    )
    rows = (
        counted.filter(at__gte=lower, at__lt=upper, user__in=candidates)
        .annotate(window_residents=Subquery(in_window, output_field=IntegerField()))
        .filter(window_residents__gt=rules.burst_residents)
        .annotate(day=TruncDate("at", tzinfo=tz))
        .values(*USER_FIELDS, "day")
        .annotate(peak=Max("window_residents"), first_at=Min("at"), last_at=Max("at"))
        .order_by("day", "user__username")
    )
    return [
        {
            **_person(r),
            "day": r["day"],
            "peak": r["peak"],
            "first_at": r["first_at"],
            "last_at": r["last_at"],
        }
        for r in rows
    ]


def break_glass_grants(period: Period, limit: int = GRANT_LIMIT) -> list:
    """Every break-the-glass granted in the period (newest first), with its review status and
    the number of access-log entries made under it."""
    from wijkteam.oversight.models import BreakGlassGrant

    lower, upper = period.bounds()
    under_grant = (
        AccessLogEntry.objects.filter(
            user=OuterRef("user"),
            resident_id=OuterRef("resident_id"),
            at__gte=OuterRef("granted_at"),
            at__lt=OuterRef("expires_at"),
        )
        .order_by()
        .values("user")
        .annotate(n=Count("id"))
        .values("n")
    )
    return list(
        BreakGlassGrant.objects.granted_between(lower, upper)
        .with_review_status()
        .annotate(entries=Coalesce(Subquery(under_grant, output_field=IntegerField()), Value(0)))
        .select_related("user", "resident_team")
        .order_by("-granted_at", "-id")[:limit]
    )


def out_of_team(period: Period) -> list[dict]:
    """Per person: entries about residents whose file is held by a team the person was not a
    member of that day, split into those under a share (at that moment), under a
    break-the-glass grant, and the unexplained rest (in that order of precedence)."""
    from wijkteam.accounts.models import TeamMembership
    from wijkteam.oversight.models import BreakGlassGrant
    from wijkteam.residents.models import Resident, ResidentShare

    tz = timezone.get_current_timezone()
    member = TeamMembership.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("day")),
        user=OuterRef("user"),
        team=OuterRef("file_team"),
        start_date__lte=OuterRef("day"),
    )
    shared = ResidentShare.objects.filter(
        user=OuterRef("user"),
        resident_id=OuterRef("resident_id"),
        granted_at__lte=OuterRef("at"),
        valid_until__gte=OuterRef("day"),
    )
    granted = BreakGlassGrant.objects.covering(
        user=OuterRef("user"), resident=OuterRef("resident_id"), at=OuterRef("at")
    )
    file_team = Resident.objects.filter(pk=OuterRef("resident_id")).values("team_id")[:1]
    rows = (
        _entries(period)
        .annotate(file_team=Subquery(file_team), day=TruncDate("at", tzinfo=tz))
        .filter(file_team__isnull=False)
        .exclude(Exists(member))
        .annotate(shared=Exists(shared), granted=Exists(granted))
        .values(*USER_FIELDS)
        .annotate(
            entries=Count("id"),
            via_share=Count("id", filter=Q(shared=True)),
            via_break_glass=Count("id", filter=Q(shared=False, granted=True)),
            unexplained=Count("id", filter=Q(shared=False, granted=False)),
            unexplained_residents=Count(
                "resident_id", filter=Q(shared=False, granted=False), distinct=True
            ),
            first_at=Min("at"),
            last_at=Max("at"),
        )
        .order_by("-unexplained", "user__username")
    )
    return [
        {
            **_person(r),
            **{
                k: r[k]
                for k in (
                    "entries",
                    "via_share",
                    "via_break_glass",
                    "unexplained",
                    "unexplained_residents",
                    "first_at",
                    "last_at",
                )
            },
        }
        for r in rows
    ]


def off_hours(period: Period, rules: Rules) -> list[dict]:
    """Per person: entries on weekends, Atw holidays, or outside the working hours."""
    tz = timezone.get_current_timezone()
    holidays = period.holidays()
    weekend = Q(weekday__gte=6)
    holiday = Q(day__in=holidays) & ~weekend
    early_late = (
        (Q(hour__lt=rules.day_start) | Q(hour__gte=rules.day_end)) & ~weekend & ~Q(day__in=holidays)
    )
    rows = (
        _entries(period)
        .annotate(
            day=TruncDate("at", tzinfo=tz),
            weekday=ExtractIsoWeekDay("at", tzinfo=tz),
            hour=ExtractHour("at", tzinfo=tz),
        )
        .filter(weekend | holiday | early_late)
        .values(*USER_FIELDS)
        .annotate(
            entries=Count("id"),
            residents=Count("resident_id", distinct=True),
            days=Count("day", distinct=True),
            weekend=Count("id", filter=weekend),
            holiday=Count("id", filter=holiday),
            early_late=Count("id", filter=early_late),
            first_at=Min("at"),
            last_at=Max("at"),
        )
        .order_by("-entries", "user__username")
    )
    keys = (
        "entries",
        "residents",
        "days",
        "weekend",
        "holiday",
        "early_late",
        "first_at",
        "last_at",
    )
    return [{**_person(r), **{k: r[k] for k in keys}} for r in rows]


@dataclass
class AccessReview:
    period: Period
    rules: Rules
    bursts: list[dict] = field(default_factory=list)
    grants: list = field(default_factory=list)
    out_of_team: list[dict] = field(default_factory=list)
    off_hours: list[dict] = field(default_factory=list)

    @property
    def unexplained_out_of_team(self) -> list[dict]:
        return [row for row in self.out_of_team if row["unexplained"]]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "bursts": len(self.bursts),
            "grants": len(self.grants),
            "out_of_team": len(self.unexplained_out_of_team),
            "off_hours": len(self.off_hours),
        }


def access_review(period: Period, rules: Rules | None = None) -> AccessReview:
    """All findings of the period: four queries, whatever the size of the log."""
    rules = rules or Rules.from_settings()
    return AccessReview(
        period=period,
        rules=rules,
        bursts=bursts(period, rules),
        grants=break_glass_grants(period),
        out_of_team=out_of_team(period),
        off_hours=off_hours(period, rules),
    )
