"""Incident deadlines: working days with Dutch (Atw) holidays, stored when they start."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkteam.core.workingdays import is_working_day, working_days_between
from wijkteam.incidents import deadlines, services
from wijkteam.incidents.choices import AftercareOutcome
from wijkteam.incidents.tests.helpers import CALAMITY_STEP_DATA, D, report
from wijkteam.incidents.workflow import CalamityState, IncidentState


@pytest.mark.parametrize(
    ("reported_on", "due_on", "why"),
    [
        (D(2026, 11, 23), D(2026, 11, 25), "Monday: two plain working days"),
        (D(2026, 11, 27), D(2026, 12, 1), "Friday: the weekend does not count"),
        (
            D(2026, 4, 2),
            D(2026, 4, 7),
            "Thursday before Easter: Good Friday counts, Easter Monday not",
        ),
        (D(2026, 4, 24), D(2026, 4, 29), "Friday before King's Day (Monday 27 April 2026)"),
        (
            D(2026, 5, 4),
            D(2026, 5, 7),
            "Liberation Day (Tuesday 5 May) is an Atw holiday every year",
        ),
        (D(2026, 5, 13), D(2026, 5, 18), "Ascension Day (Thursday 14 May 2026)"),
        (D(2026, 12, 24), D(2026, 12, 29), "Christmas: 25 and 26 December"),
        (D(2026, 11, 28), D(2026, 12, 1), "a report on Saturday counts from Monday"),
    ],
)
def test_aftercare_is_due_two_working_days_after_the_report(reported_on, due_on, why):
    assert deadlines.aftercare_deadline(reported_on, 2).due_on == due_on, why


@pytest.mark.parametrize(
    ("decided_on", "due_on"),
    [
        (D(2026, 11, 24), D(2026, 11, 27)),  # Tuesday -> Friday
        (D(2026, 11, 26), D(2026, 12, 1)),  # Thursday -> Tuesday
        (D(2027, 3, 25), D(2027, 3, 31)),  # Thursday before Easter 2027 (Easter Monday 29 March)
        (D(2027, 4, 23), D(2027, 4, 29)),  # Friday before King's Day, Tuesday 27 April 2027
    ],
)
def test_a_calamity_report_is_due_three_working_days_after_the_decision(decided_on, due_on):
    assert deadlines.calamity_report_deadline(decided_on, 3).due_on == due_on


@given(
    day=st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2032, 12, 31)),
    days=st.integers(min_value=1, max_value=15),
)
@settings(max_examples=300)
def test_every_deadline_is_a_working_day_exactly_n_working_days_later(day, days):
    for rule in (deadlines.aftercare_deadline, deadlines.calamity_report_deadline):
        due = rule(day, days).due_on
        assert is_working_day(due)
        assert due > day
        assert working_days_between(day, due) == days
        assert f"{days} working days" in rule(day, days).computed_with


@pytest.mark.django_db
def test_the_aftercare_deadline_is_stored_when_the_incident_is_reported(world, clock, settings):
    clock.today = D(2026, 4, 24)
    incident = report(world, occurred_on=D(2026, 4, 23))
    assert incident.reported_on == D(2026, 4, 24)
    assert incident.aftercare_due_on == D(2026, 4, 29)
    assert "2 working days" in incident.aftercare_computed_with
    # A later change of the setting leaves stored deadlines as they are.
    settings.INCIDENT_AFTERCARE_WORKING_DAYS = 5
    incident.refresh_from_db()
    assert incident.aftercare_due_on == D(2026, 4, 29)
    later = report(world, occurred_on=D(2026, 4, 24))
    assert later.aftercare_due_on == D(2026, 5, 4)  # 27/4 and the weekend skipped


@pytest.mark.django_db
def test_the_calamity_report_deadline_is_stored_when_decided(world, clock, settings):
    clock.today = D(2026, 4, 2)
    incident = report(world, category=6, occurred_on=D(2026, 4, 1))
    calamity = incident.calamity
    assert calamity.report_due_on is None
    services.transition_calamity(
        calamity, CalamityState.CALAMITY, actor=world.quality, **CALAMITY_STEP_DATA
    )
    calamity.refresh_from_db()
    # Thursday 2 April 2026: Good Friday (1), Easter Monday skipped, Tuesday (2), Wednesday (3).
    assert calamity.report_due_on == D(2026, 4, 8)
    assert "3 working days" in calamity.report_computed_with
    settings.CALAMITY_REPORT_WORKING_DAYS = 10
    calamity.refresh_from_db()
    assert calamity.report_due_on == D(2026, 4, 8)


@pytest.mark.django_db
def test_aftercare_status_on_time_late_and_overdue(world, clock):
    clock.today = D(2026, 11, 23)
    on_time = report(world, occurred_on=D(2026, 11, 23))
    late = report(world, occurred_on=D(2026, 11, 23))
    open_ = report(world, occurred_on=D(2026, 11, 23))
    assert on_time.aftercare_due_on == D(2026, 11, 25)
    clock.today = D(2026, 11, 25)
    services.transition_incident(
        on_time, IncidentState.AFTERCARE_DONE, actor=world.manager, outcome=AftercareOutcome.HELD
    )
    clock.today = D(2026, 11, 27)
    services.transition_incident(
        late, IncidentState.AFTERCARE_DONE, actor=world.manager, outcome=AftercareOutcome.HELD
    )
    on_time.refresh_from_db()
    late.refresh_from_db()
    assert on_time.aftercare_status() == "met"
    assert late.aftercare_status() == "met_late"
    assert open_.aftercare_status() == "overdue"
    assert open_.aftercare_status(D(2026, 11, 24)) == "due_soon"
    from wijkteam.incidents.models import Incident

    assert list(Incident.objects.aftercare_overdue(D(2026, 11, 27))) == [open_]
    assert list(Incident.objects.aftercare_overdue(D(2026, 11, 25))) == []
    assert set(Incident.objects.aftercare_late()) == {late}
