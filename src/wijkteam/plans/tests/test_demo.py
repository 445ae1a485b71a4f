"""Demo plans: deterministic, spread over life domains in the seed ranking, with progress."""

from collections import Counter
from io import StringIO

from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F

import pytest

from wijkteam.plans.models import Goal, GoalEvaluation, LifeDomain, SupportPlan
from wijkteam.support.models import SupportCase
from wijkteam.support.workflow import CaseState


@pytest.fixture
def demo(settings, db):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo_data", "--seed", "3", "--scale", "0.05", stdout=StringIO())


def test_most_cases_past_registration_get_a_plan_with_one_to_four_goals(demo):
    eligible = SupportCase.objects.exclude(state=CaseState.REGISTERED)
    plans = SupportPlan.objects.all()
    assert plans.count() > 0.7 * eligible.count()
    assert not plans.filter(case__state=CaseState.REGISTERED).exists()
    sizes = Counter(plans.annotate(n=Count("goals")).values_list("n", flat=True))
    assert set(sizes) <= {1, 2, 3, 4} and len(sizes) == 4


def test_goals_follow_the_seed_ranking_of_life_domains(demo):
    counts = dict(
        Goal.objects.values("life_domain__code")
        .annotate(n=Count("id"))
        .values_list("life_domain__code", "n")
    )
    ranking = sorted(counts, key=counts.get, reverse=True)
    assert ranking[:3] == ["geestelijke-gezondheid", "dagelijkse-activiteiten-en-meedoen", "geld"]
    assert not Goal.objects.filter(life_domain__audience="youth").exists()


def test_demo_goals_have_start_scores_and_evaluations_mostly_improving(demo):
    assert Goal.objects.filter(start_score__range=(1, 5)).count() == Goal.objects.count()
    evaluated = Goal.objects.filter(last_evaluated_on__isnull=False)
    assert evaluated.exists()
    improved = evaluated.filter(current_score__gt=F("start_score")).count()
    worse = evaluated.filter(current_score__lt=F("start_score")).count()
    assert improved > 2 * worse
    latest = GoalEvaluation.objects.filter(
        goal=F("goal__id"), evaluated_on=F("goal__last_evaluated_on")
    )
    assert latest.exists()


def test_demo_plans_are_consistent_with_the_model_rules(demo):
    for goal in Goal.objects.select_related("plan__case", "life_domain")[:200]:
        assert goal.started_on >= goal.plan.case.received_on
        evaluations = list(goal.evaluations.order_by("evaluated_on", "id"))
        if evaluations:
            assert evaluations[-1].status_after == goal.status
            assert evaluations[-1].score == goal.current_score
            assert evaluations[0].evaluated_on >= goal.started_on
        else:
            assert goal.current_score == goal.start_score
    assert LifeDomain.objects.filter(is_provisional=False).count() == 4


class _Rollback(Exception):
    pass


def _load_and_fingerprint(seed):
    fingerprint = None
    try:
        with transaction.atomic():
            call_command(
                "load_demo_data", "--seed", str(seed), "--scale", "0.02", stdout=StringIO()
            )
            fingerprint = list(
                Goal.objects.order_by("plan__case__received_on", "id").values_list(
                    "plan__case__received_on",
                    "life_domain__code",
                    "title",
                    "start_score",
                    "current_score",
                    "status",
                )
            )
            raise _Rollback
    except _Rollback:
        pass
    return fingerprint


def test_demo_plans_are_the_same_for_the_same_seed(settings, db):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    first = _load_and_fingerprint(5)
    assert first
    assert _load_and_fingerprint(5) == first
    assert _load_and_fingerprint(6) != first
