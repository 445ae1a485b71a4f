"""Demo complaints: a year up to the demo 'today', in the proportions of the seeds.

Amaryllis received six formal complaints in 2023: two about data sharing (AVG), one about
the chain (keten) and three after verbal aggression, all declared unfounded (seed 000
l.1651-1704). The demo keeps those proportions for the categories (largest remainders, so
12 complaints give 4 : 2 : 6) and decides every judged complaint "ongegrond". At scale 1 it
writes 12 complaints a year (the six formal ones plus as many taken in by staff and the
public form); the count follows the scale but never drops below 12, so every situation the
pages show is there at small scales too:

- recent ones in every open state: received (acknowledgement due soon), received with the
  acknowledgement overdue, acknowledged, in handling by mediation;
- one in formal handling with its decision overdue, one whose decision term was extended
  (once, with a reason), one with the complaints committee;
- one decided but not yet closed; the rest decided and closed over the year.

Deterministic (an own ``random.Random`` and Faker seed); rows are bulk-created with one
audit entry per batch, like ``plans/demo.py``. Terms come from ``deadlines.py`` as the
services would store them.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from wijkteam.complaints import deadlines
from wijkteam.complaints.choices import ComplaintChannel, EventKind, HandlingRoute, Outcome
from wijkteam.complaints.workflow import ComplaintState
from wijkteam.core.workingdays import add_working_days, next_working_day

TIME_ZONE = ZoneInfo("Europe/Amsterdam")
PER_YEAR = 12
# The 2023 types (seed 000): AVG 2, keten 1, agressie (verbaal) 3.
CATEGORY_WEIGHTS = (("avg-gegevensdeling", 2), ("ketensamenwerking", 1), ("agressie-verbaal", 3))
PUBLIC_FORM_SHARE = 0.4
NO_TEAM_SHARE = 0.3  # of public-form complaints: the resident did not know the team
RESIDENT_LINK_SHARE = 0.5  # of staff-registered complaints
STAFF_CHANNELS = (
    ComplaintChannel.PHONE,
    ComplaintChannel.EMAIL,
    ComplaintChannel.LETTER,
    ComplaintChannel.IN_PERSON,
)
S = ComplaintState

DESCRIPTIONS = {
    "avg-gegevensdeling": (
        "Mijn gegevens zijn met de gemeente gedeeld. Ik wist niet dat dat gebeurde en wil "
        "weten waarom.",
        "De gemeente wist van mijn schulden voordat ik het zelf had verteld. Wie heeft dat "
        "doorgegeven?",
    ),
    "ketensamenwerking": (
        "De ketenpartner zou contact opnemen over mijn huurachterstand. Dat is nooit gebeurd "
        "en niemand pakt het op.",
        "Mijn aanvraag bij de partnerorganisatie is blijven liggen; ik word van het kastje "
        "naar de muur gestuurd.",
    ),
    "agressie-verbaal": (
        "Ik heb een contact- en pandverbod gekregen en vind dat onterecht.",
        "De medewerker heeft mij discriminerend behandeld.",
        "Ik ben boos geworden aan de balie, maar de medewerker deed ook onaardig tegen mij.",
    ),
}
DESIRED = (
    "Excuses en een nieuw gesprek.",
    "Uitleg over wat er met mijn gegevens is gebeurd.",
    "Dat het verbod wordt opgeheven.",
    "Een andere medewerker.",
)
DECISION = (
    "Na hoor en wederhoor ongegrond verklaard. De werkwijze is met de klager besproken en "
    "schriftelijk uitgelegd."
)


@dataclass
class _Spec:
    received_on: datetime.date
    state: str
    steps: list[tuple[str, datetime.date, dict]] = field(default_factory=list)
    extended_on: datetime.date | None = None
    route: str = HandlingRoute.FORMAL


def _weekday(day: datetime.date) -> datetime.date:
    return next_working_day(day)


def _allocate(n: int, weights) -> list[str]:
    """``n`` labels in proportion to ``weights`` (largest remainders)."""
    total = sum(w for _c, w in weights)
    exact = [(code, n * w / total) for code, w in weights]
    counts = {code: int(x) for code, x in exact}
    rest = n - sum(counts.values())
    by_remainder = sorted(exact, key=lambda item: item[1] - int(item[1]), reverse=True)
    for code, _share in by_remainder[:rest]:
        counts[code] += 1
    return [code for code, _w in weights for _i in range(counts[code])]


def _plan(rng: random.Random, n: int, today: datetime.date) -> list[_Spec]:
    """The life of each complaint: received on, steps (state, date, details), final state."""
    d = datetime.timedelta

    def ago(days: int) -> datetime.date:
        return _weekday(today - d(days=days))

    def ack(received: datetime.date) -> datetime.date:
        return add_working_days(received, rng.randint(1, 4))

    specs = [
        _Spec(ago(2), S.RECEIVED),  # acknowledgement due within days
        _Spec(ago(12), S.RECEIVED),  # acknowledgement overdue
    ]
    received = ago(19)
    specs.append(_Spec(received, S.ACKNOWLEDGED, [(S.ACKNOWLEDGED, ack(received), {})]))
    received = ago(30)
    specs.append(
        _Spec(
            received,
            S.IN_HANDLING,
            [(S.ACKNOWLEDGED, ack(received), {}), (S.IN_HANDLING, received + d(8), {})],
            route=HandlingRoute.MEDIATION,
        )
    )
    received = ago(38)  # with the committee, decision still within the term
    specs.append(
        _Spec(
            received,
            S.COMMITTEE,
            [
                (S.ACKNOWLEDGED, ack(received), {}),
                (S.IN_HANDLING, received + d(9), {}),
                (
                    S.COMMITTEE,
                    received + d(27),
                    {"reason": "Klager wil een oordeel van de klachtencommissie; advies gevraagd."},
                ),
            ],
        )
    )
    received = ago(50)  # decision overdue
    specs.append(
        _Spec(
            received,
            S.IN_HANDLING,
            [(S.ACKNOWLEDGED, ack(received), {}), (S.IN_HANDLING, received + d(10), {})],
        )
    )
    received = ago(56)  # extended once
    specs.append(
        _Spec(
            received,
            S.IN_HANDLING,
            [(S.ACKNOWLEDGED, ack(received), {}), (S.IN_HANDLING, received + d(7), {})],
            extended_on=received + d(36),
        )
    )
    received = ago(60)  # decided, not yet closed
    specs.append(_decided(rng, received, close=None))
    older = max(0, n - len(specs))
    for i in range(older):
        # Spread over the rest of the year: 75 to 360 days ago.
        days = 75 + (i * 285) // max(1, older) + rng.randint(0, 10)
        specs.append(_decided(rng, ago(days), close=True))
    return specs


def _decided(rng, received: datetime.date, close) -> _Spec:
    d = datetime.timedelta
    acknowledged = add_working_days(received, rng.randint(1, 4))
    handling = received + d(rng.randint(7, 12))
    decided = _weekday(received + d(rng.randint(24, 40)))
    steps = [
        (S.ACKNOWLEDGED, acknowledged, {}),
        (S.IN_HANDLING, handling, {}),
        (S.DECIDED, decided, {"outcome": Outcome.UNFOUNDED, "summary": DECISION}),
    ]
    if close:
        steps.append((S.CLOSED, decided + d(rng.randint(1, 7)), {}))
    return _Spec(received, S.CLOSED if close else S.DECIDED, steps)


def write_demo(
    *,
    seed: int,
    scale: float,
    today: datetime.date,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Write the demo complaints with their history; returns the counts."""
    from faker import Faker

    from wijkteam.accounts.models import TeamMembership
    from wijkteam.complaints.models import Complaint, ComplaintCategory, ComplaintEvent
    from wijkteam.complaints.services import users_with_permission
    from wijkteam.demo.generator import _BatchWriter
    from wijkteam.organisation.choices import TeamKind
    from wijkteam.organisation.models import Team
    from wijkteam.residents.models import Resident

    rng = random.Random(f"complaints-{seed}")
    fake = Faker("nl_NL")
    fake.seed_instance(f"complaints-{seed}")
    n = max(PER_YEAR, round(PER_YEAR * scale))
    categories = dict(ComplaintCategory.objects.values_list("code", "pk"))
    teams = list(
        Team.objects.active(today)
        .filter(kind__in=[TeamKind.NEIGHBOURHOOD, TeamKind.VILLAGE])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not teams:
        return {"complaints": 0}
    quality = list(users_with_permission("view_all_complaints").order_by("pk"))
    handlers_fallback = quality[0] if quality else None
    managers = set(users_with_permission("view_team_complaints").values_list("pk", flat=True))
    registrars = set(users_with_permission("add_complaint").values_list("pk", flat=True))
    members: dict[int, list[int]] = defaultdict(list)
    team_managers: dict[int, list[int]] = defaultdict(list)
    for user_id, team_id in (
        TeamMembership.objects.active(today)
        .filter(team_id__in=teams)
        .order_by("pk")
        .values_list("user_id", "team_id")
    ):
        if user_id in managers:
            team_managers[team_id].append(user_id)
        elif user_id in registrars:
            members[team_id].append(user_id)
    residents: dict[int, list[int]] = defaultdict(list)
    for pk, team_id in (
        Resident.objects.filter(team_id__in=teams)
        .order_by("pk")
        .values_list("pk", "team_id")[:5000]
    ):
        residents[team_id].append(pk)

    labels = _allocate(n, CATEGORY_WEIGHTS)
    rng.shuffle(labels)
    specs = sorted(_plan(rng, n, today), key=lambda s: s.received_on)
    numbers: dict[int, int] = {}
    complaints: list[Complaint] = []
    histories: list[list[dict]] = []
    for spec, code in zip(specs, labels, strict=True):
        team_id = rng.choice(teams)
        public = rng.random() < PUBLIC_FORM_SHARE or not members[team_id]
        if public and rng.random() < NO_TEAM_SHARE and spec.state in (S.RECEIVED,):
            team_id = None
        registrar = None if public else rng.choice(members[team_id])
        resident = None
        if registrar and residents[team_id] and rng.random() < RESIDENT_LINK_SHARE:
            resident = rng.choice(residents[team_id])
        year = spec.received_on.year
        numbers[year] = numbers.get(year) or _last_number(Complaint, year)
        numbers[year] += 1
        ack = deadlines.acknowledgement_term(spec.received_on)
        decision = deadlines.decision_term(spec.received_on)
        weeks = decision_weeks()
        name = fake.name()
        complaint = Complaint(
            reference=f"K-{year}-{numbers[year]:04d}",
            reference_year=year,
            reference_number=numbers[year],
            received_on=spec.received_on,
            channel=ComplaintChannel.WEB_FORM if public else rng.choice(STAFF_CHANNELS),
            registered_by_id=registrar,
            registered_at=_at(spec.received_on, rng),
            complainant_name=name,
            complainant_email=fake.free_email() if rng.random() < 0.7 else "",
            complainant_phone=fake.phone_number()[:30] if rng.random() < 0.5 else "",
            resident_id=resident,
            team_id=team_id,
            category_id=categories.get(code),
            description=rng.choice(DESCRIPTIONS[code]),
            desired_outcome=rng.choice(DESIRED),
            acknowledge_by=ack.due_on,
            acknowledge_rule=ack.computed_with,
            decision_weeks=weeks,
            decide_by=decision.due_on,
            decide_rule=decision.computed_with,
            decision_due_on=decision.due_on,
        )
        if not (complaint.complainant_email or complaint.complainant_phone):
            complaint.complainant_email = fake.free_email()
        handler = _handler(rng, spec, team_id, team_managers, handlers_fallback)
        history = [
            {
                "kind": EventKind.TRANSITION,
                "from_state": "",
                "to_state": S.RECEIVED,
                "on": spec.received_on,
                "actor_id": registrar,
                "at": complaint.registered_at,
            }
        ]
        state = S.RECEIVED
        for to, on, details in spec.steps:
            on = min(on, today)
            event = {
                "kind": EventKind.TRANSITION,
                "from_state": state,
                "to_state": to,
                "on": on,
                "actor_id": handler,
                "at": _at(on, rng),
                "reason": details.get("reason", ""),
            }
            if to == S.ACKNOWLEDGED:
                complaint.acknowledged_on = on
            elif to == S.IN_HANDLING:
                complaint.handler_id, complaint.route = handler, spec.route
                event.update(handler_id=handler, route=spec.route)
            elif to == S.COMMITTEE:
                complaint.committee_on = on
            elif to == S.DECIDED:
                complaint.outcome, complaint.decided_on = details["outcome"], on
                complaint.decision_summary = details["summary"]
                event["outcome"] = details["outcome"]
            elif to == S.CLOSED:
                complaint.closed_on = on
            history.append(event)
            state = to
            if spec.extended_on and to == S.IN_HANDLING:
                extended = deadlines.extended_decision_term(spec.received_on, weeks)
                complaint.extended_decide_by = complaint.decision_due_on = extended.due_on
                complaint.extension_rule = extended.computed_with
                complaint.extension_reason = (
                    "Hoor en wederhoor met de betrokken medewerker kost meer tijd (verlof)."
                )
                complaint.extended_on = min(spec.extended_on, today)
                history.append(
                    {
                        "kind": EventKind.EXTENSION,
                        "on": complaint.extended_on,
                        "reason": complaint.extension_reason,
                        "due_on": extended.due_on,
                        "actor_id": handler,
                        "at": _at(complaint.extended_on, rng),
                    }
                )
        complaint.state = state
        complaints.append(complaint)
        histories.append(history)

    writer = _BatchWriter(SimpleNamespace(seed=seed, scale=scale), progress)
    writer.create(Complaint, complaints, "complaints")
    events = [
        ComplaintEvent(complaint_id=complaint.pk, **event)
        for complaint, history in zip(complaints, histories, strict=True)
        for event in history
    ]
    writer.create(ComplaintEvent, events, "complaint events")
    return {"complaints": len(complaints), "events": len(events)}


def decision_weeks() -> int:
    from django.conf import settings

    return settings.COMPLAINT_DECISION_WEEKS


def _handler(rng, spec: _Spec, team_id, team_managers, fallback):
    """Mediation by the team's manager, formal handling by quality staff."""
    if spec.route == HandlingRoute.MEDIATION and team_id and team_managers.get(team_id):
        return rng.choice(team_managers[team_id])
    return fallback.pk if fallback else None


def _last_number(model, year: int) -> int:
    from django.db.models import Max

    return model.objects.filter(reference_year=year).aggregate(n=Max("reference_number"))["n"] or 0


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(rng.randint(8, 16), rng.randint(0, 59)), TIME_ZONE
    )
