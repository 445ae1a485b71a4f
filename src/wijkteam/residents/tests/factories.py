import datetime

import factory
from stdnum.nl import bsn as stdnum_bsn

from wijkteam.organisation.tests.factories import TeamFactory
from wijkteam.residents.choices import HouseholdRelation
from wijkteam.residents.models import (
    Consent,
    Household,
    HouseholdMember,
    Resident,
    ResidentShare,
)


def _test_bsn(n: int) -> str:
    """The n-th valid BSN from the test range 999900006-999999990.

    The sequence counts over the whole test session, so it wraps around inside the range:
    without that, the loop below never ends once n passes about 2,000.
    """
    candidate = 999900000 + (n % 1999) * 50
    while not stdnum_bsn.is_valid(str(candidate)):
        candidate += 1
    return str(candidate)


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    date_of_birth = datetime.date(1985, 5, 17)
    bsn = factory.Sequence(_test_bsn)
    postcode = "8911AB"
    street = "Nieuwestad"
    house_number = "1"
    team = factory.SubFactory(TeamFactory)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    name = factory.Sequence(lambda n: f"Huishouden {n}")
    team = factory.SubFactory(TeamFactory)


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    household = factory.SubFactory(HouseholdFactory)
    resident = factory.SubFactory(ResidentFactory)
    relation = HouseholdRelation.HEAD


class ResidentShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResidentShare

    resident = factory.SubFactory(ResidentFactory)
    user = factory.SubFactory("wijkteam.accounts.tests.factories.UserFactory")
    granted_by = factory.SubFactory("wijkteam.accounts.tests.factories.UserFactory")
    reason = "Waarneming tijdens verlof"
    valid_until = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    resident = factory.SubFactory(ResidentFactory)
    purpose = "municipality_monitoring"
    given_on = datetime.date(2026, 1, 15)
    recorded_by = factory.SubFactory("wijkteam.accounts.tests.factories.UserFactory")
