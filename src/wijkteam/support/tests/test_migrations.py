"""The data step of migration 0002: cases closed before the workflow existed."""

import datetime

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import pytest

BEFORE = [("support", "0001_initial")]
AFTER = [("support", "0003_case_state_constraints")]


@pytest.mark.django_db(transaction=True)
def test_closed_cases_become_closed_with_a_reason_and_a_retention_date(settings):
    settings.RETENTION_YEARS_DEBT = 5
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    team = old.get_model("organisation", "Team").objects.create(
        code="t", name="Wijkteam T", kind="neighbourhood"
    )
    resident = old.get_model("residents", "Resident").objects.create(
        first_name="Sjoerd",
        last_name="Hoekstra",
        date_of_birth=datetime.date(1970, 1, 1),
        team=team,
    )
    case_model = old.get_model("support", "SupportCase")
    common = {"resident": resident, "team": team, "received_on": datetime.date(2024, 1, 8)}
    closed = case_model.objects.create(
        legal_framework="debt", closed_on=datetime.date(2024, 2, 29), **common
    )
    still_open = case_model.objects.create(legal_framework="wmo", **common)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("support", "SupportCase")

    closed = new.objects.get(pk=closed.pk)
    assert (closed.state, closed.closure_reason, closed.retention_until) == (
        "closed",
        "other",
        datetime.date(2029, 2, 28),
    )
    still_open = new.objects.get(pk=still_open.pk)
    assert (still_open.state, still_open.closure_reason, still_open.retention_until) == (
        "registered",
        "",
        None,
    )

    # Back to the current schema for the rest of the suite.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
