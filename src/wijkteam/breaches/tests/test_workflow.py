"""The breach workflow: the transition table, its requirements, history and concurrency."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import translation

import pytest
from auditlog.models import LogEntry

from wijkteam.breaches import services, workflow
from wijkteam.breaches.choices import RiskLevel
from wijkteam.breaches.models import BreachTransition, DataBreach
from wijkteam.breaches.tests.helpers import DISCOVERED, STEP_DATA, breach_in, report
from wijkteam.breaches.workflow import TRANSITIONS, BreachState
from wijkteam.core.models import AppendOnlyError
from wijkteam.core.services import ConflictError

pytestmark = pytest.mark.django_db

STATES = BreachState.values


def test_every_state_has_a_row_in_the_table():
    assert set(TRANSITIONS) == set(STATES)
    assert all(targets <= set(STATES) for targets in TRANSITIONS.values())


def test_only_reassessment_moves_to_itself():
    assert [s for s in STATES if s in TRANSITIONS[s]] == [BreachState.ASSESSED]


def test_closed_is_final_and_every_state_is_reachable():
    assert TRANSITIONS[BreachState.CLOSED] == frozenset()
    seen, todo = {workflow.INITIAL_STATE}, [workflow.INITIAL_STATE]
    while todo:
        for target in TRANSITIONS[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    assert seen == set(STATES)


def test_requirements_only_name_transitions_of_the_table():
    for pair in workflow.REQUIREMENTS:
        assert workflow.is_allowed(*pair)


def test_the_ap_decision_is_taken_only_from_assessed():
    into_decision = {
        (f, t)
        for f, targets in TRANSITIONS.items()
        for t in targets
        if t in (BreachState.NOTIFIED, BreachState.NOT_NOTIFIED) and f in workflow.UNDECIDED_STATES
    }
    assert into_decision == {
        (BreachState.ASSESSED, BreachState.NOTIFIED),
        (BreachState.ASSESSED, BreachState.NOT_NOTIFIED),
    }


@pytest.mark.parametrize("to_state", STATES)
@pytest.mark.parametrize("from_state", STATES)
def test_transition_is_allowed_exactly_when_the_table_says_so(world, from_state, to_state):
    breach = breach_in(from_state, world)
    history = BreachTransition.objects.filter(breach=breach).count()
    version = breach.version
    if to_state in TRANSITIONS[from_state]:
        services.transition_breach(breach, to_state, actor=world.quality, **STEP_DATA)
        stored = DataBreach.objects.get(pk=breach.pk)
        assert (stored.state, stored.version) == (to_state, version + 1)
        last = BreachTransition.objects.filter(breach=breach).order_by("-id").first()
        assert (last.from_state, last.to_state, last.actor) == (from_state, to_state, world.quality)
        assert BreachTransition.objects.filter(breach=breach).count() == history + 1
    else:
        with translation.override("nl"), pytest.raises(ValidationError) as exc:
            services.transition_breach(breach, to_state, actor=world.quality, **STEP_DATA)
        assert "kan niet van" in " ".join(exc.value.messages)
        stored = DataBreach.objects.get(pk=breach.pk)
        assert (stored.state, stored.version) == (from_state, version)
        assert BreachTransition.objects.filter(breach=breach).count() == history


def _refused(breach, to, world, field, **data):
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        services.transition_breach(breach, to, actor=world.quality, **data)
    assert field in exc.value.message_dict, exc.value.message_dict
    stored = DataBreach.objects.get(pk=breach.pk)
    assert (stored.state, stored.version) == (breach.state, breach.version)
    return " ".join(exc.value.message_dict[field])


def test_assessment_needs_a_risk_level_and_a_rationale(world):
    breach = report(world)
    assert "risico" in _refused(breach, BreachState.ASSESSED, world, "risk_level")
    assert "Licht" in _refused(
        breach, BreachState.ASSESSED, world, "risk_rationale", risk_level=RiskLevel.RISK
    )


def test_assessment_records_who_when_and_what(world):
    breach = report(world)
    services.transition_breach(
        breach,
        BreachState.ASSESSED,
        actor=world.quality,
        risk_level=RiskLevel.HIGH,
        risk_rationale="BSN en schuldgegevens van 40 inwoners.",
    )
    breach.refresh_from_db()
    assert (breach.risk_level, breach.assessed_by) == (RiskLevel.HIGH, world.quality)
    assert breach.assessed_at is not None


def test_not_notifying_is_refused_when_the_breach_is_a_risk(world):
    breach = breach_in(BreachState.ASSESSED, world, risk_level=RiskLevel.RISK)
    message = _refused(
        breach, BreachState.NOT_NOTIFIED, world, "to", **STEP_DATA | {"risk_level": None}
    )
    assert "gemeld" in message


def test_not_notifying_needs_a_reason(world):
    breach = breach_in(BreachState.ASSESSED, world)
    assert _refused(breach, BreachState.NOT_NOTIFIED, world, "no_notification_reason")


def test_notification_needs_time_and_reference(world):
    breach = breach_in(BreachState.ASSESSED, world, risk_level=RiskLevel.RISK)
    assert _refused(breach, BreachState.NOTIFIED, world, "ap_notified_at", ap_reference="X")
    assert _refused(
        breach,
        BreachState.NOTIFIED,
        world,
        "ap_reference",
        ap_notified_at=DISCOVERED + datetime.timedelta(hours=1),
    )


def test_notification_before_discovery_is_refused(world):
    breach = breach_in(BreachState.ASSESSED, world, risk_level=RiskLevel.RISK)
    message = _refused(
        breach,
        BreachState.NOTIFIED,
        world,
        "ap_notified_at",
        ap_notified_at=DISCOVERED - datetime.timedelta(minutes=1),
        ap_reference="AP-1",
    )
    assert "ontdekking" in message


def test_late_notification_needs_the_reason_for_the_delay(world):
    breach = breach_in(BreachState.ASSESSED, world, risk_level=RiskLevel.RISK)
    late = DISCOVERED + datetime.timedelta(hours=72, minutes=1)
    assert "72 uur" in _refused(
        breach,
        BreachState.NOTIFIED,
        world,
        "ap_delay_reason",
        ap_notified_at=late,
        ap_reference="AP-1",
    )
    services.transition_breach(
        breach,
        BreachState.NOTIFIED,
        actor=world.quality,
        ap_notified_at=late,
        ap_reference="AP-1",
        ap_delay_reason="Pas na het weekend bleek dat het om BSN's ging.",
    )
    breach.refresh_from_db()
    assert breach.notified_late
    assert breach.ap_delay_reason


def test_notification_exactly_at_the_deadline_is_in_time(world):
    breach = breach_in(BreachState.ASSESSED, world, risk_level=RiskLevel.RISK)
    services.transition_breach(
        breach,
        BreachState.NOTIFIED,
        actor=world.quality,
        ap_notified_at=breach.ap_deadline,
        ap_reference="AP-2",
    )
    breach.refresh_from_db()
    assert not breach.notified_late


def test_closing_needs_the_measures(world):
    breach = breach_in(BreachState.NOT_NOTIFIED, world)
    assert "maatregelen" in _refused(breach, BreachState.CLOSED, world, "measures", measures="  ")


def test_closing_a_high_risk_breach_needs_the_persons_informed_or_a_reason(world):
    breach = breach_in(BreachState.NOTIFIED, world, risk_level=RiskLevel.HIGH)
    assert _refused(breach, BreachState.CLOSED, world, "persons_notified_at", measures="Gedaan.")
    services.transition_breach(
        breach,
        BreachState.CLOSED,
        actor=world.quality,
        measures="Gedaan.",
        persons_not_notified_reason="Gegevens waren versleuteld (AVG art. 34 lid 3a).",
    )
    breach.refresh_from_db()
    assert breach.state == BreachState.CLOSED
    assert breach.closed_at is not None


def test_history_is_append_only(world):
    breach = breach_in(BreachState.ASSESSED, world)
    row = BreachTransition.objects.filter(breach=breach).first()
    row.reason = "changed"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        BreachTransition.objects.filter(breach=breach).update(reason="x")
    with pytest.raises(AppendOnlyError):
        BreachTransition.objects.filter(breach=breach).delete()


def test_stale_version_is_refused_and_saves_nothing(world):
    breach = report(world)
    with pytest.raises(ConflictError):
        services.transition_breach(
            breach, BreachState.ASSESSED, actor=world.quality, expected_version=99, **STEP_DATA
        )
    assert DataBreach.objects.get(pk=breach.pk).state == BreachState.REPORTED


def test_editing_a_closed_breach_is_refused(world):
    breach = breach_in(BreachState.CLOSED, world)
    breach.description = "Toch nog iets"
    with pytest.raises(ValidationError):
        services.update_breach(actor=world.quality, breach=breach, expected_version=breach.version)


def test_concurrent_edit_is_refused(world):
    breach = report(world)
    first = DataBreach.objects.get(pk=breach.pk)
    second = DataBreach.objects.get(pk=breach.pk)
    first.measures = "A"
    services.update_breach(actor=world.quality, breach=first, expected_version=first.version - 0)
    second.measures = "B"
    with pytest.raises(ConflictError):
        services.update_breach(actor=world.quality, breach=second, expected_version=1)
    assert DataBreach.objects.get(pk=breach.pk).measures == "A"


def test_every_change_is_in_the_audit_trail_with_the_actor(world):
    breach = breach_in(BreachState.ASSESSED, world)
    entries = LogEntry.objects.get_for_object(breach)
    assert entries.filter(actor=world.worker).exists()  # reported
    assert entries.filter(actor=world.quality).exists()  # assessed
