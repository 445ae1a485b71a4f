"""Factories of the incident register. They build valid rows directly; tests about history,
deadlines and notifications go through the services (``tests/helpers.py``)."""

import datetime

import factory

from wijkteam.accounts.tests.factories import UserFactory
from wijkteam.incidents.choices import IncidentKind, IncidentLocationKind
from wijkteam.incidents.models import (
    Calamity,
    CareNeed,
    FollowUpAction,
    Incident,
    IncidentEvent,
)
from wijkteam.incidents.workflow import CalamityState, CareNeedStatus, IncidentState
from wijkteam.organisation.tests.factories import TeamFactory

DAY = datetime.date(2026, 11, 2)  # a Monday


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident
        skip_postgeneration_save = True

    occurred_on = DAY
    occurred_time = datetime.time(14, 0)
    location_kind = IncidentLocationKind.HOME_VISIT
    team = factory.SubFactory(TeamFactory)
    kind = IncidentKind.THREAT
    category = 3
    description = "Bewoner dreigde de medewerker iets aan te doen bij het huisbezoek."
    reporter = factory.SubFactory(UserFactory)
    reported_on = factory.SelfAttribute("occurred_on")
    aftercare_due_on = factory.LazyAttribute(lambda o: o.occurred_on + datetime.timedelta(days=2))
    aftercare_computed_with = "2 working days after the report"

    class Params:
        aftercare_done = factory.Trait(
            state=IncidentState.AFTERCARE_DONE,
            aftercare_done_on=factory.SelfAttribute("aftercare_due_on"),
            aftercare_outcome="held",
        )
        closed = factory.Trait(
            state=IncidentState.CLOSED,
            aftercare_done_on=factory.SelfAttribute("aftercare_due_on"),
            aftercare_outcome="held",
            closed_on=factory.SelfAttribute("aftercare_due_on"),
        )

    @factory.post_generation
    def staff(self, create, extracted, **kwargs):
        if create and extracted:
            self.staff_involved.set(extracted)


class IncidentEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncidentEvent

    incident = factory.SubFactory(IncidentFactory)
    kind = "reported"
    to_state = IncidentState.REPORTED
    actor = factory.SelfAttribute("incident.reporter")


class FollowUpActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpAction

    incident = factory.SubFactory(IncidentFactory)
    description = "Contact- en pandverbod versturen"
    owner = factory.SubFactory(UserFactory)
    due_on = factory.LazyAttribute(lambda o: o.incident.occurred_on + datetime.timedelta(days=7))
    created_by = factory.SelfAttribute("owner")

    class Params:
        done = factory.Trait(done_on=factory.SelfAttribute("due_on"))


class CalamityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Calamity

    incident = factory.SubFactory(IncidentFactory, category=5)
    state = CalamityState.TO_ASSESS
    flagged_on = factory.SelfAttribute("incident.reported_on")
    flagged_by = factory.SelfAttribute("incident.reporter")
    flag_reason = "Categorie 5 op de gradatieladder."


class CareNeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareNeed

    incident = factory.SubFactory(IncidentFactory)
    person_description = "Agressor, niet in onze dossiers"
    mental_health_problems = True
    referral_to = "GGZ Friesland"
    follow_up_on = factory.LazyAttribute(lambda o: o.incident.occurred_on + datetime.timedelta(14))
    status = CareNeedStatus.REFERRED
    recorded_by = factory.SelfAttribute("incident.reporter")
