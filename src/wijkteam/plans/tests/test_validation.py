"""Goals, scores, evaluations and plans are validated with clear Dutch messages; a refused
write saves nothing."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import translation

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijkteam.plans import services
from wijkteam.plans.models import AgeBand, Goal, GoalEvaluation, SupportPlan
from wijkteam.plans.tests.factories import AgeBandFactory, LifeDomainFactory
from wijkteam.plans.workflow import GoalStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def messages(exc: ValidationError, field: str) -> str:
    return " ".join(exc.message_dict[field])


def new_goal(world, **kwargs):
    values = {
        "plan": world.plan_a,
        "life_domain": world.life_domain,
        "title": "Administratie op orde",
        "started_on": world.plan_a.started_on,
        "evaluation_due_on": world.plan_a.started_on + datetime.timedelta(weeks=13),
        "start_score": 2,
        **kwargs,
    }
    return Goal(**values)


def test_goal_without_life_domain_is_refused_in_dutch_and_not_saved(world):
    before = Goal.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.add_goal(actor=world.worker, goal=new_goal(world, life_domain=None))
    assert "precies één leefgebied" in messages(exc.value, "life_domain")
    assert Goal.objects.count() == before


def test_goal_with_an_ended_life_domain_is_refused_in_dutch(world):
    ended = LifeDomainFactory(code="oud", name="Oud leefgebied", ended=True)
    with pytest.raises(ValidationError) as exc:
        services.add_goal(actor=world.worker, goal=new_goal(world, life_domain=ended))
    assert "niet in gebruik" in messages(exc.value, "life_domain")
    assert not Goal.objects.filter(life_domain=ended).exists()


def test_goal_with_a_domain_that_starts_later_is_refused(world):
    future = LifeDomainFactory(code="nieuw", name="Nieuw", valid_from=datetime.date(2030, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.add_goal(actor=world.worker, goal=new_goal(world, life_domain=future))
    assert "life_domain" in exc.value.message_dict


@pytest.mark.parametrize("score", [0, 6, -1, 99])
def test_start_score_outside_one_to_five_is_refused_in_dutch(world, score):
    with pytest.raises(ValidationError) as exc:
        services.add_goal(actor=world.worker, goal=new_goal(world, start_score=score))
    assert "van 1 (acuut probleem) tot 5 (volledig zelfredzaam)" in messages(
        exc.value, "start_score"
    )


def test_goal_without_start_score_is_refused_in_dutch(world):
    with pytest.raises(ValidationError) as exc:
        services.add_goal(actor=world.worker, goal=new_goal(world, start_score=None))
    assert "score" in messages(exc.value, "start_score").lower()


def test_planned_evaluation_before_the_start_is_refused(world):
    goal = new_goal(world, evaluation_due_on=world.plan_a.started_on - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        services.add_goal(actor=world.worker, goal=goal)
    assert "evaluation_due_on" in exc.value.message_dict


@pytest.mark.parametrize("score", [0, 6, 7])
def test_evaluation_score_outside_one_to_five_is_refused_and_nothing_saved(world, score):
    goal = world.goal_a
    with pytest.raises(ValidationError) as exc:
        services.evaluate_goal(
            actor=world.worker,
            goal=goal,
            evaluated_on=goal.started_on,
            status_after=GoalStatus.IN_PROGRESS,
            score=score,
            result="Tussenevaluatie",
        )
    assert "van 1 (acuut probleem) tot 5" in messages(exc.value, "score")
    goal.refresh_from_db()
    assert goal.status == GoalStatus.NEW
    assert not GoalEvaluation.objects.filter(goal=goal).exists()


def test_evaluation_dated_before_the_goal_start_is_refused_in_dutch(world):
    goal = world.goal_a
    with pytest.raises(ValidationError) as exc:
        services.evaluate_goal(
            actor=world.worker,
            goal=goal,
            evaluated_on=goal.started_on - datetime.timedelta(days=1),
            status_after=GoalStatus.IN_PROGRESS,
            score=3,
            result="Te vroeg",
        )
    text = messages(exc.value, "evaluated_on")
    assert "niet gedateerd zijn vóór de start van het doel" in text
    assert goal.started_on.strftime("%d-%m-%Y") in text
    assert not GoalEvaluation.objects.filter(goal=goal).exists()
    assert SupportPlan.objects.get(pk=world.plan_a.pk).revision == world.plan_a.revision


def test_evaluation_in_the_future_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.evaluate_goal(
            actor=world.worker,
            goal=world.goal_a,
            evaluated_on=datetime.date.today() + datetime.timedelta(days=2),
            status_after=GoalStatus.IN_PROGRESS,
            score=3,
            result="Nog niet gebeurd",
        )
    assert "toekomst" in messages(exc.value, "evaluated_on")


def test_evaluation_dated_before_the_latest_evaluation_is_refused(world):
    goal = world.goal_a
    later = goal.started_on + datetime.timedelta(days=20)
    services.evaluate_goal(
        actor=world.worker,
        goal=goal,
        evaluated_on=later,
        status_after=GoalStatus.IN_PROGRESS,
        score=3,
        result="Eerste evaluatie",
    )
    with pytest.raises(ValidationError) as exc:
        services.evaluate_goal(
            actor=world.worker,
            goal=goal,
            evaluated_on=later - datetime.timedelta(days=5),
            status_after=GoalStatus.ACHIEVED,
            score=4,
            result="Terugdatering",
        )
    assert later.strftime("%d-%m-%Y") in messages(exc.value, "evaluated_on")
    assert GoalEvaluation.objects.filter(goal=goal).count() == 1


def test_evaluation_without_result_collects_every_error_at_once(world):
    with pytest.raises(ValidationError) as exc:
        services.evaluate_goal(
            actor=world.worker,
            goal=world.goal_a,
            evaluated_on=world.goal_a.started_on - datetime.timedelta(days=1),
            status_after=GoalStatus.IN_PROGRESS,
            score=9,
            result="",
        )
    assert {"evaluated_on", "score", "result"} <= set(exc.value.message_dict)


def test_goal_cannot_start_after_its_first_evaluation(world):
    goal = world.goal_a
    services.evaluate_goal(
        actor=world.worker,
        goal=goal,
        evaluated_on=goal.started_on,
        status_after=GoalStatus.IN_PROGRESS,
        score=3,
        result="Gestart",
    )
    goal.refresh_from_db()
    goal.started_on += datetime.timedelta(days=3)
    with pytest.raises(ValidationError) as exc:
        services.update_goal(actor=world.worker, goal=goal, expected_version=goal.version)
    assert "started_on" in exc.value.message_dict


def test_breakthrough_without_specialist_is_refused_in_dutch(world):
    plan = SupportPlan.objects.get(pk=world.plan_a.pk)
    plan.is_breakthrough = True
    with pytest.raises(ValidationError) as exc:
        services.update_plan(actor=world.worker, plan=plan, expected_version=plan.version)
    assert "doorbraakspecialist" in messages(exc.value, "breakthrough_specialist")
    assert not SupportPlan.objects.get(pk=plan.pk).is_breakthrough


def test_breakthrough_with_specialist_is_saved(world):
    plan = SupportPlan.objects.get(pk=world.plan_a.pk)
    plan.is_breakthrough = True
    plan.breakthrough_specialist = world.manager
    plan.breakthrough_plan = "Maatwerk"
    services.update_plan(actor=world.worker, plan=plan, expected_version=plan.version)
    stored = SupportPlan.objects.get(pk=plan.pk)
    assert stored.is_breakthrough and stored.breakthrough_specialist == world.manager


def test_a_case_gets_at_most_one_plan(world):
    with pytest.raises(ValidationError) as exc:
        services.create_plan(actor=world.worker, plan=SupportPlan(case=world.case_a))
    assert "heeft al een ondersteuningsplan" in messages(exc.value, "case")
    assert SupportPlan.objects.filter(case=world.case_a).count() == 1


def test_plan_cannot_start_before_the_case_was_received(world):
    from wijkteam.support.tests.factories import SupportCaseFactory

    case = SupportCaseFactory(resident=world.resident_a)
    plan = SupportPlan(case=case, started_on=case.received_on - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        services.create_plan(actor=world.worker, plan=plan)
    assert "started_on" in exc.value.message_dict


def test_worker_cannot_make_a_plan_for_a_case_of_another_team(world):
    with pytest.raises(ValidationError) as exc:
        services.create_plan(actor=world.worker, plan=SupportPlan(case=world.case_b))
    assert "case" in exc.value.message_dict
    assert not SupportPlan.objects.filter(case=world.case_b).exists()


def test_worker_cannot_add_a_goal_to_a_plan_out_of_scope(world):
    from wijkteam.plans.tests.factories import SupportPlanFactory

    other = SupportPlanFactory(case=world.case_b)
    with pytest.raises(ValidationError):
        services.add_goal(actor=world.worker, goal=new_goal(world, plan=other))


def test_overlapping_age_bands_are_refused(db):
    AgeBandFactory(label="18-27", min_age=18, max_age=27)
    band = AgeBand(label="25-30", min_age=25, max_age=30)
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        band.full_clean()
    assert "18-27" in messages(exc.value, "min_age")


def test_age_band_upper_age_below_lower_age_is_refused(db):
    with pytest.raises(ValidationError) as exc:
        AgeBand(label="x", min_age=30, max_age=20).full_clean()
    assert "max_age" in exc.value.message_dict


def test_ended_age_band_does_not_clash_with_its_successor(db):
    AgeBandFactory(label="18-30", min_age=18, max_age=30, valid_to=datetime.date(2024, 12, 31))
    AgeBand(
        label="18-27", min_age=18, max_age=27, valid_from=datetime.date(2025, 1, 1)
    ).full_clean()


@given(score=st.integers(min_value=-1000, max_value=1000))
def test_only_scores_one_to_five_pass_the_model_field(score):
    field = Goal._meta.get_field("start_score")
    if 1 <= score <= 5:
        assert field.clean(score, None) == score
    else:
        with pytest.raises(ValidationError):
            field.clean(score, None)
