"""Working days: weekends and the holidays of the Algemene termijnenwet are skipped."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijkteam.core.workingdays import (
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
)

D = datetime.date
dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2060, 12, 31))
counts = st.integers(min_value=0, max_value=400)


@given(dates, counts)
def test_adding_working_days_lands_on_a_working_day(start, n):
    assert is_working_day(add_working_days(start, n))


@given(dates, counts, counts)
def test_adding_more_working_days_never_lands_earlier(start, a, b):
    low, high = sorted((a, b))
    assert add_working_days(start, low) <= add_working_days(start, high)


@given(dates, st.integers(min_value=1, max_value=400))
def test_adding_n_working_days_moves_past_exactly_n_working_days(start, n):
    end = add_working_days(start, n)
    assert end > start
    assert working_days_between(start, end) == n


@given(dates, dates)
def test_working_days_between_is_antisymmetric(a, b):
    assert working_days_between(a, b) == -working_days_between(b, a)


@given(dates, st.integers(min_value=1, max_value=60))
def test_adding_one_working_day_at_a_time_equals_adding_them_at_once(start, n):
    step = start
    for _ in range(n):
        step = add_working_days(step, 1)
    assert step == add_working_days(start, n)


@given(dates)
def test_next_working_day_is_the_first_working_day_on_or_after(start):
    found = next_working_day(start)
    assert is_working_day(found) and found >= start
    day = start
    while day < found:
        assert not is_working_day(day)
        day += datetime.timedelta(days=1)


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 1, 1),  # Nieuwjaarsdag
        D(2026, 4, 6),  # Tweede paasdag
        D(2026, 4, 27),  # Koningsdag
        D(2026, 5, 5),  # Bevrijdingsdag: every year an Atw holiday
        D(2027, 5, 5),
        D(2026, 5, 14),  # Hemelvaartsdag
        D(2026, 5, 25),  # Tweede pinksterdag
        D(2026, 12, 25),  # Eerste kerstdag
        D(2026, 12, 26),  # Tweede kerstdag (a Saturday anyway)
        D(2025, 12, 26),  # Tweede kerstdag on a Friday
        D(2026, 4, 25),  # Saturday
        D(2026, 4, 26),  # Sunday
        D(2025, 4, 26),  # Koningsdag 2025 moved to Saturday 26 April (27th was a Sunday)
    ],
)
def test_holidays_and_weekends_are_not_working_days(day):
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 4, 3),  # Goede Vrijdag: not an Atw holiday
        D(2026, 4, 28),
        D(2026, 12, 24),
        D(2026, 12, 31),
    ],
)
def test_good_friday_and_ordinary_weekdays_are_working_days(day):
    assert is_working_day(day)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Friday + 5 working days skips the weekend and Koningsdag (Monday 27 April 2026).
        (D(2026, 4, 24), 5, D(2026, 5, 4)),
        # Thursday 2 April + 2: Good Friday counts, Easter Monday does not.
        (D(2026, 4, 2), 2, D(2026, 4, 7)),
        # Wednesday 13 May + 1 skips Ascension Day.
        (D(2026, 5, 13), 1, D(2026, 5, 15)),
        # Friday 22 May + 1 skips the weekend and Whit Monday.
        (D(2026, 5, 22), 1, D(2026, 5, 26)),
        # Thursday 24 December + 1: Christmas Day, Boxing Day (Saturday), Sunday.
        (D(2026, 12, 24), 1, D(2026, 12, 28)),
        # Thursday 31 December + 1 skips New Year's Day and the weekend.
        (D(2026, 12, 31), 1, D(2027, 1, 4)),
        # Starting on a Saturday: the first working day after it is Monday.
        (D(2026, 10, 31), 1, D(2026, 11, 2)),
        # n = 0 stays on a working day or moves to the next one.
        (D(2026, 4, 27), 0, D(2026, 4, 28)),
        (D(2026, 4, 28), 0, D(2026, 4, 28)),
    ],
)
def test_add_working_days_examples(start, n, expected):
    assert add_working_days(start, n) == expected


def test_negative_working_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 4, 24), -1)


def test_working_days_between_examples():
    assert working_days_between(D(2026, 4, 24), D(2026, 5, 4)) == 5
    assert working_days_between(D(2026, 4, 24), D(2026, 4, 24)) == 0
    assert working_days_between(D(2026, 4, 25), D(2026, 4, 26)) == 0
