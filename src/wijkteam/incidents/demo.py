"""Demo incidents: two years of reports in the seed's proportions.

* 53 incidents in the year before the demo 'today' and 37 in the year before that (2023: 53,
  "45% more than in 2022", 000 l.1795-1798; 53 / 1.45 = 36.6).
* Per-category counts are only in a chart the text version lacks, so the split below is an
  assumption that follows the text: more serious incidents in the recent year, intimidation and
  shouting most common, category 6 only in the recent year (it was added in 2023).
* Places: office, buurtkamer and home visits most (000 l.1809-1814); the jongerenwerk team
  reports fights in a jeugdhonk (l.1816-1818).
* 13 people who needed more than basic support, all with (serious) psychological problems
  (l.1820-1826); no occupational accidents (l.1862).
* Aftercare mostly confirmed on time, a few late, a few still overdue; one or two calamities
  (the seed gives no calamity count), the others flagged and decided "no calamity".

Below scale 1 the counts shrink with the scale, but never below a handful, so a small demo
still shows every list. Deterministic: an own ``random.Random`` from the seed; rows are
bulk-created in batches with one audit entry per batch (``demo.generator._BatchWriter``).
"""

from __future__ import annotations

import datetime
import math
import random
from collections import defaultdict
from collections.abc import Callable
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from wijkteam.incidents.choices import (
    AftercareOutcome,
    EventKind,
    IncidentKind,
    IncidentLocationKind,
)
from wijkteam.incidents.workflow import CalamityState, CareNeedStatus, IncidentState

TIME_ZONE = ZoneInfo("Europe/Amsterdam")

RECENT_YEAR = 53
PRIOR_YEAR = 37
CARE_NEEDS = 13
CALAMITIES = 2
OVERDUE_AFTERCARE = 3
MIN_RECENT, MIN_PRIOR, MIN_CARE_NEEDS = 12, 8, 3

# Assumed split over the ladder (sums 53 and 37); see the module docstring.
CATEGORIES_RECENT = {1: 10, 2: 14, 3: 13, 4: 9, 5: 4, 6: 3}
CATEGORIES_PRIOR = {1: 10, 2: 12, 3: 9, 4: 4, 5: 2}

K = IncidentKind
KINDS = {
    1: ((K.VERBAL_AGGRESSION, 70), (K.THREAT, 20), (K.OTHER, 10)),
    2: ((K.VERBAL_AGGRESSION, 60), (K.THREAT, 30), (K.FIGHT, 10)),
    3: ((K.THREAT, 55), (K.VERBAL_AGGRESSION, 20), (K.SEXUAL_MISCONDUCT, 10), (K.FIGHT, 15)),
    4: ((K.PHYSICAL_AGGRESSION, 45), (K.THREAT, 35), (K.FIGHT, 15), (K.SEXUAL_MISCONDUCT, 5)),
    5: ((K.PHYSICAL_AGGRESSION, 50), (K.THREAT, 25), (K.VANDALISM, 25)),
    6: ((K.RESIDENT_HARM, 100),),
}
L = IncidentLocationKind
PLACES = (
    (L.OFFICE, 30),
    (L.NEIGHBOURHOOD_ROOM, 25),
    (L.HOME_VISIT, 30),
    (L.PUBLIC_SPACE, 8),
    (L.OTHER, 7),
)
YOUTH_PLACES = ((L.YOUTH_CENTRE, 60), (L.PUBLIC_SPACE, 25), (L.OFFICE, 15))
YOUTH_TEAM = "jongerenwerk"
TEAM_KIND_WEIGHT = {"neighbourhood": 1.0, "village": 1.0, "citywide": 0.25}

DESCRIPTIONS = {
    1: (
        "Bewoner verhief de stem aan de balie toen de afspraak niet doorging.",
        "Vervelende situatie in de buurtkamer; bewoner bleef mopperen en dreigen met een klacht.",
    ),
    2: (
        "Bewoner schold de medewerker uit en wilde het pand niet verlaten.",
        "Verbaal geweld tijdens het spreekuur; collega erbij gehaald.",
    ),
    3: (
        "Bewoner schreeuwde en ging tekeer bij het huisbezoek, persoonlijke bedreiging.",
        "Grensoverschrijdende opmerkingen naar de medewerker na afloop van het gesprek.",
    ),
    4: (
        "Bewoner duwde de medewerker weg en sloeg met de vuist op tafel.",
        "Serieuze bedreiging bij het huisbezoek; medewerker heeft het huis direct verlaten.",
    ),
    5: (
        "Bewoner viel de medewerker aan bij het verlaten van het pand; lichte verwonding.",
        "Bewoner toonde een mes tijdens het gesprek; politie gebeld.",
    ),
    6: (
        "Bewoner raakte in een psychose tijdens de inloop; ambulance gebeld.",
        "Bewoner viel van de trap van de buurtkamer en is met de ambulance vervoerd.",
    ),
}
YOUTH_DESCRIPTIONS = (
    "Vechtpartij tussen jongeren in het jeugdhonk; jongerenwerker greep in.",
    "Opstootje bij de ingang van het jeugdhonk.",
)
MEASURES = (
    "Gesprek beëindigd en collega erbij gehaald.",
    "Bewoner verzocht het pand te verlaten.",
    "Huisbezoek afgebroken.",
    "Politie gebeld.",
    "",
)
THIRD_PARTIES = (
    "Voorbijganger",
    "Familielid van de bewoner",
    "Buurtbewoner",
    "Begeleider van de bewoner",
)
FOLLOW_UPS = (
    "Contact- en pandverbod versturen",
    "Nabespreken in het teamoverleg",
    "Bespreken met de preventiemedewerker",
    "Trainer grensoverschrijdend gedrag uitnodigen",
    "Aangifte doen bij de politie",
    "Afspraken over huisbezoeken met twee medewerkers",
)
REFERRALS = (
    "GGZ Friesland",
    "Verslavingszorg Noord Nederland",
    "Windkracht058",
    "Huisarts / POH-GGZ",
    "Meldpunt Overlast Leeuwarden (MOL)",
)
AUTHORITY = "GGD Fryslân (toezichthouder Wmo)"


def _weighted(rng: random.Random, options):
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]


def _at(day: datetime.date, rng: random.Random, start_hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(start_hour, 0), TIME_ZONE) + (
        datetime.timedelta(minutes=rng.randrange(8 * 60))
    )


def _scaled(full: int, scale: float, minimum: int) -> int:
    return max(minimum, round(full * scale)) if scale < 1 else round(full * scale)


def _categories(rng: random.Random, counts: dict[int, int], n: int, min_flagged: int) -> list[int]:
    slots = [c for c, k in counts.items() for _ in range(k)]
    slots = slots * math.ceil(n / len(slots))
    rng.shuffle(slots)
    chosen = slots[:n]
    flagged = [i for i, c in enumerate(chosen) if c >= 5]
    candidates = [c for c in sorted(counts) if c >= 5]
    for index in range(len(chosen)):
        if len(flagged) >= min(min_flagged, n):
            break
        if chosen[index] < 5:
            chosen[index] = candidates[len(flagged) % len(candidates)]
            flagged.append(index)
    return chosen


def write_demo(
    *,
    seed: int,
    scale: float,
    today: datetime.date,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Create demo incidents with their history; returns the counts."""
    from django.conf import settings

    from wijkteam.accounts.models import TeamMembership, User
    from wijkteam.accounts.roles import ROLES_BY_SLUG
    from wijkteam.demo.generator import _BatchWriter
    from wijkteam.incidents import deadlines, workflow
    from wijkteam.incidents.models import (
        Calamity,
        CareNeed,
        FollowUpAction,
        Incident,
        IncidentEvent,
    )
    from wijkteam.incidents.recipients import holders_of, team_managers
    from wijkteam.organisation.models import Location, Team
    from wijkteam.residents.models import Resident

    rng = random.Random(f"incidents-{seed}")
    teams = list(
        Team.objects.active(today)
        .filter(kind__in=list(TEAM_KIND_WEIGHT))
        .order_by("pk")
        .values_list("pk", "code", "kind", "name")
    )
    memberships: dict[int, list[tuple[int, datetime.date, datetime.date | None]]] = defaultdict(
        list
    )
    for team_id, user_id, start, end in (
        TeamMembership.objects.filter(team_id__in=[t[0] for t in teams], user__is_active=True)
        .order_by("team_id", "user_id", "start_date")
        .values_list("team_id", "user_id", "start_date", "end_date")
    ):
        memberships[team_id].append((user_id, start, end))
    teams = [t for t in teams if memberships.get(t[0])]
    if not teams:
        if progress:
            progress("  incidents:          no teams with staff, skipped")
        return {"incidents": 0}
    managers = {
        tid: [u.pk for u in users] for tid, users in team_managers([t[0] for t in teams]).items()
    }
    quality = list(holders_of(workflow.DECIDE).order_by("pk").values_list("pk", flat=True))
    demo_worker = (
        User.objects.filter(username=ROLES_BY_SLUG["sociaal_werker"].demo_username)
        .values_list("pk", flat=True)
        .first()
    )
    residents_by_team: dict[int, list[int]] = defaultdict(list)
    for pk, team_id in (
        Resident.objects.filter(team_id__in=[t[0] for t in teams])
        .order_by("pk")
        .values_list("pk", "team_id")
    ):
        residents_by_team[team_id].append(pk)
    locations = defaultdict(list)
    for pk, kind in Location.objects.active(today).order_by("pk").values_list("pk", "kind"):
        target = L.OFFICE if kind == "office" else L.NEIGHBOURHOOD_ROOM
        locations[target].append(pk)

    weights = [
        (t, len(memberships[t[0]]) * TEAM_KIND_WEIGHT[t[2]] * (3 if t[1] == YOUTH_TEAM else 1))
        for t in teams
    ]
    n_recent = _scaled(RECENT_YEAR, scale, MIN_RECENT)
    n_prior = _scaled(PRIOR_YEAR, scale, MIN_PRIOR)
    n_calamities = CALAMITIES if scale >= 0.5 else 1
    specs = []
    year = datetime.timedelta(days=365)
    for n, counts, start in (
        (n_prior, CATEGORIES_PRIOR, today - 2 * year + datetime.timedelta(days=1)),
        (n_recent, CATEGORIES_RECENT, today - year + datetime.timedelta(days=1)),
    ):
        for category in _categories(rng, counts, n, n_calamities + 1):
            day = start + datetime.timedelta(days=rng.randrange(365))
            specs.append({"category": category, "occurred_on": day})
    specs.sort(key=lambda s: s["occurred_on"])
    # The newest reports stay open: two fresh ones for the demo worker's team first.
    aftercare_days = settings.INCIDENT_AFTERCARE_WORKING_DAYS

    def members_on(team_id, day):
        found = [u for u, s, e in memberships[team_id] if s <= day and (e is None or e >= day)]
        return found or [u for u, _s, _e in memberships[team_id]]

    demo_team = None
    if demo_worker is not None:
        demo_team = next(
            (t for t in teams if any(u == demo_worker for u, _s, _e in memberships[t[0]])), None
        )

    incidents: list[Incident] = []
    staff_links: list[tuple[int, int]] = []  # (index, user id)
    for index, spec in enumerate(specs):
        category, day = spec["category"], spec["occurred_on"]
        recent = day > today - year
        if demo_team is not None and recent and index >= len(specs) - 4:
            team = demo_team
        else:
            team = rng.choices([w[0] for w in weights], weights=[w[1] for w in weights])[0]
        team_id, code = team[0], team[1]
        people = members_on(team_id, day)
        reporter = rng.choice(people)
        if team is demo_team and index >= len(specs) - 2 and demo_worker in people:
            reporter = demo_worker
        youth = code == YOUTH_TEAM
        place = _weighted(rng, YOUTH_PLACES if youth else PLACES)
        kind = _weighted(rng, KINDS[category])
        if youth and category in (2, 3, 4) and rng.random() < 0.6:
            kind = K.FIGHT
        reported_on = min(
            today, day + datetime.timedelta(days=_weighted(rng, ((0, 75), (1, 20), (3, 5))))
        )
        deadline = deadlines.aftercare_deadline(reported_on, aftercare_days)
        resident = None
        if residents_by_team[team_id] and not youth and rng.random() < 0.55:
            resident = rng.choice(residents_by_team[team_id])
        location = None
        if place in locations and rng.random() < 0.7:
            location = rng.choice(locations[place])
        description = rng.choice(
            YOUTH_DESCRIPTIONS if kind == K.FIGHT and youth else DESCRIPTIONS[category]
        )
        incidents.append(
            Incident(
                occurred_on=day,
                occurred_time=datetime.time(rng.randint(8, 20), rng.choice((0, 15, 30, 45))),
                location_kind=place,
                location_id=location,
                team_id=team_id,
                kind=kind,
                category=category,
                resident_id=resident,
                third_party=rng.choice(THIRD_PARTIES) if rng.random() < 0.15 else "",
                description=description,
                immediate_measures=rng.choice(MEASURES),
                police_involved=rng.random() < {3: 0.1, 4: 0.4, 5: 0.6, 6: 0.2}.get(category, 0.02),
                ambulance_involved=rng.random() < {5: 0.3, 6: 0.6}.get(category, 0.0),
                reporter_id=reporter,
                reported_at=_at(reported_on, rng),
                reported_on=reported_on,
                state=IncidentState.REPORTED,
                aftercare_due_on=deadline.due_on,
                aftercare_computed_with=deadline.computed_with,
            )
        )
        staff_links.append((index, reporter))
        others = [p for p in people if p != reporter]
        if others and rng.random() < 0.25:
            staff_links.append((index, rng.choice(others)))

    # Aftercare: a few stay overdue among the recent ones; the rest on time, some late.
    open_due = [i for i, inc in enumerate(incidents) if inc.aftercare_due_on >= today]
    past_due = [i for i, inc in enumerate(incidents) if inc.aftercare_due_on < today]
    overdue_pool = [
        i for i in past_due if incidents[i].aftercare_due_on > today - datetime.timedelta(days=45)
    ]
    overdue = set(
        rng.sample(
            overdue_pool, min(len(overdue_pool), max(1, round(OVERDUE_AFTERCARE * min(scale, 1))))
        )
    )
    events: list[IncidentEvent] = []
    manager_of = {}
    for i, inc in enumerate(incidents):
        manager_of[i] = (managers.get(inc.team_id) or [inc.reporter_id])[0]
        events.append(
            IncidentEvent(
                incident=inc,
                kind=EventKind.REPORTED,
                to_state=IncidentState.REPORTED,
                actor_id=inc.reporter_id,
                at=inc.reported_at,
            )
        )
    for i in open_due:
        inc = incidents[i]
        if rng.random() < 0.5 and inc.reported_on <= today:
            inc.state = IncidentState.AFTERCARE_PLANNED
            inc.aftercare_planned_on = inc.aftercare_due_on
            events.append(
                IncidentEvent(
                    incident=inc,
                    kind=EventKind.STATE_CHANGED,
                    from_state=IncidentState.REPORTED,
                    to_state=inc.state,
                    actor_id=manager_of[i],
                    at=_at(inc.reported_on, rng, 13),
                    note=f"Gesprek gepland op {inc.aftercare_planned_on:%d-%m-%Y}.",
                )
            )
    for i in past_due:
        inc = incidents[i]
        if i in overdue:
            continue
        if rng.random() < 0.9:
            span = (inc.aftercare_due_on - inc.reported_on).days
            done = inc.reported_on + datetime.timedelta(days=rng.randint(0, max(span, 0)))
        else:
            done = min(today, inc.aftercare_due_on + datetime.timedelta(days=rng.randint(1, 6)))
        inc.state = IncidentState.AFTERCARE_DONE
        inc.aftercare_done_on = done
        inc.aftercare_outcome = (
            AftercareOutcome.HELD if rng.random() < 0.85 else AftercareOutcome.DECLINED
        )
        inc.aftercare_by_id = manager_of[i]
        inc.aftercare_note = "Nabesproken; medewerker weet waar hij of zij terecht kan."
        events.append(
            IncidentEvent(
                incident=inc,
                kind=EventKind.STATE_CHANGED,
                from_state=IncidentState.REPORTED,
                to_state=inc.state,
                actor_id=manager_of[i],
                at=_at(done, rng, 12),
                note=f"{AftercareOutcome(inc.aftercare_outcome).label} ({done:%d-%m-%Y}).",
            )
        )

    # Follow-up actions.
    actions: list[tuple[int, FollowUpAction]] = []
    for i, inc in enumerate(incidents):
        if rng.random() >= 0.45:
            continue
        for description in rng.sample(FOLLOW_UPS, rng.randint(1, 2)):
            owner = inc.reporter_id if description.startswith("Aangifte") else manager_of[i]
            due = inc.reported_on + datetime.timedelta(days=rng.randint(7, 21))
            done = None
            if due < today and (rng.random() < 0.9 or inc.occurred_on < today - year):
                done = min(today, due - datetime.timedelta(days=rng.randint(0, 5)))
                done = max(done, inc.reported_on)
            actions.append(
                (
                    i,
                    FollowUpAction(
                        incident=inc,
                        description=description,
                        owner_id=owner,
                        due_on=due,
                        done_on=done,
                        result="Gedaan." if done else "",
                        created_by_id=manager_of[i],
                        created_at=_at(inc.reported_on, rng, 14),
                    ),
                )
            )

    # The calamity procedure: categories 5 and 6 were flagged; a calamity or two.
    calamities: list[tuple[int, Calamity]] = []
    decider = quality[0] if quality else None
    flagged = [i for i, inc in enumerate(incidents) if inc.category >= 5]
    decidable = [
        i for i in flagged if incidents[i].reported_on < today - datetime.timedelta(days=14)
    ]
    yes = set(
        sorted(
            decidable,
            key=lambda i: (incidents[i].category != 6, -incidents[i].occurred_on.toordinal()),
        )[:n_calamities]
    )
    for i in flagged:
        inc = incidents[i]
        calamity = Calamity(
            incident=inc,
            state=CalamityState.TO_ASSESS,
            flagged_on=inc.reported_on,
            flagged_by_id=inc.reporter_id,
            flag_reason=f"Categorie {inc.category} op de gradatieladder: mogelijk een calamiteit.",
        )
        events.append(
            IncidentEvent(
                incident=inc,
                kind=EventKind.CALAMITY,
                to_state=CalamityState.TO_ASSESS,
                actor_id=inc.reporter_id,
                at=inc.reported_at,
                note=calamity.flag_reason,
            )
        )
        if i in decidable and decider is not None:
            decided = inc.reported_on + datetime.timedelta(days=rng.randint(1, 3))
            calamity.decided_on, calamity.decided_by_id = decided, decider
            if i in yes:
                calamity.state = CalamityState.CALAMITY
                calamity.decision_reason = (
                    "Ernstig letsel; valt onder de meldplicht aan de toezichthouder."
                )
                report = deadlines.calamity_report_deadline(
                    decided, settings.CALAMITY_REPORT_WORKING_DAYS
                )
                calamity.report_due_on, calamity.report_computed_with = (
                    report.due_on,
                    report.computed_with,
                )
                events.append(
                    IncidentEvent(
                        incident=inc,
                        kind=EventKind.CALAMITY,
                        from_state=CalamityState.TO_ASSESS,
                        to_state=CalamityState.CALAMITY,
                        actor_id=decider,
                        at=_at(decided, rng),
                        note=calamity.decision_reason,
                    )
                )
                reported = min(today, decided + datetime.timedelta(days=1))
                calamity.state, calamity.reported_on = CalamityState.REPORTED, reported
                calamity.reported_to, calamity.reference = (
                    AUTHORITY,
                    f"GGD-{reported:%Y}-{rng.randint(100, 999)}",
                )
                events.append(
                    IncidentEvent(
                        incident=inc,
                        kind=EventKind.CALAMITY,
                        from_state=CalamityState.CALAMITY,
                        to_state=CalamityState.REPORTED,
                        actor_id=decider,
                        at=_at(reported, rng),
                        note=f"Gemeld bij {AUTHORITY}.",
                    )
                )
                investigated = reported + datetime.timedelta(days=rng.randint(30, 60))
                if investigated < today - datetime.timedelta(days=14):
                    calamity.state, calamity.investigation_done_on = (
                        CalamityState.INVESTIGATED,
                        investigated,
                    )
                    calamity.investigation_summary = (
                        "Intern onderzoek afgerond; werkwijze huisbezoek aangescherpt."
                    )
                    calamity.state, calamity.closed_on = (
                        CalamityState.CLOSED,
                        investigated + datetime.timedelta(days=7),
                    )
                    for frm, to, on in (
                        (CalamityState.REPORTED, CalamityState.INVESTIGATED, investigated),
                        (CalamityState.INVESTIGATED, CalamityState.CLOSED, calamity.closed_on),
                    ):
                        events.append(
                            IncidentEvent(
                                incident=inc,
                                kind=EventKind.CALAMITY,
                                from_state=frm,
                                to_state=to,
                                actor_id=decider,
                                at=_at(on, rng),
                            )
                        )
            else:
                calamity.state = CalamityState.NOT_CALAMITY
                calamity.decision_reason = (
                    "Geen ernstig gevolg voor de bewoner of medewerker; geen calamiteit."
                )
                events.append(
                    IncidentEvent(
                        incident=inc,
                        kind=EventKind.CALAMITY,
                        from_state=CalamityState.TO_ASSESS,
                        to_state=CalamityState.NOT_CALAMITY,
                        actor_id=decider,
                        at=_at(decided, rng),
                        note=calamity.decision_reason,
                    )
                )
        calamities.append((i, calamity))

    # People who needed more than basic support (recent year).
    n_needs = _scaled(CARE_NEEDS, scale, MIN_CARE_NEEDS)
    recent_ones = [i for i, inc in enumerate(incidents) if inc.occurred_on > today - year]
    serious = [i for i in recent_ones if incidents[i].category >= 3]
    lighter = [i for i in recent_ones if incidents[i].category < 3]
    if len(serious) >= n_needs:
        chosen = sorted(rng.sample(serious, n_needs))
    else:
        chosen = sorted(serious + rng.sample(lighter, min(len(lighter), n_needs - len(serious))))
    needs: list[tuple[int, CareNeed]] = []
    for rank, i in enumerate(chosen):
        inc = incidents[i]
        recorded = min(today, inc.reported_on + datetime.timedelta(days=rng.randint(1, 5)))
        age = (today - recorded).days
        if age > 120:
            status = _weighted(
                rng,
                (
                    (CareNeedStatus.IN_CARE, 45),
                    (CareNeedStatus.CLOSED, 40),
                    (CareNeedStatus.REFERRED, 15),
                ),
            )
        elif age > 30:
            status = _weighted(rng, ((CareNeedStatus.REFERRED, 60), (CareNeedStatus.IN_CARE, 40)))
        else:
            status = CareNeedStatus.OPEN
        follow_up = None
        if status in (CareNeedStatus.OPEN, CareNeedStatus.REFERRED):
            follow_up = recorded + datetime.timedelta(days=rng.choice((14, 28, 42)))
            while follow_up < today - datetime.timedelta(days=10):
                follow_up += datetime.timedelta(days=28)
        need = CareNeed(
            incident=inc,
            resident_id=inc.resident_id,
            person_description="" if inc.resident_id else "Agressor, niet in onze dossiers",
            mental_health_problems=True,
            referral_to="" if status == CareNeedStatus.OPEN else REFERRALS[rank % len(REFERRALS)],
            follow_up_on=follow_up,
            status=status,
            note="Doorverwijzing verloopt moeizaam; bewoner loopt vast bij meerdere instanties."
            if status == CareNeedStatus.REFERRED
            else "",
            recorded_by_id=manager_of[i],
            recorded_at=_at(recorded, rng),
        )
        needs.append((i, need))
        events.append(
            IncidentEvent(
                incident=inc,
                kind=EventKind.CARE_NEED,
                to_state=status,
                actor_id=manager_of[i],
                at=need.recorded_at,
                note=need.referral_to,
            )
        )

    # Closing: aftercare done, nothing open, a while ago.
    open_actions = {i for i, a in actions if a.done_on is None}
    open_calamity = {i for i, c in calamities if c.state in workflow.CALAMITY_OPEN_STATES}
    for i, inc in enumerate(incidents):
        if (
            inc.state == IncidentState.AFTERCARE_DONE
            and i not in open_actions
            and i not in open_calamity
            and inc.aftercare_done_on < today - datetime.timedelta(days=21)
            and rng.random() < 0.85
        ):
            last = max(
                [inc.aftercare_done_on]
                + [a.done_on for j, a in actions if j == i]
                + [
                    c.closed_on or c.decided_on or inc.aftercare_done_on
                    for j, c in calamities
                    if j == i
                ]
            )
            inc.state = IncidentState.CLOSED
            inc.closed_on = min(today, last + datetime.timedelta(days=rng.randint(3, 14)))
            events.append(
                IncidentEvent(
                    incident=inc,
                    kind=EventKind.STATE_CHANGED,
                    from_state=IncidentState.AFTERCARE_DONE,
                    to_state=IncidentState.CLOSED,
                    actor_id=manager_of[i],
                    at=_at(inc.closed_on, rng),
                )
            )

    writer = _BatchWriter(SimpleNamespace(seed=seed, scale=scale), progress)
    writer.create(Incident, incidents, "incidents")
    writer.create(
        Incident.staff_involved.through,
        [
            Incident.staff_involved.through(incident_id=incidents[i].pk, user_id=u)
            for i, u in dict.fromkeys(staff_links)
        ],
        "incident staff",
        log_model=Incident,
    )
    for _i, action in actions:
        action.incident_id = action.incident.pk
    writer.create(FollowUpAction, [a for _i, a in actions], "incident actions")
    for _i, calamity in calamities:
        calamity.incident_id = calamity.incident.pk
    writer.create(Calamity, [c for _i, c in calamities], "calamity procedures")
    for _i, need in needs:
        need.incident_id = need.incident.pk
    writer.create(CareNeed, [n for _i, n in needs], "care needs")
    for event in events:
        event.incident_id = event.incident.pk
    for _i, action in actions:
        events.append(
            IncidentEvent(
                incident_id=action.incident_id,
                kind=EventKind.FOLLOW_UP_ADDED,
                actor_id=action.created_by_id,
                at=action.created_at,
                note=action.description,
            )
        )
        if action.done_on:
            events.append(
                IncidentEvent(
                    incident_id=action.incident_id,
                    kind=EventKind.FOLLOW_UP_DONE,
                    actor_id=action.owner_id,
                    at=_at(action.done_on, rng),
                    note=action.description,
                )
            )
    events.sort(key=lambda e: (e.at, e.incident_id))
    writer.create(IncidentEvent, events, "incident history")
    return {
        "incidents": len(incidents),
        "follow_ups": len(actions),
        "calamities": sum(
            1 for _i, c in calamities if c.decided_on and c.state != CalamityState.NOT_CALAMITY
        ),
        "care_needs": len(needs),
    }
