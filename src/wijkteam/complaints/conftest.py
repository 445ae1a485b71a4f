"""Fixtures for the complaint tests: a fixed "today", an empty cache (the public form's rate
limit counts in it) and the categories of the reference list."""

import pytest

from wijkteam.complaints.tests.helpers import TODAY


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """``timezone.localdate()`` answers TODAY in every module that asks for it."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def category(db):
    from wijkteam.complaints.models import ComplaintCategory

    return ComplaintCategory.objects.get(code="bejegening")
