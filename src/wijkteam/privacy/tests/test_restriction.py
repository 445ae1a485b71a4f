"""Restriction of processing (AVG art. 18): a flag on the resident, with its history, that
leaves the resident out of every figure, report and export and refuses sharing."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

import pytest

from wijkteam.core.services import ConflictError
from wijkteam.dashboard import aggregates
from wijkteam.plans.reports import progress_by_life_domain
from wijkteam.privacy import exports, restriction
from wijkteam.privacy.models import ProcessingRestriction
from wijkteam.residents import services as resident_services
from wijkteam.residents.models import ResidentShare
from wijkteam.residents.tests.factories import ConsentFactory, ResidentFactory
from wijkteam.support.tests.factories import SupportCaseFactory


def restrict(world, resident=None):
    return restriction.restrict_processing(
        actor=world.manager,
        resident=resident or world.resident_a,
        reason="De inwoner betwist de juistheid van de gegevens.",
    )


def test_teammanager_restricts_and_the_resident_carries_the_flag(world):
    period = restrict(world)
    resident = world.resident_a
    resident.refresh_from_db()
    assert resident.processing_restricted
    assert resident.processing_restricted_by == world.manager
    assert resident.processing_restriction_reason.startswith("De inwoner")
    assert resident.processing_restricted_since == period.started_at
    assert period.is_active


def test_lifting_keeps_the_period_in_the_history(world):
    period = restrict(world)
    restriction.lift_restriction(
        actor=world.manager,
        resident=world.resident_a,
        reason="Gegevens gecorrigeerd.",
        expected_version=period.version,
    )
    world.resident_a.refresh_from_db()
    assert not world.resident_a.processing_restricted
    assert world.resident_a.processing_restricted_since is None
    period.refresh_from_db()
    assert period.lifted_by == world.manager and period.lift_reason == "Gegevens gecorrigeerd."
    restrict(world)  # a new period may start
    assert ProcessingRestriction.objects.filter(resident=world.resident_a).count() == 2


def test_restricting_twice_is_refused_with_a_dutch_message(world):
    restrict(world)
    with pytest.raises(ValidationError) as exc:
        restrict(world)
    assert "al beperkt" in exc.value.messages[0]
    assert ProcessingRestriction.objects.count() == 1


def test_reason_is_required(world):
    with pytest.raises(ValidationError):
        restriction.restrict_processing(actor=world.manager, resident=world.resident_a, reason=" ")
    world.resident_a.refresh_from_db()
    assert not world.resident_a.processing_restricted


def test_lifting_without_a_restriction_is_refused(world):
    with pytest.raises(ValidationError):
        restriction.lift_restriction(actor=world.manager, resident=world.resident_a, reason="x")


def test_lifting_with_a_stale_version_is_a_conflict(world):
    restrict(world)
    with pytest.raises(ConflictError):
        restriction.lift_restriction(
            actor=world.manager, resident=world.resident_a, reason="x", expected_version=7
        )
    world.resident_a.refresh_from_db()
    assert world.resident_a.processing_restricted


def test_worker_may_not_restrict(world):
    with pytest.raises(PermissionDenied):
        restriction.restrict_processing(actor=world.worker, resident=world.resident_a, reason="x")


def test_teammanager_may_not_restrict_another_teams_resident(world):
    with pytest.raises(PermissionDenied):
        restrict(world, world.resident_b)


# --------------------------------------------------------------------------- exclusions


def test_open_cases_per_team_leave_restricted_residents_out(world):
    def count_a():
        figures = {f.label: f.value for f in aggregates.open_cases_per_team()}
        return figures["Wijkteam A"]

    for _ in range(6):
        SupportCaseFactory(resident=ResidentFactory(team=world.team_a))
    before = count_a()
    restrict(world)
    assert count_a() == before - 1  # case_a of the restricted resident


def test_cases_per_framework_leave_restricted_residents_out(world):
    for _ in range(6):
        SupportCaseFactory(resident=ResidentFactory(team=world.team_a))

    def basic():
        return aggregates.cases_per_framework()[0].value

    before = basic()
    restrict(world)
    assert basic() == before - 1


def test_progress_report_leaves_restricted_residents_out(world):
    period = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    before = progress_by_life_domain(period=period).by_life_domain
    assert sum(r.goals for r in before) >= 1
    restrict(world)
    after = progress_by_life_domain(period=period).by_life_domain
    assert sum(r.goals for r in after) == sum(r.goals for r in before) - 1


def test_municipality_export_leaves_restricted_residents_out(world, settings):
    settings.SMALL_NUMBER_THRESHOLD = 1
    ConsentFactory(resident=world.resident_a)  # consent holds
    period = exports.ExportPeriod(datetime.date(2026, 1, 1), datetime.date(2026, 11, 1))
    pseudonym = exports.pseudonym("resident", world.resident_a.pk)
    assert pseudonym in {r["resident_pseudonym"] for r in exports.build_export(period).rows}
    restrict(world)
    assert pseudonym not in {r["resident_pseudonym"] for r in exports.build_export(period).rows}


def test_sharing_a_restricted_file_is_refused_with_a_dutch_message(world):
    restrict(world)
    with pytest.raises(ValidationError) as exc:
        resident_services.share_resident(
            actor=world.manager,
            resident=world.resident_a,
            user=world.users["sociaal_werker"],
            reason="Waarneming",
            valid_until=datetime.date(2026, 12, 31),
        )
    assert "beperkt" in exc.value.messages[0]
    assert not ResidentShare.objects.exists()


def test_share_page_shows_the_refusal_and_shares_nothing(client, world):
    restrict(world)
    client.force_login(world.manager)
    from wijkteam.accounts.tests.factories import UserFactory

    other = UserFactory(role="sociaal_werker", teams=[world.team_b])
    response = client.post(
        reverse("residents:resident-share", args=[world.resident_a.pk]),
        {"user": other.pk, "reason": "Waarneming", "valid_until": "2026-12-31"},
    )
    assert response.status_code == 200
    assert "kan niet worden gedeeld" in response.text
    assert not ResidentShare.objects.exists()


# --------------------------------------------------------------------------- pages


def test_resident_page_shows_the_restriction_prominently(client, world):
    restrict(world)
    client.force_login(world.worker)
    page = client.get(reverse("residents:resident-detail", args=[world.resident_a.pk])).text
    assert "restriction-banner" in page
    assert "Verwerking beperkt" in page
    assert "Teammanager (Wijkteam A)" in page
    # No share button while restricted.
    assert reverse("residents:resident-share", args=[world.resident_a.pk]) not in page


def test_teammanager_restricts_and_lifts_through_the_pages(client, world):
    client.force_login(world.manager)
    url = reverse("privacy:restriction-create", args=[world.resident_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Bezwaar tegen gebruik voor rapportages."})
    assert response.status_code == 302
    world.resident_a.refresh_from_db()
    assert world.resident_a.processing_restricted
    lift = reverse("privacy:restriction-lift", args=[world.resident_a.pk])
    period = ProcessingRestriction.objects.get()
    assert client.get(lift).status_code == 200
    response = client.post(lift, {"lift_reason": "Bezwaar ingetrokken.", "version": period.version})
    assert response.status_code == 302
    world.resident_a.refresh_from_db()
    assert not world.resident_a.processing_restricted


def test_empty_reason_shows_a_dutch_error_and_changes_nothing(client, world):
    client.force_login(world.manager)
    url = reverse("privacy:restriction-create", args=[world.resident_a.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Dit veld is vereist" in response.text
    world.resident_a.refresh_from_db()
    assert not world.resident_a.processing_restricted
