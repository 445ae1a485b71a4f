"""Demo improvement plans: the seven plans after the certification audit, and a few from the
registers.

Seed 000 l.126-226: in February 2023 Amaryllis got the Kwaliteitslabel Sociaal Werk; the
audit led to six improvement plans plus a seventh for the audit team's loose remarks, each
with a responsible teammanager, monitored by the MT, to be ready for the recertification in
February 2025. Here they start on 1 March 2023 and were due on 31 December 2024. By the
demo 'today' (2026) five are verified; plan 3 (sharing successes, risks in support plans)
and plan 5 (staff safety) are still in progress with a new agreed due date, so overdue and
open actions show. Besides these, one plan comes from the most serious recent incident and
one from the most serious data breach, when the demo has them.

Deterministic; bulk-created with one audit entry per batch.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from types import SimpleNamespace

from wijkteam.improvements.choices import PlanSource
from wijkteam.improvements.workflow import ActionStatus, PlanState

STARTED = datetime.date(2023, 3, 1)
DUE = datetime.date(2024, 12, 31)

# (nr, title, finding, [actions]) after 000 l.157-178; the actions are our illustration.
CERTIFICATION_PLANS = (
    (
        1,
        "Incidentmeldingen en gedragscode, beroepscode",
        "Het belang van het melden van incidenten en een goede opvolging daarvan onder de "
        "aandacht houden; de beroepscode onder de aandacht brengen en de gedragscode "
        "actualiseren.",
        [
            "Gedragscode actualiseren",
            "Beroepscode bespreken in elk teamoverleg",
            "Incidentmelding via de app (Zenya FLOW) invoeren",
        ],
    ),
    (
        2,
        "Privacygegevens bewoners",
        "Bewoners informeren over het delen van informatie met de gemeente.",
        [
            "Folder over gegevensdeling met de gemeente maken",
            "Toestemmingsvraag opnemen in het intakegesprek",
        ],
    ),
    (
        3,
        "Successen delen en registreren",
        "Kennis en leerervaringen uitwisselen; actuele werkwijzen en documenten vindbaar; "
        "risico's bij ondersteuningsvraagstukken signaleren, rapporteren en evalueren in "
        "ondersteuningsplannen.",
        [
            "Werkwijzen in Zenya DOC plaatsen",
            "Risico-inventarisatie in het ondersteuningsplan",
            "Intervisie over successen per kwartaal",
        ],
    ),
    (
        4,
        "Bewustwording baten en lasten",
        "Sociaal werkers zijn zich bewust van duur en inzet van de eigen begeleiding en de "
        "effecten daarvan, en maken de juiste afwegingen.",
        ["Caseloadgesprekken met elke sociaal werker", "Dashboard inzet per bewoner"],
    ),
    (
        5,
        "Veiligheid medewerkers",
        "Het bewust zijn en organiseren van de eigen veiligheid op de verschillende locaties "
        "in wijken en dorpen, en het inwerken van nieuwe medewerkers.",
        [
            "Veiligheidsronde op elke buurt- en dorpskamer",
            "Inwerkprogramma met veilig werken",
            "Vervolgtraining agressie per team",
        ],
    ),
    (
        6,
        "Communicatie jaarverslag",
        "Het jaarverslag leesbaar en aantrekkelijk maken voor bewoners en netwerkpartners.",
        ["Publieksversie van het jaarverslag maken"],
    ),
    (
        7,
        "Tips en opmerkingen van het auditteam",
        "Tips over de implementatie van de nieuwe werkwijze en de evaluatie van het stagebeleid.",
        ["Stagebeleid evalueren", "Implementatie nieuwe werkwijze evalueren"],
    ),
)
STILL_RUNNING = {3, 5}


def write_demo(
    *,
    seed: int,
    scale: float,
    today: datetime.date,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    from django.contrib.contenttypes.models import ContentType

    from wijkteam.accounts.models import TeamMembership
    from wijkteam.demo.generator import _BatchWriter
    from wijkteam.improvements.forms import plan_managers
    from wijkteam.improvements.models import ImprovementAction, ImprovementPlan, PlanTransition

    rng = random.Random(f"improvements-{seed}")
    managers = list(
        TeamMembership.objects.active(today)
        .filter(user__in=plan_managers(), team__kind__in=["neighbourhood", "village"])
        .order_by("user__username", "team_id")
        .values_list("user_id", "team_id")
    )
    quality = list(
        plan_managers()
        .filter(groups__permissions__codename="verify_improvementplan")
        .values_list("pk", flat=True)
    )
    if not managers or not quality:
        if progress:
            progress("  improvement plans:  no teammanagers or quality staff, skipped")
        return {"plans": 0}
    # The demo teammanager gets a plan first, so the demo account shows one.
    managers.sort(key=lambda m: (0 if _is_demo(m[0]) else 1, m))
    seen, owners = set(), []
    for user_id, team_id in managers:
        if user_id not in seen:
            seen.add(user_id)
            owners.append((user_id, team_id))
    workers_by_team: dict[int, list[int]] = {}
    for team_id, user_id in (
        TeamMembership.objects.active(today)
        .filter(team_id__in={t for _u, t in owners}, user__is_active=True)
        .order_by("team_id", "user_id")
        .values_list("team_id", "user_id")
    ):
        workers_by_team.setdefault(team_id, []).append(user_id)

    plans, action_specs, histories = [], [], []
    verifier = quality[0]
    for index, (nr, title, finding, actions) in enumerate(CERTIFICATION_PLANS):
        responsible, team = owners[index % len(owners)]
        running = nr in STILL_RUNNING
        plan = ImprovementPlan(
            title=f"Verbeterplan {nr}: {title}",
            finding=finding,
            source=PlanSource.CERTIFICATION,
            responsible_id=responsible,
            team_id=team,
            due_on=today + datetime.timedelta(days=60 + 30 * index) if running else DUE,
            created_by_id=verifier,
            created_at=_at(STARTED),
        )
        history = [("", PlanState.OPEN, STARTED, verifier, "")]
        history.append(
            (
                PlanState.OPEN,
                PlanState.IN_PROGRESS,
                STARTED + datetime.timedelta(days=14),
                responsible,
                "",
            )
        )
        specs = []
        for number, what in enumerate(actions):
            due = STARTED + datetime.timedelta(days=120 + 150 * number)
            owner = rng.choice(workers_by_team.get(team) or [responsible])
            if running and number == len(actions) - 1:
                status, done = ActionStatus.IN_PROGRESS, None
                due = today - datetime.timedelta(days=10 + 5 * index)  # overdue
            elif running and number == len(actions) - 2:
                status, done = ActionStatus.OPEN, None
                due = today + datetime.timedelta(days=3 + index)  # due soon
            else:
                status, done = ActionStatus.DONE, min(due, today)
            specs.append((what, owner, due, status, done))
        if not running:
            completed = datetime.date(2024, 11, 1) + datetime.timedelta(days=7 * index)
            plan.evidence = "Resultaat besproken in het MT; vastgelegd in Zenya (demo)."
            plan.completed_on = completed
            plan.verified_on = completed + datetime.timedelta(days=21)
            plan.verified_by_id = verifier
            history.append((PlanState.IN_PROGRESS, PlanState.COMPLETED, completed, responsible, ""))
            history.append(
                (PlanState.COMPLETED, PlanState.VERIFIED, plan.verified_on, verifier, "")
            )
        plan.state = history[-1][1]
        plan.version = len(history)
        plans.append(plan)
        action_specs.append(specs)
        histories.append(history)

    for origin, source, title in _register_origins(today):
        responsible, team = owners[len(plans) % len(owners)]
        created = today - datetime.timedelta(days=rng.randint(5, 20))
        plan = ImprovementPlan(
            title=title,
            finding="Analyse van de melding: wat kan beter, zodat dit niet opnieuw gebeurt?",
            source=source,
            responsible_id=responsible,
            team_id=getattr(origin, "team_id", None) or team,
            due_on=today + datetime.timedelta(days=90),
            origin_content_type=ContentType.objects.get_for_model(type(origin)),
            origin_object_id=origin.pk,
            created_by_id=responsible,
            created_at=_at(created),
        )
        history = [("", PlanState.OPEN, created, responsible, "")]
        plan.version = 1
        plans.append(plan)
        action_specs.append(
            [
                (
                    "Analyse bespreken in het teamoverleg",
                    responsible,
                    today + datetime.timedelta(days=14),
                    ActionStatus.OPEN,
                    None,
                )
            ]
        )
        histories.append(history)

    writer = _BatchWriter(SimpleNamespace(seed=seed, scale=scale), progress)
    writer.create(ImprovementPlan, plans, "improvement plans")
    actions = [
        ImprovementAction(
            plan_id=plan.pk,
            description=what,
            owner_id=owner,
            due_on=due,
            status=status,
            done_on=done,
        )
        for plan, specs in zip(plans, action_specs, strict=True)
        for what, owner, due, status, done in specs
    ]
    writer.create(ImprovementAction, actions, "improvement actions")
    rows = [
        PlanTransition(
            plan_id=plan.pk, from_state=f, to_state=t, at=_at(on), actor_id=actor, reason=reason
        )
        for plan, history in zip(plans, histories, strict=True)
        for f, t, on, actor, reason in history
    ]
    writer.create(PlanTransition, rows, "plan history")
    return {"plans": len(plans), "actions": len(actions)}


def _is_demo(user_id: int) -> bool:
    from wijkteam.accounts.models import User

    return User.objects.filter(pk=user_id, is_demo_account=True).exists()


def _at(day: datetime.date) -> datetime.datetime:
    from zoneinfo import ZoneInfo

    return datetime.datetime.combine(day, datetime.time(10, 0), ZoneInfo("Europe/Amsterdam"))


def _register_origins(today: datetime.date):
    """The most serious recent incident and data breach, if the demo has them."""
    found = []
    try:
        from wijkteam.incidents.models import Incident

        incident = (
            Incident.objects.filter(occurred_on__lte=today, category__gte=4)
            .order_by("-category", "-occurred_on", "-pk")
            .first()
        )
        if incident is not None:
            found.append((incident, PlanSource.INCIDENT_ANALYSIS, "Leren van een ernstig incident"))
    except ImportError:  # pragma: no cover - the app is part of the project
        pass
    from wijkteam.breaches.models import DataBreach

    breach = (
        DataBreach.objects.filter(risk_level__in=["high", "risk"])  # "high" sorts first
        .order_by("risk_level", "-discovered_at")
        .first()
    )
    if breach is not None:
        found.append((breach, PlanSource.DATA_BREACH, "E-mailadressen dubbel controleren"))
    return found
