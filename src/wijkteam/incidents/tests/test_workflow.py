"""The incident workflows: the three tables, their requirements, permissions and history."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

import pytest

from wijkteam.core.models import AppendOnlyError
from wijkteam.core.services import ConflictError
from wijkteam.incidents import services, workflow
from wijkteam.incidents.choices import AftercareOutcome, EventKind
from wijkteam.incidents.models import Calamity, CareNeed, IncidentEvent
from wijkteam.incidents.tests.factories import FollowUpActionFactory
from wijkteam.incidents.tests.helpers import (
    CALAMITY_STEP_DATA,
    TODAY,
    D,
    calamity_in,
    incident_in,
    report,
)
from wijkteam.incidents.workflow import (
    CALAMITY_TRANSITIONS,
    CARE_NEED_TRANSITIONS,
    TRANSITIONS,
    CalamityState,
    CareNeedStatus,
    IncidentState,
)

pytestmark = pytest.mark.django_db

STATES = IncidentState.values
CALAMITY_STATES = CalamityState.values
CARE_STATES = CareNeedStatus.values


def messages_of(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- The tables themselves -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "states"),
    [
        (TRANSITIONS, STATES),
        (CALAMITY_TRANSITIONS, CALAMITY_STATES),
        (CARE_NEED_TRANSITIONS, CARE_STATES),
    ],
)
def test_every_state_has_a_row_and_targets_are_states(table, states):
    assert set(table) == set(states)
    assert all(targets <= set(states) for targets in table.values())


def test_the_only_self_transition_is_rescheduling_the_aftercare():
    loops = [s for s in STATES if s in TRANSITIONS[s]]
    assert loops == [IncidentState.AFTERCARE_PLANNED]
    assert workflow.requirement(
        IncidentState.AFTERCARE_PLANNED, IncidentState.AFTERCARE_PLANNED
    ).reason
    assert not [s for s in CALAMITY_STATES if s in CALAMITY_TRANSITIONS[s]]
    assert not [s for s in CARE_STATES if s in CARE_NEED_TRANSITIONS[s]]


def test_every_allowed_transition_has_exactly_one_requirement_row():
    pairs = {(a, b) for a, targets in TRANSITIONS.items() for b in targets}
    assert pairs == set(workflow.REQUIREMENTS)
    pairs = {(a, b) for a, targets in CALAMITY_TRANSITIONS.items() for b in targets}
    assert pairs == set(workflow.CALAMITY_REQUIREMENTS)


def test_closing_always_requires_nothing_open_and_the_close_permission():
    for from_state, targets in TRANSITIONS.items():
        if IncidentState.CLOSED in targets:
            needs = workflow.requirement(from_state, IncidentState.CLOSED)
            assert needs.nothing_open and needs.permission == "incidents.close_incident"


@pytest.mark.parametrize(
    ("table", "start"),
    [
        (TRANSITIONS, IncidentState.REPORTED),
        (CALAMITY_TRANSITIONS, CalamityState.TO_ASSESS),
        (CARE_NEED_TRANSITIONS, CareNeedStatus.OPEN),
    ],
)
def test_every_state_is_reachable_from_the_first(table, start):
    seen, todo = {start}, [start]
    while todo:
        for target in table[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    assert seen == set(table)


# --- The incident matrix, through the service ------------------------------------------------


def step_data(from_state, to_state):
    return {
        "planned_on": TODAY,
        "outcome": AftercareOutcome.HELD,
        "reason": "Nieuwe informatie van de medewerker.",
        "note": "Gesprek gevoerd, medewerker gaat weer aan het werk.",
    }


@pytest.mark.parametrize("to_state", STATES)
@pytest.mark.parametrize("from_state", STATES)
def test_incident_transition_is_allowed_exactly_when_the_table_says_so(world, from_state, to_state):
    incident = incident_in(from_state, world)
    history = IncidentEvent.objects.filter(incident=incident).count()
    version = incident.version
    if to_state in TRANSITIONS[from_state]:
        services.transition_incident(
            incident, to_state, actor=world.manager, **step_data(from_state, to_state)
        )
        incident.refresh_from_db()
        assert (incident.state, incident.version) == (to_state, version + 1)
        last = IncidentEvent.objects.filter(incident=incident).order_by("-id").first()
        assert (last.kind, last.from_state, last.to_state, last.actor) == (
            EventKind.STATE_CHANGED,
            from_state,
            to_state,
            world.manager,
        )
        assert IncidentEvent.objects.filter(incident=incident).count() == history + 1
    else:
        with translation.override("nl"), pytest.raises(ValidationError) as exc:
            services.transition_incident(
                incident, to_state, actor=world.manager, **step_data(from_state, to_state)
            )
        assert "kan niet van" in messages_of(exc.value)
        incident.refresh_from_db()
        assert (incident.state, incident.version) == (from_state, version)
        assert IncidentEvent.objects.filter(incident=incident).count() == history


@pytest.mark.parametrize(
    ("from_state", "to_state"),
    [(a, b) for a, targets in TRANSITIONS.items() for b in sorted(targets)],
)
@pytest.mark.parametrize("role", ["sociaal_werker", "kwaliteitsmedewerker"])
def test_only_a_holder_of_the_transitions_permission_may_take_it(world, role, from_state, to_state):
    incident = incident_in(from_state, world)
    with pytest.raises(PermissionDenied):
        services.transition_incident(
            incident, to_state, actor=world.users[role], **step_data(from_state, to_state)
        )
    incident.refresh_from_db()
    assert incident.state == from_state


# --- Requirements of single incident transitions ---------------------------------------------


def test_planning_needs_a_date_not_before_the_report(world):
    incident = report(world)
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        services.transition_incident(incident, IncidentState.AFTERCARE_PLANNED, actor=world.manager)
    assert "planned_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.transition_incident(
            incident,
            IncidentState.AFTERCARE_PLANNED,
            actor=world.manager,
            planned_on=D(2026, 11, 20),
        )
    assert "planned_on" in exc.value.message_dict
    incident.refresh_from_db()
    assert incident.state == IncidentState.REPORTED


def test_rescheduling_needs_a_reason_and_records_the_new_date(world):
    incident = incident_in(IncidentState.AFTERCARE_PLANNED, world)
    with pytest.raises(ValidationError) as exc:
        services.transition_incident(
            incident,
            IncidentState.AFTERCARE_PLANNED,
            actor=world.manager,
            planned_on=D(2026, 12, 1),
        )
    assert "reason" in exc.value.message_dict
    services.transition_incident(
        incident,
        IncidentState.AFTERCARE_PLANNED,
        actor=world.manager,
        planned_on=D(2026, 12, 1),
        reason="Medewerker ziek",
    )
    incident.refresh_from_db()
    assert incident.aftercare_planned_on == D(2026, 12, 1)


def test_confirming_aftercare_stores_date_outcome_and_manager(world):
    incident = report(world, occurred_on=D(2026, 11, 25))
    services.transition_incident(
        incident,
        IncidentState.AFTERCARE_DONE,
        actor=world.manager,
        on=D(2026, 11, 26),
        outcome=AftercareOutcome.DECLINED,
        note="Medewerker wil geen gesprek, weet de weg.",
    )
    incident.refresh_from_db()
    assert incident.aftercare_done_on == D(2026, 11, 26)
    assert incident.aftercare_outcome == AftercareOutcome.DECLINED
    assert incident.aftercare_by == world.manager


def test_confirming_aftercare_needs_an_outcome_and_a_date_not_in_the_future(world):
    incident = report(world)
    with pytest.raises(ValidationError) as exc:
        services.transition_incident(
            incident, IncidentState.AFTERCARE_DONE, actor=world.manager, on=D(2026, 11, 30)
        )
    assert {"outcome", "on"} <= set(exc.value.message_dict)


def test_nothing_closes_with_an_open_follow_up_action(world):
    incident = incident_in(IncidentState.AFTERCARE_DONE, world)
    FollowUpActionFactory(
        incident=incident, owner=world.manager, created_by=world.manager, due_on=D(2026, 12, 4)
    )
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        services.transition_incident(incident, IncidentState.CLOSED, actor=world.manager)
    assert "vervolgactie" in messages_of(exc.value)
    incident.refresh_from_db()
    assert incident.state == IncidentState.AFTERCARE_DONE


@pytest.mark.parametrize(
    "state",
    [
        CalamityState.TO_ASSESS,
        CalamityState.CALAMITY,
        CalamityState.REPORTED,
        CalamityState.INVESTIGATED,
    ],
)
def test_nothing_closes_with_an_open_calamity_procedure(world, state):
    calamity = calamity_in(state, world)
    incident = calamity.incident
    services.transition_incident(
        incident, IncidentState.AFTERCARE_DONE, actor=world.manager, outcome=AftercareOutcome.HELD
    )
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        services.transition_incident(incident, IncidentState.CLOSED, actor=world.manager)
    assert "calamiteit" in messages_of(exc.value).lower()


@pytest.mark.parametrize("state", [CalamityState.NOT_CALAMITY, CalamityState.CLOSED])
def test_a_finished_calamity_procedure_lets_the_incident_close(world, state):
    incident = calamity_in(state, world).incident
    services.transition_incident(
        incident, IncidentState.AFTERCARE_DONE, actor=world.manager, outcome=AftercareOutcome.HELD
    )
    services.transition_incident(incident, IncidentState.CLOSED, actor=world.manager)
    incident.refresh_from_db()
    assert incident.closed_on == TODAY


def test_reopening_needs_a_reason_and_clears_the_closing_date(world):
    incident = incident_in(IncidentState.CLOSED, world)
    with pytest.raises(ValidationError):
        services.transition_incident(incident, IncidentState.AFTERCARE_DONE, actor=world.manager)
    services.transition_incident(
        incident, IncidentState.AFTERCARE_DONE, actor=world.manager, reason="Nieuwe klachten"
    )
    incident.refresh_from_db()
    assert (incident.state, incident.closed_on) == (IncidentState.AFTERCARE_DONE, None)
    assert incident.aftercare_done_on == TODAY  # the aftercare stays confirmed


def test_a_stale_version_is_refused_and_saves_nothing(world):
    incident = report(world)
    with translation.override("nl"), pytest.raises(ConflictError) as exc:
        services.transition_incident(
            incident,
            IncidentState.AFTERCARE_DONE,
            actor=world.manager,
            outcome=AftercareOutcome.HELD,
            expected_version=incident.version + 1,
        )
    assert "iemand anders" in messages_of(exc.value).lower()
    incident.refresh_from_db()
    assert incident.state == IncidentState.REPORTED


def test_history_is_append_only(world):
    incident = report(world)
    event = IncidentEvent.objects.filter(incident=incident).first()
    event.note = "gewijzigd"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        IncidentEvent.objects.filter(incident=incident).update(note="x")
    with pytest.raises(AppendOnlyError):
        IncidentEvent.objects.filter(incident=incident).delete()


# --- The calamity matrix ---------------------------------------------------------------------


@pytest.mark.parametrize("to_state", CALAMITY_STATES)
@pytest.mark.parametrize("from_state", CALAMITY_STATES)
def test_calamity_transition_is_allowed_exactly_when_the_table_says_so(world, from_state, to_state):
    calamity = calamity_in(from_state, world)
    history = IncidentEvent.objects.filter(incident=calamity.incident).count()
    if to_state in CALAMITY_TRANSITIONS[from_state]:
        services.transition_calamity(calamity, to_state, actor=world.quality, **CALAMITY_STEP_DATA)
        calamity.refresh_from_db()
        assert calamity.state == to_state
        last = IncidentEvent.objects.filter(incident=calamity.incident).order_by("-id").first()
        assert (last.kind, last.from_state, last.to_state) == (
            EventKind.CALAMITY,
            from_state,
            to_state,
        )
        assert IncidentEvent.objects.filter(incident=calamity.incident).count() == history + 1
    else:
        with translation.override("nl"), pytest.raises(ValidationError) as exc:
            services.transition_calamity(
                calamity, to_state, actor=world.quality, **CALAMITY_STEP_DATA
            )
        assert "kan niet van" in messages_of(exc.value)
        calamity.refresh_from_db()
        assert calamity.state == from_state
        assert IncidentEvent.objects.filter(incident=calamity.incident).count() == history


@pytest.mark.parametrize(
    ("from_state", "to_state"),
    [(a, b) for a, targets in CALAMITY_TRANSITIONS.items() for b in sorted(targets)],
)
@pytest.mark.parametrize("role", ["sociaal_werker", "teammanager"])
def test_only_quality_staff_move_the_calamity_procedure(world, role, from_state, to_state):
    calamity = calamity_in(from_state, world)
    with pytest.raises(PermissionDenied):
        services.transition_calamity(
            calamity, to_state, actor=world.users[role], **CALAMITY_STEP_DATA
        )


@pytest.mark.parametrize(
    ("to_state", "missing", "field"),
    [
        (CalamityState.CALAMITY, "reason", "reason"),
        (CalamityState.NOT_CALAMITY, "reason", "reason"),
    ],
)
def test_a_decision_needs_a_reason(world, to_state, missing, field):
    calamity = calamity_in(CalamityState.TO_ASSESS, world)
    data = {**CALAMITY_STEP_DATA, missing: "  "}
    with pytest.raises(ValidationError) as exc:
        services.transition_calamity(calamity, to_state, actor=world.quality, **data)
    assert field in exc.value.message_dict
    calamity.refresh_from_db()
    assert (calamity.state, calamity.decided_on) == (CalamityState.TO_ASSESS, None)


def test_the_report_needs_the_authority_and_the_investigation_a_summary(world):
    calamity = calamity_in(CalamityState.CALAMITY, world)
    with pytest.raises(ValidationError) as exc:
        services.transition_calamity(calamity, CalamityState.REPORTED, actor=world.quality)
    assert "reported_to" in exc.value.message_dict
    services.transition_calamity(
        calamity,
        CalamityState.REPORTED,
        actor=world.quality,
        reported_to="GGD Fryslân",
        reference="X-1",
    )
    with pytest.raises(ValidationError) as exc:
        services.transition_calamity(calamity, CalamityState.INVESTIGATED, actor=world.quality)
    assert "summary" in exc.value.message_dict
    calamity.refresh_from_db()
    assert (calamity.reported_on, calamity.reported_to, calamity.reference) == (
        TODAY,
        "GGD Fryslân",
        "X-1",
    )


def test_categories_5_and_6_are_flagged_when_reported_others_not(world):
    for category in range(1, 7):
        incident = report(world, category=category)
        flagged = Calamity.objects.filter(incident=incident).exists()
        assert flagged is (category >= 5), category


def test_raising_the_category_to_5_flags_the_incident(world):
    incident = report(world, category=3)
    incident.category = 5
    services.update_incident(actor=world.manager, incident=incident, expected_version=1)
    calamity = Calamity.objects.get(incident=incident)
    assert calamity.state == CalamityState.TO_ASSESS
    assert calamity.flagged_by == world.manager


def test_quality_staff_flag_a_lower_category_once(world):
    incident = report(world, category=4)
    with pytest.raises(PermissionDenied):
        services.flag_calamity(actor=world.manager, incident=incident, reason="x")
    services.flag_calamity(actor=world.quality, incident=incident, reason="Wapen getoond")
    with translation.override("nl"), pytest.raises(ValidationError):
        services.flag_calamity(actor=world.quality, incident=incident, reason="nogmaals")
    assert Calamity.objects.filter(incident=incident).count() == 1


# --- Care needs ------------------------------------------------------------------------------


def care_need_in(status, world):
    incident = report(world, category=4)
    need = CareNeed(
        incident=incident,
        person_description="Agressor",
        follow_up_on=D(2026, 12, 11),
        referral_to="GGZ",
        status=CareNeedStatus.OPEN,
    )
    services.record_care_need(actor=world.manager, care_need=need)
    path = {
        CareNeedStatus.OPEN: [],
        CareNeedStatus.REFERRED: [CareNeedStatus.REFERRED],
        CareNeedStatus.IN_CARE: [CareNeedStatus.REFERRED, CareNeedStatus.IN_CARE],
        CareNeedStatus.CLOSED: [CareNeedStatus.CLOSED],
    }[status]
    for to in path:
        previous = need.status
        need.status = to
        services.update_care_need(
            actor=world.manager,
            care_need=need,
            previous_status=previous,
            expected_version=need.version,
        )
    need.refresh_from_db()
    return need


@pytest.mark.parametrize("to_state", CARE_STATES)
@pytest.mark.parametrize("from_state", CARE_STATES)
def test_care_need_status_follows_its_table(world, from_state, to_state):
    need = care_need_in(from_state, world)
    need.status = to_state
    allowed = to_state == from_state or to_state in CARE_NEED_TRANSITIONS[from_state]
    if allowed:
        services.update_care_need(
            actor=world.manager,
            care_need=need,
            previous_status=from_state,
            expected_version=need.version,
        )
        need.refresh_from_db()
        assert need.status == to_state
    else:
        with translation.override("nl"), pytest.raises(ValidationError) as exc:
            services.update_care_need(
                actor=world.manager,
                care_need=need,
                previous_status=from_state,
                expected_version=need.version,
            )
        assert "status" in exc.value.message_dict
        need.refresh_from_db()
        assert need.status == from_state


def test_every_write_is_in_the_audit_trail_with_its_actor(world):
    from auditlog.models import LogEntry

    incident = report(world, category=5, staff=[world.worker])
    services.transition_incident(
        incident, IncidentState.AFTERCARE_DONE, actor=world.manager, outcome=AftercareOutcome.HELD
    )
    entries = LogEntry.objects.get_for_object(incident).order_by("timestamp", "pk")
    assert [e.actor for e in entries] == [world.worker, world.worker, world.manager]
    assert LogEntry.objects.get_for_object(incident.calamity).get().actor == world.worker
    event = IncidentEvent.objects.filter(incident=incident).first()
    assert LogEntry.objects.get_for_object(event).get().actor == world.worker
