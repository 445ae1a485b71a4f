"""Fixtures of the incident tests: a settable "today" (``clock``), fixed by default."""

import datetime

import pytest

from wijkteam.incidents.tests.helpers import TODAY


class Clock:
    def __init__(self, today: datetime.date):
        self.today = today


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """``timezone.localdate()`` answers ``clock.today`` (TODAY unless a test moves it)."""
    from django.utils import timezone

    fixed = Clock(TODAY)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: fixed.today)
    return fixed
