"""Demo support plans: goals per life domain, start scores, evaluations, actions.

Called by ``load_demo_data`` after the cases are written: every case past registration gets a
plan with ``PLAN_SHARE`` probability, with 1-4 goals in different life domains. The domain
weights follow the seed ranking of active goals (001 l.332-336): geestelijke gezondheid most,
then dagelijkse activiteiten en meedoen, then geld; geestelijke gezondheid weighs more for
residents aged 18-27 and 28-40, so that its active goals come close to the printed age split
(38% aged 28-40, 22% aged 18-27; at scale 1 the demo gives about 34% and 20%, as one plan has
at most one goal per life domain). Provisional domains get small weights; youth-only domains
none (the resident of a case is the adult applicant).

Goals are evaluated about every 13 weeks up to the demo 'today' or the case's closing date;
scores mostly improve. A closed case ends its goals with a final status on its closing date.

Deterministic: an own ``random.Random`` from the seed, so the cases and people drawn by the
generator do not change; rows are bulk-created in batches with one audit entry per batch.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Callable
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from wijkteam.plans.choices import ActionPerformer
from wijkteam.plans.reports import age_on
from wijkteam.plans.workflow import GoalStatus

TIME_ZONE = ZoneInfo("Europe/Amsterdam")
PLAN_SHARE = 0.85
BREAKTHROUGH_SHARE = 0.015
GOAL_COUNTS = ((1, 30), (2, 35), (3, 23), (4, 12))
EVALUATION_INTERVAL = 91  # days: the planned evaluation is 13 weeks after the start
EVALUATION_DONE = 0.75  # share of due evaluations that were held

DOMAIN_WEIGHTS = {
    "geestelijke-gezondheid": 20,
    "dagelijkse-activiteiten-en-meedoen": 15,
    "geld": 10,
    "huishouden": 6,
    "lichamelijke-gezondheid": 5,
    "wonen": 5,
    "werk-en-opleiding": 4,
    "sociaal-netwerk": 5,
    "relaties-en-gezin": 3,
    "opvoeding": 3,
    "justitie": 1,
    "verslaving": 2,
    "zelfzorg": 3,
    "veiligheid": 2,
}
# Geestelijke gezondheid weighs more for young adults (the two bands printed in 001).
MENTAL_HEALTH_AGE_FACTOR = ((18, 27, 3.4), (28, 40, 7.0))

START_SCORES = ((1, 8), (2, 37), (3, 37), (4, 15), (5, 3))
SCORE_STEPS = ((1, 55), (0, 35), (-1, 10))
FINAL_STATUSES = (
    (GoalStatus.ACHIEVED, 45),
    (GoalStatus.PARTLY_ACHIEVED, 25),
    (GoalStatus.NOT_ACHIEVED, 15),
    (GoalStatus.STOPPED, 15),
)
PERFORMERS = (
    (ActionPerformer.RESIDENT, 35),
    (ActionPerformer.WORKER, 25),
    (ActionPerformer.NETWORK, 15),
    (ActionPerformer.VOLUNTEER, 10),
    (ActionPerformer.PARTNER, 15),
)

GOAL_TITLES = {
    "geestelijke-gezondheid": (
        "Minder piekeren en beter slapen",
        "Weer grip op de dag krijgen",
        "Hulp vinden bij somberheid",
        "Leren omgaan met spanning",
    ),
    "dagelijkse-activiteiten-en-meedoen": (
        "Een vaste dagbesteding vinden",
        "Eén keer per week naar de buurtkamer",
        "Vrijwilligerswerk zoeken",
        "Meedoen aan een groep in de wijk",
    ),
    "geld": (
        "Overzicht in de administratie",
        "Betalingsachterstanden aflossen",
        "Toeslagen aanvragen waar recht op is",
        "Rondkomen met het budget",
    ),
    "huishouden": ("Het huis op orde houden", "Een weekplanning voor het huishouden"),
}
GENERIC_TITLES = ("Stap zetten op dit leefgebied", "Zelf weer regie nemen", "Hulp organiseren")
RESULTS_INTERIM = (
    "Eerste stappen gezet, we gaan door.",
    "Gaat wisselend; afspraken bijgesteld.",
    "Duidelijke vooruitgang, netwerk helpt mee.",
    "Nog weinig veranderd; nieuwe aanpak afgesproken.",
)
RESULTS_FINAL = {
    GoalStatus.ACHIEVED: "Doel behaald; inwoner redt zich zelf.",
    GoalStatus.PARTLY_ACHIEVED: "Doel deels behaald; rest lukt met het netwerk.",
    GoalStatus.NOT_ACHIEVED: "Doel niet behaald; doorverwezen.",
    GoalStatus.STOPPED: "Gestopt op verzoek van de inwoner.",
}
ACTIONS = {
    ActionPerformer.RESIDENT: (
        "Post elke week openen",
        "Zelf de afspraak maken",
        "Dagboek bijhouden",
    ),
    ActionPerformer.WORKER: ("Samen de aanvraag invullen", "Contact leggen met de huisarts"),
    ActionPerformer.NETWORK: ("Zus gaat mee naar afspraken", "Buurman helpt met boodschappen"),
    ActionPerformer.VOLUNTEER: ("Maatje komt wekelijks langs", "Thuisadministratie-vrijwilliger"),
    ActionPerformer.PARTNER: ("Aanmelding schuldhulpverlening", "Intake bij de GGZ"),
}


def _weighted(rng: random.Random, options):
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]


def _domain_weights(codes: dict[str, int], age: int) -> list[tuple[int, float]]:
    weights = []
    for code, weight in DOMAIN_WEIGHTS.items():
        if code not in codes:
            continue
        factor = 1.0
        if code == "geestelijke-gezondheid":
            for low, high, f in MENTAL_HEALTH_AGE_FACTOR:
                if low <= age <= high:
                    factor = f
        weights.append((codes[code], weight * factor))
    return weights


def _pick_domains(rng: random.Random, weights, count: int) -> list[int]:
    chosen: list[int] = []
    pool = list(weights)
    for _ in range(min(count, len(pool))):
        ids, w = zip(*pool, strict=True)
        pick = rng.choices(ids, weights=w)[0]
        chosen.append(pick)
        pool = [(i, x) for i, x in pool if i != pick]
    return chosen


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9, 0), TIME_ZONE) + datetime.timedelta(
        minutes=rng.randrange(8 * 60)
    )


def write_demo_plans(
    *,
    seed: int,
    scale: float,
    today: datetime.date,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Create plans, goals, actions and evaluations for the demo cases; returns the counts."""
    from wijkteam.demo.generator import _BatchWriter
    from wijkteam.plans.models import Action, Goal, GoalEvaluation, LifeDomain, SupportPlan
    from wijkteam.support.models import SupportCase
    from wijkteam.support.workflow import CaseState

    rng = random.Random(f"plans-{seed}")
    codes = dict(LifeDomain.objects.active(today).values_list("code", "pk"))
    cases = list(
        SupportCase.objects.exclude(state=CaseState.REGISTERED)
        .filter(coordinator__isnull=False)
        .order_by("pk")
        .values_list(
            "pk", "team_id", "coordinator_id", "received_on", "closed_on", "resident__date_of_birth"
        )
    )
    coordinators_by_team: dict[int, list[int]] = defaultdict(list)
    for _pk, team_id, coordinator_id, *_rest in cases:
        if coordinator_id not in coordinators_by_team[team_id]:
            coordinators_by_team[team_id].append(coordinator_id)

    plans: list[SupportPlan] = []
    plan_goals: list[list[dict]] = []
    for case_id, team_id, coordinator_id, received_on, closed_on, born in cases:
        if rng.random() >= PLAN_SHARE:
            continue
        end = min(closed_on or today, today)
        start = received_on + datetime.timedelta(days=rng.randint(7, 28))
        if start > end:
            start = received_on
        plan = SupportPlan(
            case_id=case_id,
            started_on=start,
            perspective="Wat de inwoner belangrijk vindt, in eigen woorden (demo).",
            created_by_id=coordinator_id,
            created_at=_at(start, rng),
            updated_at=_at(end, rng),
        )
        if rng.random() < BREAKTHROUGH_SHARE:
            others = [c for c in coordinators_by_team[team_id] if c != coordinator_id]
            plan.is_breakthrough = True
            plan.breakthrough_specialist_id = rng.choice(others or [coordinator_id])
            plan.breakthrough_plan = "Maatwerk buiten de reguliere route (demo doorbraakplan)."
        weights = _domain_weights(codes, age_on(born, start))
        goals = []
        for domain_id in _pick_domains(rng, weights, _weighted(rng, GOAL_COUNTS)):
            goals.append(_goal_spec(rng, domain_id, codes, start, end, closed_on, coordinator_id))
        plans.append(plan)
        plan_goals.append(goals)

    writer = _BatchWriter(SimpleNamespace(seed=seed, scale=scale), progress)
    writer.create(SupportPlan, plans, "support plans")
    links = [
        SupportPlan.workers.through(supportplan_id=plan.pk, user_id=plan.created_by_id)
        for plan in plans
    ]
    writer.create(SupportPlan.workers.through, links, "plan workers", log_model=SupportPlan)

    goals: list[Goal] = []
    specs: list[dict] = []
    revisions: dict[int, int] = {}
    for plan, goal_specs in zip(plans, plan_goals, strict=True):
        revisions[plan.pk] = 1
        for spec in goal_specs:
            goals.append(Goal(plan_id=plan.pk, **spec["goal"]))
            specs.append(spec)
            revisions[plan.pk] += 1
    writer.create(Goal, goals, "goals")

    actions: list[Action] = []
    evaluations: list[GoalEvaluation] = []
    for goal, spec in zip(goals, specs, strict=True):
        for action in spec["actions"]:
            actions.append(Action(goal_id=goal.pk, **action))
            revisions[goal.plan_id] += 1
        for evaluation in spec["evaluations"]:
            revisions[goal.plan_id] += 1
            evaluations.append(
                GoalEvaluation(goal_id=goal.pk, plan_revision=revisions[goal.plan_id], **evaluation)
            )
    writer.create(Action, actions, "plan actions")
    writer.create(GoalEvaluation, evaluations, "goal evaluations")
    for plan in plans:
        plan.revision = revisions[plan.pk]
    SupportPlan.objects.bulk_update(plans, ["revision"], batch_size=2000)
    return {
        "plans": len(plans),
        "goals": len(goals),
        "actions": len(actions),
        "evaluations": len(evaluations),
    }


def _goal_spec(rng, domain_id, codes, start, end, closed_on, worker_id) -> dict:
    code = next(c for c, pk in codes.items() if pk == domain_id)
    goal_start = min(start + datetime.timedelta(days=rng.choice((0, 0, 0, 14, 30))), end)
    score = _weighted(rng, START_SCORES)
    goal = {
        "life_domain_id": domain_id,
        "title": rng.choice(GOAL_TITLES.get(code, GENERIC_TITLES)),
        "started_on": goal_start,
        "evaluation_due_on": goal_start + datetime.timedelta(days=EVALUATION_INTERVAL),
        "start_score": score,
        "current_score": score,
        "status": GoalStatus.NEW,
        "created_by_id": worker_id,
        "created_at": _at(goal_start, rng),
    }
    evaluations = []
    status = GoalStatus.NEW
    day = goal_start + datetime.timedelta(days=EVALUATION_INTERVAL)
    while day < end:
        if rng.random() < EVALUATION_DONE:
            score = min(5, max(1, score + _weighted(rng, SCORE_STEPS)))
            evaluations.append(
                _evaluation(rng, day, status, GoalStatus.IN_PROGRESS, score, worker_id)
            )
            status = GoalStatus.IN_PROGRESS
        day += datetime.timedelta(days=EVALUATION_INTERVAL)
    if closed_on is not None and closed_on >= goal_start:
        final = _weighted(rng, FINAL_STATUSES)
        if final == GoalStatus.ACHIEVED:
            score = min(5, score + 1)
        evaluations.append(_evaluation(rng, closed_on, status, final, score, worker_id))
        status = final
        goal["ended_on"] = closed_on
    if evaluations:
        last = evaluations[-1]
        goal.update(
            status=status,
            current_score=last["score"],
            last_evaluated_on=last["evaluated_on"],
            evaluation_due_on=max(
                goal["evaluation_due_on"], last["evaluated_on"] + datetime.timedelta(days=91)
            )
            if status == GoalStatus.IN_PROGRESS
            else goal["evaluation_due_on"],
        )
    actions = []
    for _ in range(rng.randint(1, 3)):
        performer = _weighted(rng, PERFORMERS)
        due = goal_start + datetime.timedelta(days=rng.randint(14, 60))
        actions.append(
            {
                "performer": performer,
                "description": rng.choice(ACTIONS[performer]),
                "due_on": due,
                "done_on": due if due < end and rng.random() < 0.6 else None,
                "created_by_id": worker_id,
                "created_at": goal["created_at"],
            }
        )
    return {"goal": goal, "actions": actions, "evaluations": evaluations}


def _evaluation(rng, day, before, after, score, worker_id) -> dict:
    result = RESULTS_FINAL.get(after) or rng.choice(RESULTS_INTERIM)
    return {
        "evaluated_on": day,
        "status_before": before,
        "status_after": after,
        "score": score,
        "result": result,
        "evaluated_by_id": worker_id,
        "recorded_at": _at(day, rng),
    }
