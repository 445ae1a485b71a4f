"""Factories for the support cycle. They build valid rows directly; tests about history and
deadlines go through the services (``register_case``, ``transition_case``, ...)."""

import datetime

import factory

from wijkteam.accounts.tests.factories import UserFactory
from wijkteam.residents.tests.factories import ResidentFactory
from wijkteam.support.choices import (
    ClosureReason,
    ContactKind,
    ConversationKind,
    DeadlineKind,
    LegalFramework,
    ReferralCategory,
    RequestChannel,
)
from wijkteam.support.models import (
    CaseDeadline,
    CaseTransition,
    Contact,
    Conversation,
    Referral,
    SupportCase,
)
from wijkteam.support.workflow import CaseState


class SupportCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportCase

    resident = factory.SubFactory(ResidentFactory)
    team = factory.SelfAttribute("resident.team")
    legal_framework = LegalFramework.BASIC
    received_on = datetime.date(2026, 9, 1)
    channel = RequestChannel.PHONE
    question = "Ik kom niet meer rond en durf de post niet open te maken."

    class Params:
        closed = factory.Trait(
            state=CaseState.CLOSED,
            closed_on=datetime.date(2026, 10, 1),
            closure_reason=ClosureReason.GOALS_ACHIEVED,
        )


class CaseTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseTransition

    case = factory.SubFactory(SupportCaseFactory)
    from_state = ""
    to_state = CaseState.REGISTERED
    on = factory.SelfAttribute("case.received_on")
    actor = factory.SubFactory(UserFactory)


class CaseDeadlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseDeadline

    case = factory.SubFactory(SupportCaseFactory)
    kind = DeadlineKind.FIRST_CONTACT
    started_on = factory.SelfAttribute("case.received_on")
    due_on = factory.LazyAttribute(lambda o: o.started_on + datetime.timedelta(days=7))
    computed_with = "test"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    case = factory.SubFactory(SupportCaseFactory)
    date = factory.SelfAttribute("case.received_on")
    duration_minutes = 30
    kind = ContactKind.PHONE
    recorded_by = factory.SubFactory(UserFactory)


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    case = factory.SubFactory(SupportCaseFactory)
    held_on = factory.SelfAttribute("case.received_on")
    kind = ConversationKind.KITCHEN_TABLE
    participants = "Inwoner en dochter"
    outcome = "Hulpvraag helder; afspraak met budgetcoach."
    recorded_by = factory.SubFactory(UserFactory)


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    case = factory.SubFactory(SupportCaseFactory)
    category = ReferralCategory.GUIDANCE
    provider = "Windkracht058"
    sent_on = factory.SelfAttribute("case.received_on")
    recorded_by = factory.SubFactory(UserFactory)
