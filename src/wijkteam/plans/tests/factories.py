import datetime

import factory

from wijkteam.plans.choices import ActionPerformer, LifeDomainAudience
from wijkteam.plans.models import Action, AgeBand, Goal, LifeDomain, SupportPlan
from wijkteam.support.tests.factories import SupportCaseFactory


class LifeDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LifeDomain
        django_get_or_create = ("code",)

    code = "geestelijke-gezondheid"
    name = "Geestelijke gezondheid"
    audience = LifeDomainAudience.BOTH
    valid_from = datetime.date(2021, 1, 1)
    sort_order = 10

    class Params:
        ended = factory.Trait(valid_to=datetime.date(2025, 12, 31))
        provisional = factory.Trait(is_provisional=True)


class AgeBandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgeBand
        django_get_or_create = ("label",)

    label = "18-27"
    min_age = 18
    max_age = 27
    valid_from = datetime.date(2021, 1, 1)


class SupportPlanFactory(factory.django.DjangoModelFactory):
    """The plan of a case (a case has at most one: an existing plan is returned)."""

    class Meta:
        model = SupportPlan
        django_get_or_create = ("case",)
        skip_postgeneration_save = True

    case = factory.SubFactory(SupportCaseFactory)
    started_on = factory.SelfAttribute("case.received_on")
    perspective = "Weer rust in het hoofd en de administratie op orde."
    created_by = factory.SubFactory("wijkteam.accounts.tests.factories.UserFactory")

    class Params:
        breakthrough = factory.Trait(
            is_breakthrough=True,
            breakthrough_specialist=factory.SelfAttribute("created_by"),
            breakthrough_plan="Maatwerk buiten de reguliere route.",
        )

    @factory.post_generation
    def workers(self, create, extracted, **kwargs):
        if create and extracted:
            self.workers.set(extracted)


class GoalFactory(factory.django.DjangoModelFactory):
    """A goal as a worker sets it (status new); evaluations go through the service."""

    class Meta:
        model = Goal

    plan = factory.SubFactory(SupportPlanFactory)
    life_domain = factory.SubFactory(LifeDomainFactory)
    title = factory.Sequence(lambda n: f"Doel {n}")
    started_on = factory.SelfAttribute("plan.started_on")
    evaluation_due_on = factory.LazyAttribute(lambda o: o.started_on + datetime.timedelta(weeks=13))
    start_score = 2
    created_by = factory.SelfAttribute("plan.created_by")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    goal = factory.SubFactory(GoalFactory)
    performer = ActionPerformer.RESIDENT
    description = "Post openen en sorteren"
    due_on = factory.LazyAttribute(lambda o: o.goal.started_on + datetime.timedelta(weeks=2))
    created_by = factory.SelfAttribute("goal.created_by")
