"""Fixtures for the cross-cutting security tests.

They reuse the application's ``world`` (src/wijkteam/conftest.py) and the permission matrix
(src/wijkteam/core/tests/test_permission_matrix.py), so every URL and role declared there is
covered here too.
"""

import pytest

# Every fixture of the application's conftest (``world``, and the autouse ones: fast
# hashing, plain static files, and ``client.force_login`` giving a session that passed the
# second sign-in step), whatever it gains later.
from wijkteam.conftest import *  # noqa: F403


@pytest.fixture
def matrix_world(world, monkeypatch):  # noqa: F405
    """``world`` plus the objects the permission-matrix test adds for its detail URLs.

    The apps' ``permission_objects`` are built once: ``url_kwargs`` would build them again
    on every call, and some may exist only once per case.
    """
    from auditlog.models import LogEntry

    from wijkteam.core.accesslog import record_access
    from wijkteam.core.tests import test_permission_matrix
    from wijkteam.core.tests.test_permission_matrix import support_objects

    world.access_entry = record_access(
        user=world.worker, resident_ids=[world.resident_a.pk], action="view", context="test"
    )[0]
    world.audit_entry = LogEntry.objects.get_for_object(world.resident_a).first()
    world.referral_a, world.contact_a, world.conversation_a = support_objects(world)
    built = list(test_permission_matrix.app_url_objects(world))
    monkeypatch.setattr(test_permission_matrix, "app_url_objects", lambda _world: built)
    return world
