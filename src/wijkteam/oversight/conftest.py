"""Fixtures of the oversight tests."""

import datetime

from django.utils import timezone

import pytest


@pytest.fixture
def frozen_now(monkeypatch):
    """``set(moment)`` makes ``timezone.now()`` answer ``moment`` everywhere (scope checks,
    services, factories); returns the setter."""

    def set_now(moment: datetime.datetime):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_now
