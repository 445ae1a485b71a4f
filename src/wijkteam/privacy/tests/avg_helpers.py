"""Shared fixtures of the AVG-rights tests (imported by the test modules; the privacy
app's ``tests/conftest.py`` is left to the retention tests)."""

import datetime

import pytest

from wijkteam.residents.tests.factories import (
    ConsentFactory,
    HouseholdMemberFactory,
    ResidentShareFactory,
)


@pytest.fixture
def full_file(world):
    """Fill ``n`` of every kind of record for ``resident`` (a function: call it per size)."""
    from wijkteam.plans.services import evaluate_goal
    from wijkteam.plans.tests.factories import ActionFactory, GoalFactory, SupportPlanFactory
    from wijkteam.support.tests.factories import (
        CaseDeadlineFactory,
        CaseTransitionFactory,
        ContactFactory,
        ConversationFactory,
        ReferralFactory,
        SupportCaseFactory,
    )

    def fill(resident, n: int):
        for i in range(n):
            case = SupportCaseFactory(resident=resident, coordinator=world.worker)
            CaseTransitionFactory(case=case, actor=world.worker)
            CaseDeadlineFactory(case=case)
            ContactFactory(case=case, recorded_by=world.worker)
            ConversationFactory(case=case, recorded_by=world.worker)
            ReferralFactory(case=case, recorded_by=world.worker)
            plan = SupportPlanFactory(case=case, created_by=world.worker)
            plan.workers.add(world.worker)
            goal = GoalFactory(plan=plan, created_by=world.worker, life_domain=world.life_domain)
            ActionFactory(goal=goal, created_by=world.worker)
            evaluate_goal(
                actor=world.worker,
                goal=goal,
                evaluated_on=goal.started_on,
                status_after="in_progress",
                score=3,
                result="Eerste stappen gezet.",
            )
            ConsentFactory(
                resident=resident,
                recorded_by=world.worker,
                given_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
            )
            HouseholdMemberFactory(resident=resident, household__team=resident.team)
            ResidentShareFactory(resident=resident, user=world.manager, granted_by=world.manager)
        return resident

    return fill


def change_resident(resident, actor, **changes):
    """Change resident fields through the service, so the audit trail has an actor."""
    from wijkteam.residents import services

    for name, value in changes.items():
        setattr(resident, name, value)
    return services.update_resident(
        actor=actor, resident=resident, expected_version=resident.version
    )


def pdf_text(data: bytes) -> str | None:
    """The text of a PDF through poppler's pdftotext, or None when it is not installed."""
    import shutil
    import subprocess

    if not shutil.which("pdftotext"):
        return None
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")
