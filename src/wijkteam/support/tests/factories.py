import datetime

import factory

from wijkteam.residents.tests.factories import ResidentFactory
from wijkteam.support.choices import LegalFramework
from wijkteam.support.models import SupportCase


class SupportCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportCase

    resident = factory.SubFactory(ResidentFactory)
    team = factory.SelfAttribute("resident.team")
    legal_framework = LegalFramework.BASIC
    received_on = datetime.date(2026, 9, 1)

    class Params:
        closed = factory.Trait(closed_on=datetime.date(2026, 10, 1))
