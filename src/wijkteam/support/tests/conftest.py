"""The support tests run on a fixed "today" (see helpers.TODAY)."""

import pytest

from wijkteam.support.tests.helpers import TODAY


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """``timezone.localdate()`` answers TODAY in every module that asks for it."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY
