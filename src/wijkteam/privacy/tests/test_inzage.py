"""Inzage (AVG art. 15): one step produces a PDF and a JSON with everything about the
resident, including the audit trail and the access log, stored with hashes, downloadable by
the producer for a limited time, and itself logged."""

import datetime
import hashlib
import json
import types

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

import pytest
from auditlog.models import LogEntry

from wijkteam.core.accesslog import record_access
from wijkteam.core.models import AccessLogEntry
from wijkteam.privacy import inzage
from wijkteam.privacy.models import InzageRequest
from wijkteam.privacy.tests.avg_helpers import change_resident, pdf_text
from wijkteam.privacy.tests.avg_helpers import full_file as full_file  # noqa: F401 - fixture
from wijkteam.privacy.tests.factories import InzageRequestFactory
from wijkteam.residents.tests.factories import ResidentFactory


def sections_by_key(document: dict) -> dict:
    return {s["key"]: s for s in document["sections"]}


def values(item: dict) -> dict:
    return {f["name"]: f["value"] for f in item["fields"]}


@pytest.fixture
def produced(world, full_file):
    resident = full_file(world.resident_a, 2)
    change_resident(resident, world.worker, street="Voorstreek", house_number="12a")
    record_access(user=world.worker, resident_ids=[resident.pk], action="view", context="test")
    made = inzage.produce_inzage(actor=world.manager, resident=resident, note="aan de balie")
    return made, json.loads(bytes(made.json))


def test_one_step_produces_a_pdf_and_a_json_with_their_hashes(world, produced):
    made, _doc = produced
    pdf, js = bytes(made.pdf), bytes(made.json)
    assert pdf.startswith(b"%PDF")
    assert made.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert made.json_sha256 == hashlib.sha256(js).hexdigest()
    assert (made.pdf_size, made.json_size) == (len(pdf), len(js))
    assert made.produced_by == world.manager
    assert made.resident_number == world.resident_a.pk
    assert made.available_until > made.produced_at
    assert made.is_downloadable()


def test_pdf_is_a_dutch_a4_document_with_the_residents_name_and_page_numbers(world, produced):
    made, _doc = produced
    text = pdf_text(bytes(made.pdf))
    if text is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    assert world.resident_a.full_name in text
    assert "Inzage in uw persoonsgegevens" in text
    assert "Pagina 1 van" in text
    assert "Wie heeft uw dossier bekeken" in text


def test_json_holds_every_part_of_the_file(world, produced):
    _made, doc = produced
    sections = sections_by_key(doc)
    for key, count in {
        "resident": 1,
        "households": 3,  # two from the file, one from the world
        "consents": 3,  # two from the file, one from the world
        "shares": 2,
        "support_cases": 3,  # two from the file, case_a from the world
        "case_transitions": 2,
        "case_deadlines": 2,
        "conversations": 2,
        "contacts": 2,
        "referrals": 2,
        "support_plans": 3,
        "goals": 3,
        "goal_evaluations": 2,
        "actions": 2,
    }.items():
        assert len(sections[key]["items"]) == count, key
    person = values(sections["resident"]["items"][0])
    assert person["bsn"] == world.resident_a.bsn
    assert person["date_of_birth"] == world.resident_a.date_of_birth.isoformat()
    assert person["street"] == "Voorstreek"
    # Every concrete field of the resident is there, technical counters aside.
    model_fields = {f.name for f in type(world.resident_a)._meta.concrete_fields} - {"version"}
    assert set(person) == model_fields


def test_audit_trail_and_access_log_are_included_by_role_and_team(world, produced):
    _made, doc = produced
    sections = sections_by_key(doc)
    changes = [values(i) for i in sections["audit_trail"]["items"]]
    street = [
        c
        for c in changes
        if c["action"] == "update" and any(ch["field"] == "street" for ch in c["changes"])
    ]
    assert street, "the change of the street is in the audit section"
    assert street[0]["by"] == {"role": "Sociaal werker", "team": "Wijkteam A"}
    assert {"field", "old", "new"} <= set(street[0]["changes"][0])
    reads = [values(i) for i in sections["access_log"]["items"]]
    assert any(r["context"] == "test" and r["by"]["team"] == "Wijkteam A" for r in reads)


def test_staff_are_not_named_except_the_coordinating_worker(world, produced):
    made, doc = produced
    text = bytes(made.json).decode()
    assert world.manager.last_name not in text  # producer, sharer: role and team only
    cases = sections_by_key(doc)["support_cases"]["items"]
    coordinators = [values(i)["coordinator"] for i in cases if values(i)["coordinator"]]
    assert {"role": "Sociaal werker", "team": "Wijkteam A", "name": world.worker.display_name} in (
        coordinators
    )
    # The worker is named only as coordinator: everywhere else role and team.
    conversation = values(sections_by_key(doc)["conversations"]["items"][0])
    assert conversation["recorded_by"] == {"role": "Sociaal werker", "team": "Wijkteam A"}


def test_other_household_members_are_not_listed(world):
    other = ResidentFactory(team=world.team_a, last_name="Zwaagstra")
    from wijkteam.residents.tests.factories import HouseholdMemberFactory

    HouseholdMemberFactory(household=world.household_a, resident=other, relation="partner")
    made = inzage.produce_inzage(actor=world.manager, resident=world.resident_a)
    assert "Zwaagstra" not in bytes(made.json).decode()


def test_producing_is_access_logged_and_audited(world, produced):
    made, _doc = produced
    entry = AccessLogEntry.objects.get(context=inzage.INZAGE_CONTEXT)
    assert (entry.user, entry.resident_id, entry.action) == (
        world.manager,
        world.resident_a.pk,
        "export",
    )
    audit = LogEntry.objects.get_for_object(made).get()
    assert audit.actor == world.manager
    assert "pdf" not in (audit.changes or {})  # the document is not copied into the log


def test_worker_may_not_produce_an_inzage(world):
    with pytest.raises(PermissionDenied):
        inzage.produce_inzage(actor=world.worker, resident=world.resident_a)
    assert not InzageRequest.objects.exists()


def test_teammanager_may_not_produce_for_another_teams_resident(world):
    with pytest.raises(PermissionDenied):
        inzage.produce_inzage(actor=world.manager, resident=world.resident_b)


def test_request_date_in_the_future_is_refused(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        inzage.produce_inzage(
            actor=world.manager,
            resident=world.resident_a,
            requested_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert not InzageRequest.objects.exists()


# --------------------------------------------------------------------------- downloads


def test_only_the_producer_downloads_and_each_download_is_logged(world):
    made = InzageRequestFactory(resident=world.resident_a, produced_by=world.manager)
    data = inzage.open_download(actor=world.manager, inzage=made, file_format="pdf")
    assert data == bytes(made.pdf)
    assert AccessLogEntry.objects.filter(context=inzage.INZAGE_DOWNLOAD_CONTEXT).count() == 1
    from wijkteam.accounts.tests.factories import UserFactory

    colleague = UserFactory(role="teammanager", teams=[world.team_a])
    with pytest.raises(PermissionDenied):
        inzage.open_download(actor=colleague, inzage=made, file_format="pdf")


def test_download_is_refused_after_the_period_and_purging_keeps_the_hashes(world):
    made = InzageRequestFactory(
        resident=world.resident_a,
        produced_by=world.manager,
        produced_at=timezone.now() - datetime.timedelta(hours=100),
    )
    with pytest.raises(PermissionDenied):
        inzage.open_download(actor=world.manager, inzage=made, file_format="json")
    assert inzage.purge_expired_inzages() == 1
    assert inzage.purge_expired_inzages() == 0  # idempotent
    made.refresh_from_db()
    assert bytes(made.pdf) == b"" and made.purged_at is not None
    assert made.pdf_sha256 == hashlib.sha256(b"%PDF-1.7 stand-in").hexdigest()


def test_a_tampered_file_is_not_handed_out(world):
    made = InzageRequestFactory(resident=world.resident_a, produced_by=world.manager)
    InzageRequest.objects.filter(pk=made.pk).update(pdf=b"%PDF-other")
    made.refresh_from_db()
    with pytest.raises(PermissionDenied):
        inzage.open_download(actor=world.manager, inzage=made, file_format="pdf")


# --------------------------------------------------------------------------- registry


def test_an_app_plugs_in_with_an_inzage_module(world, monkeypatch):
    real_import = inzage.import_module

    def fake_sections(resident):
        return [
            inzage.Section(
                key="incidents",
                title="Incidenten",
                items=[inzage.Item("Melding", [inzage.make_field("what", "Wat", "test")])],
            )
        ]

    def fake_import(name):
        if name == "wijkteam.incidents.inzage":
            return types.SimpleNamespace(sections=fake_sections)
        return real_import(name)

    monkeypatch.setattr(inzage, "import_module", fake_import)
    inzage.providers.cache_clear()
    try:
        assert fake_sections in inzage.providers()
        document = inzage.build_document(
            world.resident_a,
            producer=world.manager,
            produced_at=timezone.now(),
            requested_on=timezone.localdate(),
        )
        assert "incidents" in [s.key for s in document.sections]
    finally:
        inzage.providers.cache_clear()


def test_builtin_sources_cover_residents_support_and_plans():
    names = {p.__name__ for p in inzage.providers()}
    assert {"residents_sections", "support_sections", "plans_sections", "sections"} <= names


# --------------------------------------------------------------------------- query counts

# Providers (residents 3, support 6, plans 5, privacy 4), audit trail 1, access log 1,
# staff directory 3 (users, groups, memberships).
DOCUMENT_QUERIES = 23


@pytest.mark.parametrize("size", [1, 5])
def test_document_takes_a_fixed_number_of_queries(
    world,
    full_file,
    size,
    django_assert_num_queries,
):
    resident = full_file(ResidentFactory(team=world.team_a), size)
    change_resident(resident, world.worker, phone="0582345678")
    with django_assert_num_queries(DOCUMENT_QUERIES):
        document = inzage.build_document(
            resident,
            producer=world.manager,
            produced_at=timezone.now(),
            requested_on=timezone.localdate(),
        )
    assert len({s.key: s for s in document.sections}["support_cases"].items) == size


# --------------------------------------------------------------------------- pages


def test_teammanager_produces_both_files_with_one_click(client, world):
    client.force_login(world.manager)
    url = reverse("privacy:inzage-create", args=[world.resident_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"requested_on": timezone.localdate().isoformat(), "note": ""})
    made = InzageRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:inzage-detail", args=[made.pk])
    page = client.get(response["Location"])
    assert reverse("privacy:inzage-download", args=[made.pk, "pdf"]) in page.text
    download = client.get(reverse("privacy:inzage-download", args=[made.pk, "pdf"]))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download.content.startswith(b"%PDF")
    as_json = client.get(reverse("privacy:inzage-download", args=[made.pk, "json"]))
    assert json.loads(as_json.content)["resident_number"] == world.resident_a.pk


def test_inzage_page_of_another_teams_resident_is_not_found(client, world):
    client.force_login(world.manager)
    url = reverse("privacy:inzage-create", args=[world.resident_b.pk])
    assert client.get(url).status_code == 404


def test_bad_request_date_shows_a_dutch_message_and_produces_nothing(client, world):
    client.force_login(world.manager)
    url = reverse("privacy:inzage-create", args=[world.resident_a.pk])
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(url, {"requested_on": future})
    assert response.status_code == 200
    assert "kan niet in de toekomst liggen" in response.text
    assert not InzageRequest.objects.exists()


def test_unknown_download_format_is_not_found(client, world):
    made = InzageRequestFactory(resident=world.resident_a, produced_by=world.manager)
    client.force_login(world.manager)
    assert client.get(f"/privacy/inzage/{made.pk}/download/xml/").status_code == 404


@pytest.mark.parametrize("size", [1, 6])
def test_inzage_list_takes_a_fixed_number_of_queries(
    client, world, size, django_assert_num_queries
):
    for _ in range(size):
        InzageRequestFactory(resident=world.resident_a, produced_by=world.manager)
    client.force_login(world.manager)
    url = reverse("privacy:inzage-list")
    client.get(url)  # warm the session and permission caches
    with django_assert_num_queries(INZAGE_LIST_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert response.text.count(reverse("privacy:inzage-detail", args=[0])[:-2]) >= size


INZAGE_LIST_QUERIES = 10
