"""Every status x status pair of a goal evaluation: allowed exactly when the table says so."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import translation

import pytest

from wijkteam.plans import services
from wijkteam.plans.models import Goal, GoalEvaluation
from wijkteam.plans.workflow import FINAL_STATUSES, TRANSITIONS, GoalStatus

pytestmark = pytest.mark.django_db

PAIRS = [(source, target) for source in GoalStatus.values for target in GoalStatus.values]


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_evaluation_moves_a_goal_exactly_as_the_table_allows(world, source, target):
    goal = world.goal_a
    Goal.objects.filter(pk=goal.pk).update(status=source)
    goal.refresh_from_db()
    allowed = target in TRANSITIONS[source]
    kwargs = {
        "actor": world.worker,
        "goal": goal,
        "evaluated_on": goal.started_on + datetime.timedelta(days=1),
        "status_after": target,
        "score": 3,
        "result": "Evaluatie",
    }
    if allowed:
        evaluation = services.evaluate_goal(**kwargs)
        goal.refresh_from_db()
        assert goal.status == target
        assert (evaluation.status_before, evaluation.status_after) == (source, target)
        assert (goal.ended_on is not None) == (target in FINAL_STATUSES)
    else:
        with translation.override("nl"), pytest.raises(ValidationError) as exc:
            services.evaluate_goal(**kwargs)
        assert "kan bij een evaluatie niet de status" in " ".join(
            exc.value.message_dict["status_after"]
        )
        assert not GoalEvaluation.objects.filter(goal=goal).exists()
        goal.refresh_from_db()
        assert goal.status == source


def test_no_evaluation_can_put_a_goal_back_to_new():
    assert all(GoalStatus.NEW not in targets for targets in TRANSITIONS.values())


def test_every_status_is_in_the_table():
    assert set(TRANSITIONS) == set(GoalStatus.values)
