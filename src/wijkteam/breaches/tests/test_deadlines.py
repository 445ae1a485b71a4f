"""The 72-hour AP deadline: clock hours, weekends included, the same across DST changes."""

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ImproperlyConfigured

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijkteam.breaches.deadlines import ap_deadline, hours_left, reminder_from
from wijkteam.breaches.models import DataBreach
from wijkteam.breaches.tests.helpers import report

AMS = ZoneInfo("Europe/Amsterdam")


def local(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(AMS)


def test_deadline_runs_through_the_weekend_in_clock_hours():
    friday = datetime.datetime(2026, 6, 5, 16, 0, tzinfo=AMS)
    assert local(ap_deadline(friday)) == datetime.datetime(2026, 6, 8, 16, 0, tzinfo=AMS)


def test_deadline_ignores_holidays():
    # Discovered on the evening before Christmas: the deadline is 27 December, not later.
    evening = datetime.datetime(2026, 12, 24, 20, 0, tzinfo=AMS)
    assert local(ap_deadline(evening)) == datetime.datetime(2026, 12, 27, 20, 0, tzinfo=AMS)


def test_deadline_across_the_spring_dst_change_is_72_real_hours():
    # Clocks go forward on Sunday 29 March 2026, 02:00 -> 03:00: 72 hours after Saturday
    # 12:00 is Tuesday 13:00 local time, not 12:00 (that would be 71 hours).
    saturday = datetime.datetime(2026, 3, 28, 12, 0, tzinfo=AMS)
    deadline = ap_deadline(saturday)
    assert local(deadline).replace(tzinfo=None) == datetime.datetime(2026, 3, 31, 13, 0)
    assert (deadline - saturday) == datetime.timedelta(hours=72)


def test_deadline_across_the_autumn_dst_change_is_72_real_hours():
    # Clocks go back on Sunday 25 October 2026, 03:00 -> 02:00: Tuesday 11:00, not 12:00.
    saturday = datetime.datetime(2026, 10, 24, 12, 0, tzinfo=AMS)
    deadline = ap_deadline(saturday)
    assert local(deadline).replace(tzinfo=None) == datetime.datetime(2026, 10, 27, 11, 0)
    assert (deadline - saturday) == datetime.timedelta(hours=72)


def test_deadline_from_the_repeated_hour_in_autumn_counts_from_the_real_moment():
    first = datetime.datetime(2026, 10, 25, 2, 30, tzinfo=AMS, fold=0)  # 00:30 UTC
    second = datetime.datetime(2026, 10, 25, 2, 30, tzinfo=AMS, fold=1)  # 01:30 UTC
    assert ap_deadline(second) - ap_deadline(first) == datetime.timedelta(hours=1)


def test_naive_datetime_is_refused():
    with pytest.raises(ImproperlyConfigured):
        ap_deadline(datetime.datetime(2026, 3, 1, 12, 0))


@given(
    st.datetimes(
        min_value=datetime.datetime(2000, 1, 1),
        max_value=datetime.datetime(2099, 12, 31),
        timezones=st.just(AMS),
        allow_imaginary=False,
    )
)
def test_deadline_is_always_exactly_72_elapsed_hours(discovered):
    deadline = ap_deadline(discovered)
    assert deadline.utcoffset() == datetime.timedelta(0)
    assert deadline - discovered == datetime.timedelta(hours=72)
    assert deadline - reminder_from(deadline) == datetime.timedelta(hours=24)
    assert hours_left(deadline, discovered) == 72


@pytest.mark.django_db
def test_deadline_is_stored_when_the_breach_is_reported(world):
    saturday = datetime.datetime(2026, 3, 28, 12, 0, tzinfo=AMS)
    breach = report(world, discovered_at=saturday)
    stored = DataBreach.objects.get(pk=breach.pk)
    assert stored.ap_deadline == datetime.datetime(2026, 3, 31, 11, 0, tzinfo=datetime.UTC)
    assert local(stored.ap_deadline).hour == 13


@pytest.mark.django_db
def test_stored_deadline_is_not_moved_by_a_later_edit(world):
    from wijkteam.breaches import services

    breach = report(world)
    deadline = breach.ap_deadline
    breach.description = "Aangevuld: het ging om twee e-mails."
    services.update_breach(actor=world.quality, breach=breach, expected_version=breach.version)
    assert DataBreach.objects.get(pk=breach.pk).ap_deadline == deadline
