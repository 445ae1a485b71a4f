"""Factories for the data-breach register. They build valid rows directly; tests about the
history and the deadline go through the services (``report_breach``, ``transition_breach``)."""

import datetime
from zoneinfo import ZoneInfo

import factory

from wijkteam.accounts.tests.factories import UserFactory
from wijkteam.breaches.choices import BreachKind, DataCategory, RiskLevel
from wijkteam.breaches.deadlines import ap_deadline
from wijkteam.breaches.models import DataBreach
from wijkteam.breaches.workflow import BreachState
from wijkteam.organisation.tests.factories import TeamFactory

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class DataBreachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataBreach

    team = factory.SubFactory(TeamFactory)
    reported_by = factory.SubFactory(UserFactory)
    discovered_by = factory.SelfAttribute("reported_by")
    discovered_at = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=AMSTERDAM)
    kind = BreachKind.MISDIRECTED
    description = "Gespreksverslag per e-mail naar een verkeerde ketenpartner gestuurd."
    data_categories = factory.LazyFunction(lambda: [DataCategory.CONTACT, DataCategory.HEALTH])
    persons_affected = 1
    ap_deadline = factory.LazyAttribute(lambda o: ap_deadline(o.discovered_at))

    class Params:
        assessed = factory.Trait(
            state=BreachState.ASSESSED,
            risk_level=RiskLevel.NONE,
            risk_rationale="Ontvanger heeft de e-mail direct verwijderd.",
        )
        notified = factory.Trait(
            state=BreachState.NOTIFIED,
            risk_level=RiskLevel.RISK,
            risk_rationale="Gezondheidsgegevens bij een derde.",
            ap_notified_at=factory.LazyAttribute(
                lambda o: o.discovered_at + datetime.timedelta(hours=20)
            ),
            ap_reference="AP-2026-0001",
        )
        not_notified = factory.Trait(
            state=BreachState.NOT_NOTIFIED,
            risk_level=RiskLevel.NONE,
            risk_rationale="Geen risico.",
            no_notification_reason="Ontvanger is een collega met geheimhoudingsplicht.",
        )
        closed = factory.Trait(
            state=BreachState.CLOSED,
            risk_level=RiskLevel.NONE,
            risk_rationale="Geen risico.",
            no_notification_reason="Geen risico.",
            measures="E-mail teruggehaald.",
            closed_at=factory.LazyAttribute(lambda o: o.discovered_at + datetime.timedelta(days=5)),
        )
