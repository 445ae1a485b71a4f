"""The retention service: what goes, what stays, and that the figures do not move."""

import datetime

from django.apps import apps

import pytest
from auditlog.models import LogEntry
from hypothesis import given
from hypothesis import strategies as st

from wijkteam.organisation.models import Team
from wijkteam.plans.models import Action, Goal, GoalEvaluation, SupportPlan
from wijkteam.plans.tests.factories import AgeBandFactory
from wijkteam.privacy.models import (
    RetentionOutcome,
    RetentionRun,
    RetentionRunItem,
    RetentionRunState,
    RetentionTombstone,
    TombstoneAction,
)
from wijkteam.privacy.retention import apply_retention, plan_for
from wijkteam.privacy.retention_rules import (
    ANONYMISED_CASE_NOTE,
    ANONYMISED_NAME,
    ARCHIVE_TEAM_CODE,
)
from wijkteam.privacy.tests.retention_factories import (
    RECENT,
    TODAY,
    LegalHoldFactory,
    closed_case,
    expired_file,
    fill_case,
)
from wijkteam.residents.models import Consent, Household, HouseholdMember, Resident, ResidentShare
from wijkteam.residents.tests.factories import HouseholdMemberFactory, ResidentFactory
from wijkteam.support.choices import LegalFramework
from wijkteam.support.models import (
    CaseDeadline,
    CaseTransition,
    Contact,
    Conversation,
    Referral,
    SupportCase,
)
from wijkteam.support.tests.factories import SupportCaseFactory

pytestmark = pytest.mark.django_db

DOMAIN_APPS = ("residents", "support", "plans", "organisation", "incidents", "complaints")
PERSONAL_VALUES = (
    "Grietje",
    "Zijlstra",
    "0582123456",
    "grietje@example.nl",
    "Mevrouw",
    "dochter",
    "Dochter",
    "Buurvrouw Anja",
    "Administratie op orde",
    "Schulden",
)


def snapshot() -> dict:
    """Every row of the domain apps, as values: equal snapshots mean nothing changed."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in DOMAIN_APPS or model._meta.label in (
            "privacy.InzageRequest",
            "privacy.RectificationRequest",
            "privacy.LegalHold",
        ):
            rows[model._meta.label] = list(model._base_manager.order_by("pk").values())
    return rows


def run(**kwargs) -> RetentionRun:
    kwargs.setdefault("today", TODAY)
    return apply_retention(**kwargs)


def outcomes(retention_run) -> set[tuple[str, int, str]]:
    return set(retention_run.lines.values_list("unit", "object_id", "outcome"))


# --- dry run ----------------------------------------------------------------------------------


def test_dry_run_changes_nothing_and_reports_what_would_go(world):
    dossier = expired_file(world)
    before = snapshot()
    tombstones = RetentionTombstone.objects.count()
    audit_entries = LogEntry.objects.exclude(content_type__app_label="privacy").count()

    dry = run(dry_run=True)

    assert snapshot() == before
    assert RetentionTombstone.objects.count() == tombstones
    assert LogEntry.objects.exclude(content_type__app_label="privacy").count() == audit_entries
    assert not Team.objects.filter(code=ARCHIVE_TEAM_CODE).exists()
    assert dry.dry_run and dry.state == RetentionRunState.FINISHED
    assert outcomes(dry) == {
        ("case", dossier.case.pk, RetentionOutcome.ANONYMISE_CASE),
        ("resident", dossier.resident.pk, RetentionOutcome.ERASE_FILE),
    }
    assert dry.counts["rows"]["support.contact"] == {"anonymised": 1}
    assert dry.counts["rows"]["residents.householdmember"] == {"deleted": 1}


def test_dry_run_counts_equal_the_real_run(world):
    expired_file(world)
    expired_file(world, framework=LegalFramework.DEBT, closed_on=datetime.date(2019, 1, 7))
    dry = run(dry_run=True)
    real = run()
    assert dry.counts == real.counts
    assert [
        (i.unit, i.object_id, i.outcome, i.rows) for i in dry.lines.order_by("unit", "object_id")
    ] == [
        (i.unit, i.object_id, i.outcome, i.rows) for i in real.lines.order_by("unit", "object_id")
    ]


# --- what goes ------------------------------------------------------------------------------


def test_past_retention_file_is_erased_to_a_stub_with_tombstones(world):
    dossier = expired_file(world)
    result = run()

    resident = Resident.objects.get(pk=dossier.resident.pk)
    assert (resident.first_name, resident.last_name, resident.bsn) == ("", ANONYMISED_NAME, None)
    assert (resident.phone, resident.email, resident.street, resident.postcode) == ("", "", "", "")
    assert resident.date_of_birth == dossier.resident.date_of_birth  # age bands
    assert resident.team.code == ARCHIVE_TEAM_CODE
    assert resident.version == dossier.resident.version + 1
    assert not Resident.objects.visible_for(world.worker).filter(pk=resident.pk).exists()
    assert not Resident.objects.visible_for(world.manager).filter(pk=resident.pk).exists()

    assert not HouseholdMember.objects.filter(pk=dossier.member.pk).exists()
    assert not Household.objects.filter(pk=dossier.household.pk).exists()
    assert not ResidentShare.objects.filter(pk=dossier.share.pk).exists()
    consent = Consent.objects.get(pk=dossier.consent.pk)
    assert consent.scope == "" and consent.purpose == dossier.consent.purpose

    tomb = set(RetentionTombstone.objects.values_list("model", "object_id", "action"))
    assert ("residents.resident", resident.pk, TombstoneAction.ANONYMISED) in tomb
    assert ("support.supportcase", dossier.case.pk, TombstoneAction.ANONYMISED) in tomb
    assert ("residents.household", dossier.household.pk, TombstoneAction.DELETED) in tomb
    assert ("residents.residentshare", dossier.share.pk, TombstoneAction.DELETED) in tomb
    assert ("support.contact", dossier.contact.pk, TombstoneAction.ANONYMISED) in tomb
    assert all(t.run_id == result.pk for t in RetentionTombstone.objects.all())
    assert result.count(RetentionOutcome.ERASE_FILE) == 1


def test_anonymised_case_keeps_its_figures_and_loses_its_text(world):
    dossier = expired_file(world)
    run()
    case = SupportCase.objects.get(pk=dossier.case.pk)
    assert case.question == "" and case.closure_note == ANONYMISED_CASE_NOTE
    assert case.household_id is None
    assert (case.team_id, case.legal_framework, case.received_on, case.closed_on) == (
        dossier.case.team_id,
        dossier.case.legal_framework,
        dossier.case.received_on,
        dossier.case.closed_on,
    )
    assert case.closure_reason == dossier.case.closure_reason
    assert set(CaseTransition.objects.filter(case=case).values_list("reason", flat=True)) == {""}
    assert CaseDeadline.objects.filter(case=case).count() == 2
    conversation = Conversation.objects.get(pk=dossier.conversation.pk)
    assert (conversation.outcome, conversation.participants) == ("", "")
    contact = Contact.objects.get(pk=dossier.contact.pk)
    assert (contact.with_whom, contact.note, contact.duration_minutes) == ("", "", 30)
    assert Referral.objects.get(pk=dossier.referral.pk).response == ""
    plan = SupportPlan.objects.get(pk=dossier.plan.pk)
    assert (plan.perspective, plan.risks) == ("", "")
    goal = Goal.objects.get(pk=dossier.goal.pk)
    assert (goal.title, goal.description, goal.start_score, goal.current_score) == ("", "", 2, 4)
    assert GoalEvaluation.objects.get(goal=goal).result == ""
    assert Action.objects.get(pk=dossier.action.pk).performer_name == ""


def test_no_personal_value_is_left_in_the_dossier_or_written_to_the_trail(world):
    dossier = expired_file(world)
    last_entry = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    run()
    rows = snapshot()
    text = repr({label: rows[label] for label in rows if label != "organisation.Team"})
    assert not [value for value in PERSONAL_VALUES if value in text]
    new_entries = LogEntry.objects.filter(pk__gt=last_entry)
    trail = repr(list(new_entries.values("changes", "object_repr", "additional_data")))
    assert not [value for value in PERSONAL_VALUES if value in trail]
    assert dossier.resident.bsn not in trail
    # one system entry per model and action, without an actor (the schedule)
    system = new_entries.filter(additional_data__command="apply_retention")
    assert system.filter(content_type__model="resident").count() == 1
    tomb = repr(list(RetentionTombstone.objects.values()))
    assert not [value for value in PERSONAL_VALUES if value in tomb]


# --- what stays -----------------------------------------------------------------------------


def test_file_within_retention_is_kept(world):
    resident = ResidentFactory(team=world.team_a)
    case = closed_case(resident, closed_on=RECENT)
    fill_case(case, world.worker)
    before = snapshot()
    result = run()
    assert snapshot() == before
    assert not result.lines.exists()


def test_open_case_keeps_the_file_and_the_expired_case_is_anonymised_alone(world):
    dossier = expired_file(world)
    open_case = SupportCaseFactory(
        resident=dossier.resident, team=world.team_a, question="Nieuwe vraag van mevrouw"
    )
    result = run()
    assert outcomes(result) == {("case", dossier.case.pk, RetentionOutcome.ANONYMISE_CASE)}
    resident = Resident.objects.get(pk=dossier.resident.pk)
    assert resident.last_name == "Zijlstra" and resident.team_id == world.team_a.pk
    assert SupportCase.objects.get(pk=open_case.pk).question == "Nieuwe vraag van mevrouw"
    assert SupportCase.objects.get(pk=dossier.case.pk).question == ""
    assert HouseholdMember.objects.filter(pk=dossier.member.pk).exists()


def test_case_within_retention_keeps_the_file(world):
    dossier = expired_file(world)
    closed_case(dossier.resident, closed_on=RECENT)
    result = run()
    assert outcomes(result) == {("case", dossier.case.pk, RetentionOutcome.ANONYMISE_CASE)}
    assert Resident.objects.get(pk=dossier.resident.pk).last_name == "Zijlstra"


def test_legal_hold_keeps_case_and_file_until_lifted(world):
    dossier = expired_file(world)
    hold = LegalHoldFactory(case=dossier.case, placed_by=world.quality)
    before = snapshot()
    held = run()
    assert outcomes(held) == {("case", dossier.case.pk, RetentionOutcome.KEPT_LEGAL_HOLD)}
    assert snapshot() == before

    from wijkteam.privacy.retention_holds import lift_legal_hold

    lift_legal_hold(actor=world.quality, hold=hold, reason="Procedure afgerond", expected_version=1)
    lifted = run()
    assert lifted.count(RetentionOutcome.ERASE_FILE) == 1
    assert SupportCase.objects.get(pk=dossier.case.pk).question == ""


def test_hold_past_its_end_date_no_longer_keeps(world):
    dossier = expired_file(world)
    LegalHoldFactory(case=dossier.case, until=TODAY - datetime.timedelta(days=1))
    assert run().count(RetentionOutcome.ANONYMISE_CASE) == 1


def test_restricted_processing_keeps_every_case_of_the_resident(world):
    dossier = expired_file(world)
    Resident.objects.filter(pk=dossier.resident.pk).update(processing_restricted=True)
    before = snapshot()
    result = run()
    assert outcomes(result) == {("case", dossier.case.pk, RetentionOutcome.KEPT_RESTRICTED)}
    assert snapshot() == before


def test_member_of_a_household_with_a_live_case_keeps_the_file(world):
    dossier = expired_file(world)
    partner = ResidentFactory(team=world.team_a)
    HouseholdMemberFactory(household=dossier.household, resident=partner)
    SupportCaseFactory(resident=partner, household=dossier.household, team=world.team_a)
    result = run()
    assert outcomes(result) == {("case", dossier.case.pk, RetentionOutcome.ANONYMISE_CASE)}
    assert Resident.objects.get(pk=dossier.resident.pk).last_name == "Zijlstra"
    assert Household.objects.filter(pk=dossier.household.pk).exists()


def test_file_kept_for_its_household_goes_once_the_household_case_expires(world):
    dossier = expired_file(world)
    partner = ResidentFactory(team=world.team_a)
    HouseholdMemberFactory(household=dossier.household, resident=partner)
    later = closed_case(partner, closed_on=datetime.date(2015, 2, 2), household=dossier.household)
    run(today=datetime.date(2026, 1, 1))  # the partner's case runs until 2030
    assert Resident.objects.get(pk=dossier.resident.pk).last_name == "Zijlstra"
    result = run(today=later.retention_until + datetime.timedelta(days=1))
    assert {(i.unit, i.object_id) for i in result.lines.filter(outcome="erase_file")} == {
        ("resident", dossier.resident.pk),
        ("resident", partner.pk),
    }
    assert not Household.objects.filter(pk=dossier.household.pk).exists()


def test_residents_without_cases_are_not_touched(world):
    lonely = ResidentFactory(team=world.team_a)
    run()
    assert Resident.objects.get(pk=lonely.pk).last_name == lonely.last_name


# --- idempotent -----------------------------------------------------------------------------


def test_second_run_finds_nothing_more(world):
    expired_file(world)
    expired_file(world, framework=LegalFramework.DEBT, closed_on=datetime.date(2019, 1, 7))
    first = run()
    assert first.count(RetentionOutcome.ERASE_FILE) == 2
    after_first = snapshot()
    tombstones = RetentionTombstone.objects.count()
    second = run()
    assert snapshot() == after_first
    assert RetentionTombstone.objects.count() == tombstones
    assert second.counts.get("rows", {}) == {}
    assert not second.lines.exists()


def test_plan_is_empty_for_an_erased_file(world):
    dossier = expired_file(world)
    run()
    assert plan_for(TODAY, [dossier.resident.pk]) == []


# --- figures --------------------------------------------------------------------------------


def figures(world) -> dict:
    from wijkteam.dashboard import aggregates
    from wijkteam.plans.reports import progress_by_life_domain

    periods = [
        (datetime.date(2008, 1, 1), datetime.date(2008, 12, 31)),
        (datetime.date(2007, 6, 1), datetime.date(2019, 12, 31)),
        (datetime.date(2000, 1, 1), TODAY),
        (datetime.date(2026, 1, 1), TODAY),
    ]
    return {
        "per_framework": aggregates.cases_per_framework(),
        "per_framework_consented": aggregates.cases_per_framework(consented_only=True),
        "open_per_team": aggregates.open_cases_per_team(on=TODAY),
        "open_per_team_consented": aggregates.open_cases_per_team(on=TODAY, consented_only=True),
        "progress": [progress_by_life_domain(period=p) for p in periods],
        "progress_consented": [
            progress_by_life_domain(period=p, consented_only=True) for p in periods
        ],
        "progress_team_a": [
            progress_by_life_domain(team_ids=[world.team_a.pk], period=p) for p in periods
        ],
        "cases_per_team_year_framework": sorted(
            SupportCase.objects.values_list(
                "team_id", "received_on__year", "legal_framework", "closure_reason"
            )
        ),
        "contact_minutes": sorted(Contact.objects.values_list("date", "duration_minutes")),
    }


def test_figures_are_identical_before_and_after_a_run(world):
    for label, low, high in (("0-17", 0, 17), ("28-64", 28, 64), ("65+", 65, None)):
        AgeBandFactory(label=label, min_age=low, max_age=high, valid_from=datetime.date(2000, 1, 1))
    expired_file(world)
    expired_file(
        world, team=world.team_b, framework=LegalFramework.DEBT, closed_on=datetime.date(2019, 1, 7)
    )
    kept = expired_file(world)
    SupportCaseFactory(resident=kept.resident, team=world.team_a)  # open case keeps the file
    recent = ResidentFactory(team=world.team_b, date_of_birth=datetime.date(2001, 11, 20))
    fill_case(closed_case(recent, closed_on=RECENT), world.worker, world.life_domain)

    before = figures(world)
    result = run()
    assert result.count(RetentionOutcome.ERASE_FILE) == 2
    assert result.count(RetentionOutcome.ANONYMISE_CASE) == 3
    assert figures(world) == before
    assert any(row.goals for report in before["progress"] for row in report.by_age_band)


# --- other apps' rows, found at run time ------------------------------------------------------


def test_rows_of_models_without_a_rule_follow_their_on_delete(world, monkeypatch):
    """Simulate other apps' foreign keys with models whose rules are switched off: CASCADE
    rows are deleted, SET_NULL links cleared, PROTECT rows kept, many-to-many links removed."""
    from wijkteam.accounts.models import User
    from wijkteam.privacy import retention

    dossier = expired_file(world)
    monkeypatch.setattr(
        retention,
        "RULE_LABELS",
        retention.RULE_LABELS - {"residents.residentshare", "support.supportcase"},
    )
    ledger = retention.Ledger()
    applier = retention._Applier(dry_run=False, ledger=ledger, now=None)
    applier.dependents(Resident, [dossier.resident.pk], lambda pk: ("resident", pk))
    assert not ResidentShare.objects.filter(pk=dossier.share.pk).exists()  # CASCADE
    assert SupportCase.objects.filter(pk=dossier.case.pk).exists()  # PROTECT: kept
    assert ledger.kept_links["support.supportcase"] == 1
    assert ("residents.residentshare", dossier.share.pk, "deleted") in ledger.rows

    monkeypatch.setattr(retention, "RULE_LABELS", retention.RULE_LABELS - {"plans.supportplan"})
    applier.dependents(User, [world.worker.pk], lambda pk: ("case", 0))
    assert not dossier.plan.workers.exists()  # many-to-many: link removed


def test_set_null_link_of_another_part_is_cleared(world):
    """The inzage record of the AVG-rights part points at the resident with SET_NULL."""
    InzageRequest = apps.get_model("privacy", "InzageRequest")
    dossier = expired_file(world)
    inzage = InzageRequest.objects.create(
        resident=dossier.resident,
        resident_number=dossier.resident.pk,
        team=world.team_a,
        note="Opgevraagd door mevrouw Zijlstra",
        produced_by=world.worker,
        available_until=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
        pdf=b"%PDF Zijlstra",
        pdf_sha256="0" * 64,
        pdf_size=13,
        json=b"{}",
        json_sha256="0" * 64,
        json_size=2,
    )
    run()
    inzage.refresh_from_db()
    assert inzage.resident_id is None and inzage.resident_number == dossier.resident.pk
    assert bytes(inzage.pdf) == b"" and inzage.note == "" and inzage.purged_at is not None


def test_an_incident_pointing_at_the_file_does_not_stop_it(world):
    from wijkteam.incidents.tests.factories import IncidentFactory

    dossier = expired_file(world)
    incident = IncidentFactory(resident=dossier.resident)
    result = run()
    assert result.count(RetentionOutcome.ERASE_FILE) == 1
    incident.refresh_from_db()
    assert incident.resident_id is None


# --- failure and report ----------------------------------------------------------------------


def test_a_failing_batch_marks_the_run_failed_and_keeps_earlier_batches(world, monkeypatch):
    from wijkteam.privacy import retention

    first = expired_file(world)
    second = expired_file(world)
    real_apply = retention._apply_batch
    calls = []

    def failing(plans, **kwargs):
        calls.append(plans)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_apply(plans, **kwargs)

    monkeypatch.setattr(retention, "_apply_batch", failing)
    with pytest.raises(RuntimeError):
        run(batch_size=1)
    failed = RetentionRun.objects.get()
    assert failed.state == RetentionRunState.FAILED and failed.error.startswith("RuntimeError")
    assert "disk full" not in failed.error  # messages can quote data: server log only
    erased = {first.resident.pk, second.resident.pk} & set(
        RetentionTombstone.objects.filter(model="residents.resident").values_list(
            "object_id", flat=True
        )
    )
    assert len(erased) == 1
    monkeypatch.setattr(retention, "_apply_batch", real_apply)
    assert run().count(RetentionOutcome.ERASE_FILE) == 1


def test_report_items_and_tombstones_are_append_only(world):
    from wijkteam.core.models import AppendOnlyError

    expired_file(world)
    run()
    item = RetentionRunItem.objects.first()
    with pytest.raises(AppendOnlyError):
        item.save()
    with pytest.raises(AppendOnlyError):
        RetentionTombstone.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        RetentionRunItem.objects.update(rule="x")


# --- concurrency and the date rule ----------------------------------------------------------


def test_a_hold_placed_after_planning_started_is_honoured(world, monkeypatch):
    """Each batch re-plans under the row lock: a hold placed between the list of candidates
    and the batch keeps the case."""
    from wijkteam.privacy import retention

    dossier = expired_file(world)
    real_candidates = retention.candidate_resident_ids

    def candidates_then_hold(today):
        ids = real_candidates(today)
        LegalHoldFactory(case=dossier.case, placed_by=world.manager)
        return ids

    monkeypatch.setattr(retention, "candidate_resident_ids", candidates_then_hold)
    result = run()
    assert outcomes(result) == {("case", dossier.case.pk, RetentionOutcome.KEPT_LEGAL_HOLD)}
    assert Resident.objects.get(pk=dossier.resident.pk).last_name == "Zijlstra"


@given(
    closed_on=st.dates(datetime.date(1990, 1, 1), datetime.date(2030, 12, 31)),
    framework=st.sampled_from(LegalFramework.values),
    today=st.dates(datetime.date(1995, 1, 1), datetime.date(2060, 12, 31)),
    held=st.booleans(),
    restricted=st.booleans(),
)
def test_a_case_expires_exactly_the_day_after_its_retention_date(
    closed_on, framework, today, held, restricted
):
    from wijkteam.privacy.retention import _case_outcome
    from wijkteam.support.deadlines import retention_until

    until = retention_until(framework, closed_on)
    row = {
        "pk": 1,
        "resident_id": 2,
        "done": False,
        "closed_on": closed_on,
        "retention_until": until,
    }
    outcome = _case_outcome(row, today, {1} if held else set(), {2} if restricted else set())
    if today <= until:
        assert outcome is None
    elif restricted:
        assert outcome == RetentionOutcome.KEPT_RESTRICTED
    elif held:
        assert outcome == RetentionOutcome.KEPT_LEGAL_HOLD
    else:
        assert outcome == RetentionOutcome.ANONYMISE_CASE
    assert _case_outcome({**row, "done": True}, today, set(), set()) is None
