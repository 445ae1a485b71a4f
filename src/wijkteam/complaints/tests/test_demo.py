"""Demo complaints: a year in the seed proportions, with every open situation present."""

import datetime
import random

import pytest

from wijkteam.complaints import demo
from wijkteam.complaints.choices import Outcome
from wijkteam.complaints.models import Complaint, ComplaintEvent
from wijkteam.complaints.tests.helpers import TODAY
from wijkteam.complaints.workflow import ComplaintState

S = ComplaintState


def test_categories_are_allocated_in_the_seed_proportions():
    labels = demo._allocate(12, demo.CATEGORY_WEIGHTS)
    assert (
        labels.count("avg-gegevensdeling"),
        labels.count("ketensamenwerking"),
        labels.count("agressie-verbaal"),
    ) == (4, 2, 6)
    assert len(demo._allocate(7, demo.CATEGORY_WEIGHTS)) == 7


def test_the_plan_is_deterministic():
    first = demo._plan(random.Random("x"), 12, TODAY)
    second = demo._plan(random.Random("x"), 12, TODAY)
    assert [(s.received_on, s.state) for s in first] == [(s.received_on, s.state) for s in second]


@pytest.mark.django_db
def test_write_demo_gives_a_year_with_every_situation(world):
    lines = []
    counts = demo.write_demo(seed=7, scale=0.02, today=TODAY, progress=lines.append)
    complaints = list(Complaint.objects.all())
    assert counts["complaints"] == len(complaints) == 12
    for complaint in complaints:
        complaint.full_clean()  # every row is valid as the services would store it
        assert complaint.received_on <= TODAY
        assert complaint.received_on >= TODAY - datetime.timedelta(days=372)
    states = [c.state for c in complaints]
    assert states.count(S.RECEIVED) == 2
    assert {S.ACKNOWLEDGED, S.IN_HANDLING, S.COMMITTEE, S.DECIDED, S.CLOSED} <= set(states)
    judged = {c.outcome for c in complaints if c.outcome}
    assert judged == {Outcome.UNFOUNDED}  # all six of 2023 were unfounded
    assert Complaint.objects.acknowledgement_overdue(TODAY).count() == 1
    assert Complaint.objects.decision_overdue(TODAY).count() == 1
    assert Complaint.objects.exclude(extended_decide_by=None).count() == 1
    assert Complaint.objects.exclude(committee_on=None).count() == 1
    codes = [c.category.code for c in complaints]
    assert codes.count("agressie-verbaal") == 6
    # History: one row per step, starting with the receipt.
    for complaint in complaints:
        first = ComplaintEvent.objects.filter(complaint=complaint).order_by("at", "id").first()
        assert first.to_state == S.RECEIVED
    assert any("complaints" in line for line in lines)


@pytest.mark.django_db
def test_demo_complaints_are_visible_per_scope(world):
    demo.write_demo(seed=7, scale=1, today=TODAY, progress=None)
    assert Complaint.objects.visible_for(world.quality).count() == 12
    assert Complaint.objects.visible_for(world.municipality).count() == 0
