"""Retention pages: run reports, the dry-run button, the CSV, legal holds; query counts."""

import csv
import datetime
import io

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest
from auditlog.models import LogEntry

from wijkteam.core.services import ConflictError
from wijkteam.privacy.models import LegalHold, RetentionRun, RetentionTrigger
from wijkteam.privacy.retention import apply_retention
from wijkteam.privacy.retention_holds import lift_legal_hold, place_legal_hold
from wijkteam.privacy.tests.retention_factories import TODAY, LegalHoldFactory, expired_file
from wijkteam.residents.models import Resident
from wijkteam.support.tests.factories import SupportCaseFactory

pytestmark = pytest.mark.django_db

# Session, user, the user's permissions (two queries) and the page's own queries.
RUN_LIST_QUERIES = 8
RUN_DETAIL_QUERIES = 9
RUN_EXPORT_QUERIES = 7
HOLD_LIST_QUERIES = 8


# --- runs -----------------------------------------------------------------------------------


def test_quality_starts_a_dry_run_from_the_screen_and_nothing_changes(client, world):
    dossier = expired_file(world)
    client.force_login(world.quality)
    response = client.post(reverse("privacy:retention-run-create"))
    run = RetentionRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:retention-run-detail", args=[run.pk])
    assert run.dry_run and run.trigger == RetentionTrigger.SCREEN
    assert run.started_by == world.quality
    assert Resident.objects.get(pk=dossier.resident.pk).first_name == "Grietje"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert str(dossier.case.pk).encode() in page.content
    assert b"Grietje" not in page.content and b"Zijlstra" not in page.content


def test_dry_run_button_only_answers_post(client, world):
    client.force_login(world.quality)
    assert client.get(reverse("privacy:retention-run-create")).status_code == 405
    assert not RetentionRun.objects.exists()


def test_detail_filters_by_outcome(client, world):
    dossier = expired_file(world)
    run = apply_retention(dry_run=True, today=TODAY)
    client.force_login(world.admin)
    url = reverse("privacy:retention-run-detail", args=[run.pk])
    only_files = client.get(url, {"outcome": "erase_file"})
    assert [i.unit for i in only_files.context["items"]] == ["resident"]
    everything = client.get(url)
    assert {i.object_id for i in everything.context["items"]} == {
        dossier.case.pk,
        dossier.resident.pk,
    }


def test_csv_has_a_line_per_report_item_and_no_names(client, world):
    dossier = expired_file(world)
    run = apply_retention(today=TODAY)
    client.force_login(world.quality)
    response = client.get(reverse("privacy:retention-run-export", args=[run.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"bewaartermijnen-run-{run.pk}.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 1 + 2
    assert {row[3] for row in rows[1:]} == {str(dossier.case.pk), str(dossier.resident.pk)}
    assert "Zijlstra" not in text and "Grietje" not in text


def test_unknown_run_is_a_404(client, world):
    client.force_login(world.quality)
    assert client.get(reverse("privacy:retention-run-detail", args=[999])).status_code == 404
    assert client.get(reverse("privacy:retention-run-export", args=[999])).status_code == 404


def _runs(n, world):
    for _ in range(n):
        run = RetentionRun.objects.create(
            reference_date=TODAY, trigger=RetentionTrigger.SCREEN, started_by=world.quality
        )
        run.counts = {
            "erase_file": 2,
            "anonymise_case": 3,
            "rows": {"support.contact": {"anonymised": 4}},
        }
        run.save()
    return run


@pytest.mark.parametrize("n", [1, 12])
def test_run_list_query_count_does_not_grow(client, world, django_assert_num_queries, n):
    _runs(n, world)
    client.force_login(world.quality)
    with django_assert_num_queries(RUN_LIST_QUERIES):
        response = client.get(reverse("privacy:retention-run-list"), {"kind": "real"})
    assert len(response.context["runs"]) == n


@pytest.mark.parametrize("n", [1, 4])
def test_run_detail_and_export_query_counts_do_not_grow(
    client, world, django_assert_num_queries, n
):
    for _ in range(n):
        expired_file(world)
    run = apply_retention(dry_run=True, today=TODAY)
    client.force_login(world.quality)
    with django_assert_num_queries(RUN_DETAIL_QUERIES):
        response = client.get(reverse("privacy:retention-run-detail", args=[run.pk]))
    assert len(response.context["items"]) == 2 * n
    with django_assert_num_queries(RUN_EXPORT_QUERIES):
        response = client.get(reverse("privacy:retention-run-export", args=[run.pk]))
        assert response.content.count(b"\n") == 1 + 2 * n


# --- legal holds ----------------------------------------------------------------------------


def test_manager_places_a_hold_on_an_own_team_case_and_it_is_audited(client, world):
    client.force_login(world.manager)
    response = client.post(
        reverse("privacy:legal-hold-create"),
        {"case": world.case_a.pk, "reason": "Bezwaarprocedure loopt", "until": "2030-01-01"},
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert (hold.case, hold.placed_by, hold.until) == (
        world.case_a,
        world.manager,
        datetime.date(2030, 1, 1),
    )
    entry = LogEntry.objects.get_for_object(hold).get()
    assert entry.actor == world.manager and entry.action == LogEntry.Action.CREATE


def test_manager_cannot_hold_another_teams_case(client, world):
    client.force_login(world.manager)
    response = client.post(
        reverse("privacy:legal-hold-create"), {"case": world.case_b.pk, "reason": "Klacht"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["case"]
    assert not LegalHold.objects.exists()


def test_quality_holds_any_case_by_number(world):
    hold = place_legal_hold(actor=world.quality, case_id=world.case_b.pk, reason="Rechtszaak")
    assert hold.case == world.case_b


@pytest.mark.parametrize(
    ("case", "reason", "until", "code"),
    [
        ("other_team", "Klacht", None, "case_out_of_scope"),
        ("unknown", "Klacht", None, "case_out_of_scope"),
        ("own", "   ", None, "reason_required"),
        ("own", "Klacht", datetime.date(2000, 1, 1), "until_in_past"),
    ],
)
def test_placing_a_hold_is_refused_with_a_reason(world, case, reason, until, code):
    case_id = {"other_team": world.case_b.pk, "unknown": 987654, "own": world.case_a.pk}[case]
    with pytest.raises(ValidationError) as exc:
        place_legal_hold(actor=world.manager, case_id=case_id, reason=reason, until=until)
    codes = {e.code for errors in exc.value.error_dict.values() for e in errors}
    assert code in codes
    assert not LegalHold.objects.exists()


def test_a_case_can_have_one_active_hold_and_an_ended_one_is_closed(world):
    place_legal_hold(actor=world.manager, case_id=world.case_a.pk, reason="Klacht")
    with pytest.raises(ValidationError) as exc:
        place_legal_hold(actor=world.manager, case_id=world.case_a.pk, reason="Nog een")
    assert exc.value.error_dict["case"][0].code == "already_held"
    LegalHold.objects.update(until=datetime.date(2001, 1, 1))
    place_legal_hold(actor=world.manager, case_id=world.case_a.pk, reason="Nieuwe klacht")
    assert LegalHold.objects.filter(lifted_at__isnull=True).count() == 1
    assert LegalHold.objects.filter(lifted_at__isnull=False).count() == 1


def test_an_anonymised_case_cannot_be_held(world):
    dossier = expired_file(world)
    apply_retention(today=TODAY)
    with pytest.raises(ValidationError) as exc:
        place_legal_hold(actor=world.quality, case_id=dossier.case.pk, reason="Te laat")
    assert exc.value.error_dict["case"][0].code == "case_anonymised"


def test_lifting_needs_a_reason_and_the_current_version(client, world):
    hold = LegalHoldFactory(case=world.case_a, placed_by=world.manager)
    client.force_login(world.manager)
    url = reverse("privacy:legal-hold-lift", args=[hold.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "", "version": 1})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    with pytest.raises(ConflictError):
        lift_legal_hold(actor=world.manager, hold=hold, reason="Klaar", expected_version=7)
    response = client.post(url, {"reason": "Procedure afgerond", "version": 1})
    assert response.status_code == 302
    hold.refresh_from_db()
    assert hold.lifted_by == world.manager and hold.lift_reason == "Procedure afgerond"
    assert LogEntry.objects.get_for_object(hold).filter(action=LogEntry.Action.UPDATE).exists()
    assert client.get(url).status_code == 404  # a lifted hold cannot be lifted again


def test_manager_does_not_see_or_lift_other_teams_holds(client, world):
    own = LegalHoldFactory(case=world.case_a, placed_by=world.quality)
    other = LegalHoldFactory(case=world.case_b, placed_by=world.quality)
    client.force_login(world.manager)
    listed = client.get(reverse("privacy:legal-hold-list")).context["holds"]
    assert list(listed) == [own]
    assert client.get(reverse("privacy:legal-hold-lift", args=[other.pk])).status_code == 404
    client.force_login(world.quality)
    listed = client.get(reverse("privacy:legal-hold-list")).context["holds"]
    assert set(listed) == {own, other}


@pytest.mark.parametrize("n", [1, 10])
def test_hold_list_query_count_does_not_grow(client, world, django_assert_num_queries, n):
    for _ in range(n):
        case = SupportCaseFactory(resident=world.resident_a)
        LegalHoldFactory(case=case, placed_by=world.manager)
    client.force_login(world.quality)
    with django_assert_num_queries(HOLD_LIST_QUERIES):
        response = client.get(reverse("privacy:legal-hold-list"))
    assert len(response.context["holds"]) == n
