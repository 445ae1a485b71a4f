"""Factories for improvement plans. History tests go through the services."""

import datetime

import factory

from wijkteam.accounts.tests.factories import UserFactory
from wijkteam.improvements.choices import PlanSource
from wijkteam.improvements.models import ImprovementAction, ImprovementPlan
from wijkteam.improvements.workflow import ActionStatus, PlanState


class ImprovementPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementPlan

    title = factory.Sequence(lambda n: f"Verbeterplan {n}")
    finding = "Incidenten worden niet altijd gemeld en opgevolgd."
    source = PlanSource.CERTIFICATION
    responsible = factory.SubFactory(UserFactory, role="teammanager")
    team = None
    due_on = datetime.date(2026, 12, 31)
    created_by = factory.SelfAttribute("responsible")

    class Params:
        in_progress = factory.Trait(state=PlanState.IN_PROGRESS)


class ImprovementActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementAction

    plan = factory.SubFactory(ImprovementPlanFactory)
    description = factory.Sequence(lambda n: f"Actie {n}: bespreken in teamoverleg")
    owner = factory.SelfAttribute("plan.responsible")
    due_on = datetime.date(2026, 11, 30)

    class Params:
        done = factory.Trait(status=ActionStatus.DONE, done_on=datetime.date(2026, 10, 1))
