import datetime

from django.contrib.auth.models import Group

import factory

from wijkteam.accounts.models import TeamMembership, User
from wijkteam.accounts.roles import ROLES_BY_SLUG
from wijkteam.organisation.tests.factories import StaffFunctionFactory

PASSWORD = "Test-wachtwoord-2026!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"medewerker{n}")
    # Fixed, recognisable staff names: random ones could equal a resident's name in a test.
    first_name = "Medewerker"
    last_name = factory.Sequence(lambda n: f"Teamlid {n}")
    function = factory.SubFactory(StaffFunctionFactory)
    fte = "0.89"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """``UserFactory(role="sociaal_werker")`` puts the user in that role's group."""
        if create and extracted:
            group = Group.objects.get(name=ROLES_BY_SLUG[extracted].name)
            self.groups.add(group)

    @factory.post_generation
    def teams(self, create, extracted, **kwargs):
        """``UserFactory(teams=[team])`` adds active memberships."""
        if create and extracted:
            for team in extracted:
                TeamMembership.objects.create(
                    user=self, team=team, start_date=datetime.date(2021, 1, 1)
                )


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    user = factory.SubFactory(UserFactory)
    team = factory.SubFactory("wijkteam.organisation.tests.factories.TeamFactory")
    start_date = datetime.date(2021, 1, 1)
