"""Random but seeded register data for the quality-figure tests (factories, no services:
the figures read stored rows, whatever wrote them)."""

import datetime
import random
from zoneinfo import ZoneInfo

from django.utils import timezone

from wijkteam.breaches.choices import RiskLevel
from wijkteam.breaches.tests.factories import DataBreachFactory
from wijkteam.complaints.choices import Outcome
from wijkteam.complaints.models import Complaint
from wijkteam.complaints.tests.factories import ComplaintCategoryFactory, ComplaintFactory
from wijkteam.improvements.models import ImprovementAction, ImprovementPlan
from wijkteam.improvements.tests.factories import ImprovementActionFactory, ImprovementPlanFactory
from wijkteam.incidents.choices import IncidentKind
from wijkteam.incidents.tests.factories import FollowUpActionFactory, IncidentFactory
from wijkteam.residents.models import Resident
from wijkteam.residents.tests.factories import ResidentFactory

AMS = ZoneInfo("Europe/Amsterdam")
FIRST = datetime.date(2025, 1, 1)
LAST = datetime.date(2026, 11, 20)
NOW = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=AMS)


def day(rng) -> datetime.date:
    return FIRST + datetime.timedelta(days=rng.randrange((LAST - FIRST).days + 1))


def build(world, n: int, seed: int = 1) -> None:
    """About ``n`` rows per register over 2025-2026 in teams A and B (and a few without a
    team), including a resident whose processing is restricted and breaches discovered
    around midnight on New Year's Eve."""
    rng = random.Random(seed)
    teams = [world.team_a, world.team_b]
    restricted = ResidentFactory(team=world.team_a, last_name="Beperkt")
    Resident.objects.filter(pk=restricted.pk).update(
        processing_restricted=True,
        processing_restricted_since=timezone.now(),
        processing_restricted_by=world.quality,
    )
    residents = [None, None, world.resident_a, world.resident_b, restricted]
    categories = [ComplaintCategoryFactory() for _ in range(3)] + [None]

    for _ in range(n):
        state = rng.choice(["reported", "aftercare_done", "closed"])
        incident = IncidentFactory(
            team=rng.choice(teams),
            reporter=world.worker,
            occurred_on=day(rng),
            category=rng.randint(1, 6),
            kind=rng.choice(IncidentKind.values),
            resident=rng.choice(residents),
            aftercare_done=state == "aftercare_done",
            closed=state == "closed",
        )
        for _ in range(rng.randint(0, 2)):
            FollowUpActionFactory(
                incident=incident,
                owner=world.manager,
                due_on=incident.occurred_on + datetime.timedelta(days=rng.randint(1, 600)),
                done_on=incident.occurred_on if rng.random() < 0.5 else None,
            )

    for _ in range(n):
        complaint = ComplaintFactory(
            team=rng.choice(teams + [None]),
            category=rng.choice(categories),
            received_on=day(rng),
            resident=rng.choice(residents),
        )
        if rng.random() < 0.6:
            Complaint.objects.filter(pk=complaint.pk).update(
                state="closed",
                outcome=rng.choice(Outcome.values),
                decided_on=complaint.received_on,
                closed_on=complaint.received_on,
            )

    moments = [
        datetime.datetime(2025, 12, 31, 23, 30, tzinfo=AMS),  # 22:30 UTC: still 2025
        datetime.datetime(2026, 1, 1, 0, 30, tzinfo=AMS),  # 23:30 UTC on 31-12: 2026 here
    ]
    for i in range(n):
        moment = (
            moments[i]
            if i < len(moments)
            else datetime.datetime.combine(
                day(rng), datetime.time(rng.randint(0, 23), rng.randint(0, 59)), AMS
            )
        )
        trait = rng.choice(["reported", "assessed", "notified", "not_notified", "closed"])
        breach = DataBreachFactory(
            team=rng.choice(teams),
            reported_by=world.worker,
            discovered_at=moment,
            **({trait: True} if trait != "reported" else {}),
        )
        if trait == "notified" and rng.random() < 0.5:
            type(breach).objects.filter(pk=breach.pk).update(risk_level=RiskLevel.HIGH)

    for _ in range(max(1, n // 2)):
        plan = ImprovementPlanFactory(
            responsible=world.manager,
            team=rng.choice(teams + [None]),
            due_on=day(rng) + datetime.timedelta(days=rng.randint(0, 120)),
            state=rng.choice(["open", "in_progress", "completed", "cancelled"]),
        )
        for _ in range(rng.randint(0, 3)):
            status = rng.choice(["open", "in_progress", "done", "cancelled"])
            ImprovementActionFactory(
                plan=plan,
                owner=world.worker,
                due_on=day(rng) + datetime.timedelta(days=rng.randint(0, 120)),
                status=status,
                done_on=datetime.date(2026, 1, 5) if status == "done" else None,
            )


def all_rows():
    from wijkteam.breaches.models import DataBreach
    from wijkteam.incidents.models import FollowUpAction, Incident

    return {
        "incidents": list(Incident.objects.select_related("resident")),
        "follow_ups": list(FollowUpAction.objects.select_related("incident")),
        "complaints": list(Complaint.objects.select_related("resident", "category")),
        "breaches": list(DataBreach.objects.all()),
        "plans": list(ImprovementPlan.objects.all()),
        "actions": list(ImprovementAction.objects.select_related("plan")),
    }
