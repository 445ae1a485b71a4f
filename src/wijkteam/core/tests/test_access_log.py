"""Every read of a resident's data is in the access log: who, whom, when, context."""

from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

import pytest

from wijkteam.core.models import AccessLogEntry, AppendOnlyError

pytestmark = pytest.mark.django_db


def test_opening_a_file_records_who_whom_and_context(client, world):
    client.force_login(world.worker)
    client.get(
        reverse("residents:resident-detail", args=[world.resident_a.pk]), REMOTE_ADDR="10.1.2.3"
    )
    entry = AccessLogEntry.objects.get()
    assert entry.user == world.worker
    assert entry.resident_id == world.resident_a.pk
    assert entry.action == "view"
    assert entry.channel == "ui"
    assert entry.context
    assert entry.ip_address == "10.1.2.3"
    assert entry.path == f"/inwoners/{world.resident_a.pk}/"


def test_a_list_records_every_resident_shown(client, world):
    from wijkteam.residents.tests.factories import ResidentFactory

    extra = ResidentFactory.create_batch(3, team=world.team_a)
    client.force_login(world.worker)
    client.get(reverse("residents:resident-list"))
    logged = set(AccessLogEntry.objects.values_list("resident_id", flat=True))
    assert logged == {world.resident_a.pk, *(r.pk for r in extra)}
    assert set(AccessLogEntry.objects.values_list("action", flat=True)) == {"list"}


def test_a_search_records_the_hits_and_the_search_term(client, world):
    client.force_login(world.worker)
    client.get(reverse("residents:resident-list"), {"q": "Jansen"})
    entry = AccessLogEntry.objects.get()
    assert (entry.resident_id, entry.action, entry.reason) == (
        world.resident_a.pk,
        "search",
        "Jansen",
    )


def test_out_of_scope_request_records_nothing(client, world):
    client.force_login(world.worker)
    client.get(reverse("residents:resident-detail", args=[world.resident_b.pk]))
    assert AccessLogEntry.objects.count() == 0


def test_api_reads_are_logged_with_api_channel(client, world):
    client.force_login(world.worker)
    client.get(reverse("resident-detail", args=[world.resident_a.pk]))
    client.get(reverse("resident-list"))
    client.get(reverse("case-list"))
    entries = list(
        AccessLogEntry.objects.order_by("id").values_list("action", "channel", "resident_id")
    )
    assert entries == [
        ("view", "api", world.resident_a.pk),
        ("list", "api", world.resident_a.pk),
        ("list", "api", world.resident_a.pk),
    ]


def test_access_log_refuses_update_and_delete_in_the_model(world):
    from wijkteam.core.accesslog import record_access

    entry = record_access(user=world.worker, resident_ids=[1], action="view", context="t")[0]
    entry = AccessLogEntry.objects.get(pk=entry.pk)
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


@pytest.mark.parametrize("table", ["core_accesslogentry", "core_authevent", "auditlog_logentry"])
@pytest.mark.parametrize("statement", ["UPDATE {t} SET id = id", "DELETE FROM {t}"])
def test_log_tables_refuse_update_and_delete_in_the_database(world, table, statement):
    from wijkteam.core.accesslog import record_access
    from wijkteam.core.models import AuthEvent

    record_access(user=world.worker, resident_ids=[1], action="view", context="t")
    AuthEvent.objects.create(kind="login", username="x")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement.format(t=table))


def test_queryset_update_of_access_log_is_refused(world):
    from wijkteam.core.accesslog import record_access

    record_access(user=world.worker, resident_ids=[1], action="view", context="t")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.update(context="tampered")
    assert AccessLogEntry.objects.get().context == "t"


def test_quality_officer_finds_reads_by_person_resident_and_period(client, world):
    import datetime

    from wijkteam.core.accesslog import record_access

    record_access(user=world.worker, resident_ids=[world.resident_a.pk], action="view", context="t")
    record_access(
        user=world.manager, resident_ids=[world.resident_b.pk], action="view", context="t"
    )
    client.force_login(world.quality)
    url = reverse("core:access-log")
    by_person = client.get(url, {"person": world.worker.username}).context["object_list"]
    assert [e.user for e in by_person] == [world.worker]
    by_resident = client.get(url, {"resident": world.resident_b.pk}).context["object_list"]
    assert [e.user for e in by_resident] == [world.manager]
    today = datetime.date.today()
    past = client.get(url, {"date_to": (today - datetime.timedelta(days=2)).isoformat()})
    assert list(past.context["object_list"]) == []
    api = client.get(reverse("access-log-list"), {"person": world.manager.username}).json()
    assert [e["resident_id"] for e in api["results"]] == [world.resident_b.pk]


def test_reversed_period_gives_a_dutch_message_and_no_results(client, world):
    client.force_login(world.quality)
    response = client.get(
        reverse("core:access-log"), {"date_from": "2026-05-01", "date_to": "2026-04-01"}
    )
    assert list(response.context["object_list"]) == []
    assert "einddatum" in response.content.decode().lower()
