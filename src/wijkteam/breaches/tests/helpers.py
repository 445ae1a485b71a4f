import datetime
from zoneinfo import ZoneInfo

from wijkteam.breaches import services
from wijkteam.breaches.choices import BreachKind, DataCategory, RiskLevel
from wijkteam.breaches.models import DataBreach
from wijkteam.breaches.workflow import BreachState

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DISCOVERED = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=AMSTERDAM)

# Everything any step may require, so only the table decides in the matrix test.
STEP_DATA = {
    "risk_level": RiskLevel.NONE,
    "risk_rationale": "Alleen naam en adres, ontvanger heeft alles verwijderd.",
    "ap_notified_at": DISCOVERED + datetime.timedelta(hours=5),
    "ap_reference": "AP-2026-123",
    "no_notification_reason": "Geen risico: ontvanger is een collega met geheimhoudingsplicht.",
    "measures": "Ontvanger gevraagd de e-mail te verwijderen; bevestiging ontvangen.",
}


def report(world, *, actor=None, discovered_at=DISCOVERED, team=None, **fields) -> DataBreach:
    breach = DataBreach(
        team=team or world.team_a,
        discovered_at=discovered_at,
        kind=fields.pop("kind", BreachKind.MISDIRECTED),
        description=fields.pop("description", "E-mail met verslag naar verkeerde ontvanger."),
        data_categories=fields.pop("data_categories", [DataCategory.CONTACT]),
        persons_affected=fields.pop("persons_affected", 1),
        **fields,
    )
    return services.report_breach(actor=actor or world.worker, breach=breach)


PATHS = {
    BreachState.REPORTED: [],
    BreachState.ASSESSED: [BreachState.ASSESSED],
    BreachState.NOT_NOTIFIED: [BreachState.ASSESSED, BreachState.NOT_NOTIFIED],
    BreachState.NOTIFIED: [BreachState.ASSESSED, BreachState.NOTIFIED],
    BreachState.CLOSED: [BreachState.ASSESSED, BreachState.NOT_NOTIFIED, BreachState.CLOSED],
}


def breach_in(state: str, world, **step_overrides) -> DataBreach:
    breach = report(world)
    for to in PATHS[state]:
        services.transition_breach(
            breach, to, actor=world.quality, **{**STEP_DATA, **step_overrides}
        )
    return DataBreach.objects.get(pk=breach.pk)
