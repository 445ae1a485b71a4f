"""Report periods: a year, a quarter or a custom range of dates (both ends included)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _


def _one_year_earlier(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # included
    kind: str = "custom"  # "year", "quarter" or "custom"

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("A period cannot end before it starts")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        if quarter not in (1, 2, 3, 4):
            raise ValueError("A quarter is 1, 2, 3 or 4")
        start = datetime.date(year, 3 * quarter - 2, 1)
        next_start = (
            datetime.date(year + 1, 1, 1)
            if quarter == 4
            else datetime.date(year, 3 * quarter + 1, 1)
        )
        return cls(start, next_start - datetime.timedelta(days=1), "quarter")

    @property
    def label(self) -> str:
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "quarter":
            return _("Q%(q)s %(year)s") % {
                "q": (self.start.month + 2) // 3,
                "year": self.start.year,
            }
        return f"{self.start:%d-%m-%Y} – {self.end:%d-%m-%Y}"

    def previous_year(self) -> "Period":
        """The same period one year earlier, for the year-on-year comparison."""
        return Period(_one_year_earlier(self.start), _one_year_earlier(self.end), self.kind)

    def aware_bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """[start 00:00, day after end 00:00) in the current time zone, for datetime fields."""
        tz = timezone.get_current_timezone()
        return (
            datetime.datetime.combine(self.start, datetime.time.min, tz),
            datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, tz),
        )
