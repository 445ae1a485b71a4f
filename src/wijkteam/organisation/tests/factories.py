import datetime

import factory

from wijkteam.organisation.choices import AreaKind, LocationKind, TeamKind
from wijkteam.organisation.models import Area, Location, StaffFunction, Team


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"area-{n}")
    name = factory.Sequence(lambda n: f"Gebied {n}")
    kind = AreaKind.WIJK
    valid_from = datetime.date(2021, 1, 1)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"team-{n}")
    name = factory.Sequence(lambda n: f"Wijkteam {n}")
    kind = TeamKind.NEIGHBOURHOOD
    valid_from = datetime.date(2021, 1, 1)

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Buurtkamer {n}")
    kind = LocationKind.NEIGHBOURHOOD_ROOM
    area = factory.SubFactory(AreaFactory)


class StaffFunctionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffFunction
        django_get_or_create = ("code",)

    code = "sociaal-werker"
    name = "Sociaal werker"
    level = "hbo"
