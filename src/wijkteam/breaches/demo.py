"""Demo data breaches for the year up to the demo 'today'.

The seeds give no breach count for Amaryllis (the annual report only says that awareness is
the main focus, 000 l.356-374); the proportions below are our assumption for an
organisation of ~220 fte that handles social-domain files: about 12 breaches a year at scale
1, most of them a letter or e-mail to the wrong recipient, three in five without risk (not
notified to the AP), one in ten a high risk (AP and the persons concerned informed). Breaches
older than a month are closed; the newest are still open, one of them past its 72 hours, so
the deadline list and the reminders have something to show. Reporters are staff of the
breach's team; the handler is a quality officer.

Deterministic (``random.Random`` from the seed); bulk-created with one audit entry per batch.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from wijkteam.breaches.choices import BreachKind, DataCategory, RiskLevel
from wijkteam.breaches.deadlines import ap_deadline
from wijkteam.breaches.workflow import BreachState

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PER_YEAR = 12
MINIMUM = 4  # even a small demo shows the register and its states
KINDS = (
    (BreachKind.MISDIRECTED, 55),
    (BreachKind.UNAUTHORISED_ACCESS, 15),
    (BreachKind.LOST_DEVICE, 10),
    (BreachKind.PUBLISHED, 8),
    (BreachKind.HACK, 4),
    (BreachKind.DISPOSAL, 3),
    (BreachKind.OTHER, 5),
)
RISKS = ((RiskLevel.NONE, 60), (RiskLevel.RISK, 30), (RiskLevel.HIGH, 10))
DESCRIPTIONS = {
    BreachKind.MISDIRECTED: "Verslag per e-mail naar een verkeerde ketenpartner gestuurd.",
    BreachKind.UNAUTHORISED_ACCESS: "Collega van een ander team zag een dossier zonder reden in.",
    BreachKind.LOST_DEVICE: "Werktelefoon verloren tijdens een huisbezoek.",
    BreachKind.PUBLISHED: "Groepsmail met alle deelnemers zichtbaar in het aan-veld.",
    BreachKind.HACK: "Phishingmail: wachtwoord ingevuld op een valse inlogpagina.",
    BreachKind.DISPOSAL: "Aantekeningen met adressen bij het oud papier gevonden.",
    BreachKind.OTHER: "Brief met gegevens van een inwoner in de verkeerde envelop.",
}
CATEGORIES = {
    BreachKind.MISDIRECTED: [DataCategory.CONTACT, DataCategory.HEALTH],
    BreachKind.UNAUTHORISED_ACCESS: [DataCategory.CONTACT, DataCategory.BSN, DataCategory.HEALTH],
    BreachKind.LOST_DEVICE: [DataCategory.CONTACT],
    BreachKind.PUBLISHED: [DataCategory.CONTACT],
    BreachKind.HACK: [DataCategory.CREDENTIALS, DataCategory.CONTACT],
    BreachKind.DISPOSAL: [DataCategory.CONTACT, DataCategory.FINANCIAL],
    BreachKind.OTHER: [DataCategory.CONTACT, DataCategory.FINANCIAL],
}


def _pick(rng: random.Random, options):
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]


def write_demo(
    *,
    seed: int,
    scale: float,
    today: datetime.date,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    from wijkteam.accounts.models import TeamMembership
    from wijkteam.breaches.models import BreachTransition, DataBreach
    from wijkteam.breaches.reminders import handlers
    from wijkteam.demo.generator import _BatchWriter
    from wijkteam.organisation.models import Team

    rng = random.Random(f"breaches-{seed}")
    team_ids = list(
        Team.objects.active(today)
        .filter(kind__in=["neighbourhood", "village", "citywide"])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    staff: dict[int, list[int]] = {}
    for team_id, user_id in (
        TeamMembership.objects.active(today)
        .filter(team_id__in=team_ids, user__is_active=True)
        .order_by("team_id", "user_id")
        .values_list("team_id", "user_id")
    ):
        staff.setdefault(team_id, []).append(user_id)
    quality = [u.pk for u in handlers()]
    if not staff or not quality:
        if progress:
            progress("  data breaches:      no staff or no quality officer, skipped")
        return {"breaches": 0}
    teams = sorted(staff)
    now = datetime.datetime.combine(today, datetime.time(16, 0), AMSTERDAM)
    count = max(MINIMUM, round(PER_YEAR * scale))
    breaches: list[DataBreach] = []
    histories: list[list[tuple[str, str, datetime.datetime, int]]] = []
    for index in range(count):
        if index == 0:  # one past its 72 hours, undecided
            discovered = now - datetime.timedelta(hours=80)
        elif index == 1:  # one just reported, AP deadline still running
            discovered = now - datetime.timedelta(hours=30)
        else:
            discovered = now - datetime.timedelta(days=rng.randint(3, 364), hours=rng.randint(0, 9))
        discovered = discovered.replace(minute=rng.choice((0, 15, 30, 45)), second=0)
        team = rng.choice(teams)
        reporter = rng.choice(staff[team])
        handler = rng.choice(quality)
        kind = _pick(rng, KINDS)
        risk = _pick(rng, RISKS)
        reported_at = discovered + datetime.timedelta(hours=rng.randint(0, 6))
        breach = DataBreach(
            team_id=team,
            reported_by_id=reporter,
            discovered_by_id=reporter,
            discovered_at=discovered,
            reported_at=reported_at,
            kind=kind,
            description=DESCRIPTIONS[kind] + " (demo)",
            data_categories=list(CATEGORIES[kind]),
            persons_affected=rng.choice((1, 1, 1, 2, 3, 12, 40)),
            persons_estimated=rng.random() < 0.2,
            ap_deadline=ap_deadline(discovered),
        )
        history = [("", BreachState.REPORTED, reported_at, reporter)]
        age = now - discovered
        if index > 1:
            assessed_at = reported_at + datetime.timedelta(hours=rng.randint(2, 30))
            breach.risk_level, breach.risk_rationale = risk, _rationale(risk)
            breach.assessed_at, breach.assessed_by_id = assessed_at, handler
            history.append((BreachState.REPORTED, BreachState.ASSESSED, assessed_at, handler))
            decided_at = assessed_at + datetime.timedelta(hours=rng.randint(1, 12))
            if risk == RiskLevel.NONE:
                breach.no_notification_reason = (
                    "Geen risico: ontvanger heeft de gegevens aantoonbaar verwijderd."
                )
                history.append(
                    (BreachState.ASSESSED, BreachState.NOT_NOTIFIED, decided_at, handler)
                )
            else:
                breach.ap_notified_at = min(decided_at, breach.ap_deadline)
                breach.ap_reference = f"AP-{discovered:%Y}-{1000 + index}"
                history.append(
                    (BreachState.ASSESSED, BreachState.NOTIFIED, breach.ap_notified_at, handler)
                )
                if risk == RiskLevel.HIGH:
                    breach.persons_notified_at = breach.ap_notified_at + datetime.timedelta(days=1)
            breach.state = history[-1][1]
            if age > datetime.timedelta(days=30):
                closed_at = decided_at + datetime.timedelta(days=rng.randint(5, 25))
                breach.measures = "Werkinstructie besproken in het teamoverleg; ontvanger gebeld."
                breach.closed_at = closed_at
                history.append((breach.state, BreachState.CLOSED, closed_at, handler))
                breach.state = BreachState.CLOSED
        breach.version = len(history)
        breaches.append(breach)
        histories.append(history)

    writer = _BatchWriter(SimpleNamespace(seed=seed, scale=scale), progress)
    writer.create(DataBreach, breaches, "data breaches")
    rows = [
        BreachTransition(breach_id=breach.pk, from_state=f, to_state=t, at=at, actor_id=actor)
        for breach, history in zip(breaches, histories, strict=True)
        for f, t, at, actor in history
    ]
    writer.create(BreachTransition, rows, "breach history")
    return {"breaches": len(breaches)}


def _rationale(risk: str) -> str:
    return {
        RiskLevel.NONE: "Eén ontvanger met geheimhoudingsplicht; gegevens direct verwijderd.",
        RiskLevel.RISK: "Gezondheids- of financiële gegevens bij een derde; niet terug te halen.",
        RiskLevel.HIGH: "BSN en schuldgegevens van meerdere inwoners; kans op misbruik.",
    }[risk]
