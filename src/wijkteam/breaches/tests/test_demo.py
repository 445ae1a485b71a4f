"""Demo breaches and improvement plans: deterministic, consistent with the workflow."""

import datetime
import io

from django.core.management import call_command

import pytest

from wijkteam.breaches.models import BreachTransition, DataBreach
from wijkteam.breaches.workflow import BreachState

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 10, 31)


def test_demo_breaches_follow_the_workflow(world):
    from wijkteam.breaches.demo import write_demo

    result = write_demo(seed=3, scale=1, today=TODAY, progress=None)
    assert result["breaches"] == 12
    for breach in DataBreach.objects.all():
        breach.full_clean()
        states = list(
            BreachTransition.objects.filter(breach=breach)
            .order_by("at", "id")
            .values_list("from_state", "to_state")
        )
        assert states[0] == ("", BreachState.REPORTED)
        assert states[-1][1] == breach.state
        assert breach.ap_deadline - breach.discovered_at == datetime.timedelta(hours=72)
        if breach.state == BreachState.NOT_NOTIFIED:
            assert breach.risk_level == "none"
    assert DataBreach.objects.overdue(
        datetime.datetime(2026, 10, 31, 17, 0, tzinfo=datetime.UTC)
    ).exists()


def test_demo_is_deterministic(world):
    from django.db import transaction

    from wijkteam.breaches.demo import write_demo

    def run(seed):
        savepoint = transaction.savepoint()
        write_demo(seed=seed, scale=0.5, today=TODAY, progress=None)
        rows = list(
            DataBreach.objects.order_by("pk").values_list(
                "kind", "risk_level", "state", "discovered_at", "team_id"
            )
        )
        transaction.savepoint_rollback(savepoint)
        return rows

    first = run(5)
    assert len(first) == 6
    assert run(5) == first
    assert run(6) != first


def test_load_demo_data_writes_breaches_and_the_seven_plans(settings):
    from wijkteam.improvements.models import ImprovementPlan

    settings.DEBUG = True
    call_command("load_demo_data", "--seed", "7", "--scale", "0.02", stdout=io.StringIO())
    titles = list(
        ImprovementPlan.objects.filter(source="certification").values_list("title", flat=True)
    )
    assert len(titles) == 7
    assert any("Privacygegevens bewoners" in t for t in titles)
    assert ImprovementPlan.objects.filter(state="verified").count() == 5
    assert DataBreach.objects.count() >= 4
    assert ImprovementPlan.objects.filter(origin_content_type__isnull=False).exists()
