"""Working days in the Netherlands, for deadlines (termijnen).

A working day is Monday to Friday and not a general holiday of the *Algemene termijnenwet*
(Atw), the act that decides how statutory deadlines (Wmo, Wgs, Awb) end. The holidays come
from the maintained ``holidays`` library (``holidays.NL``), with two corrections so that the
calendar is exactly the Atw's (art. 3):

* Good Friday (Goede Vrijdag) is not an Atw holiday, so it is a working day here; the
  library lists it as a public holiday.
* Liberation Day (5 May) is an Atw holiday every year; the library lists it only every fifth
  year (the collective-agreement practice).

Easter Sunday and Whit Sunday fall on a Sunday and so are never working days anyway;
Koningsdag on a Sunday moves to the Saturday before (handled by the library).

See docs/workflows.md for the deadline rules built on these functions.
"""

import datetime
import functools

import holidays
from dateutil.easter import easter

ONE_DAY = datetime.timedelta(days=1)


@functools.cache
def _holidays(year: int) -> frozenset[datetime.date]:
    days = set(holidays.NL(years=year).keys())
    days.discard(easter(year) - datetime.timedelta(days=2))  # Good Friday: not in the Atw
    days.add(datetime.date(year, 5, 5))  # Liberation Day: every year in the Atw
    return frozenset(days)


def is_holiday(d: datetime.date) -> bool:
    """True on a general holiday of the Algemene termijnenwet (whatever the weekday)."""
    return d in _holidays(d.year)


def is_working_day(d: datetime.date) -> bool:
    """Monday to Friday and not an Atw holiday."""
    return d.weekday() < 5 and not is_holiday(d)


def next_working_day(d: datetime.date) -> datetime.date:
    """``d`` itself when it is a working day, otherwise the first working day after it.

    This is how a deadline that ends on a Saturday, Sunday or holiday is extended (Atw art. 1).
    """
    while not is_working_day(d):
        d += ONE_DAY
    return d


def add_working_days(d: datetime.date, n: int) -> datetime.date:
    """The ``n``-th working day after ``d`` (``d`` itself is not counted).

    ``add_working_days(friday, 1)`` is the next Monday (or the Tuesday after Easter Monday).
    ``n == 0`` gives ``next_working_day(d)``. Negative ``n`` is refused: deadlines only run
    forward.
    """
    if n < 0:
        raise ValueError("add_working_days counts forward only (n >= 0)")
    if n == 0:
        return next_working_day(d)
    while n:
        d += ONE_DAY
        if is_working_day(d):
            n -= 1
    return d


def working_days_between(a: datetime.date, b: datetime.date) -> int:
    """Working days after ``a`` up to and including ``b``; negative when ``b`` is before ``a``.

    The inverse of :func:`add_working_days`: ``working_days_between(d, add_working_days(d, n))
    == n`` for every ``n >= 1``.
    """
    if b < a:
        return -working_days_between(b, a)
    count = 0
    d = a
    while d < b:
        d += ONE_DAY
        if is_working_day(d):
            count += 1
    return count
