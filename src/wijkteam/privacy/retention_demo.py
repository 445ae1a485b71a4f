"""Demo data for retention: a few old files past their retention date, so that a dry run
(``manage.py apply_retention --dry-run``, or the button on the retention page) shows something,
and one of them under a legal hold.

The generated demo cases start in 2021, so only Wgs cases closed early in 2021 have passed
retention (5 years) by the demo 'today'. Here come, as if migrated from the previous system:

* residents with one old closed case each (Wmo closed ~2009, Jeugdwet closed ~2004, Wgs closed
  ~2020, basic support closed ~2010), each with a household of their own, a state history, a
  conversation and contacts: each file would be erased;
* an old Wmo case for a resident who also has a current, open demo case: that case alone
  would be anonymised, the file stays;
* an old Wmo case with a legal hold placed by the demo quality account: kept.

Deterministic (``random.Random`` from the seed); bulk-created with one audit entry per batch.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from types import SimpleNamespace
from zoneinfo import ZoneInfo

TIME_ZONE = ZoneInfo("Europe/Amsterdam")

FIRST_NAMES = ("Sjoukje", "Hendrik", "Geertje", "Wiebe", "Tjitske", "Durk", "Anneke", "Bauke")
LAST_NAMES = (
    "de Vries",
    "Hoekstra",
    "Postma",
    "Visser",
    "Dijkstra",
    "Bakker",
    "Kuipers",
    "Wiersma",
)
# (legal framework, closing year, how many); retention is computed with the current rules.
OLD_FILES = (("wmo", 2009, 2), ("youth", 2004, 1), ("debt", 2020, 2), ("basic", 2010, 1))
HOLD_REASON = "Klachtprocedure bij de Nationale ombudsman loopt nog (demo)."


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9, 0), TIME_ZONE) + datetime.timedelta(
        minutes=rng.randrange(7 * 60)
    )


def write_retention_demo(
    *,
    seed: int,
    scale: float,
    today: datetime.date,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    from wijkteam.accounts.models import TeamMembership, User
    from wijkteam.demo.generator import _BatchWriter
    from wijkteam.organisation.choices import TeamKind
    from wijkteam.organisation.models import Team
    from wijkteam.privacy.models import LegalHold
    from wijkteam.residents.choices import HouseholdRelation
    from wijkteam.residents.models import Household, HouseholdMember, Resident
    from wijkteam.support.choices import (
        ClosureReason,
        ContactKind,
        ConversationKind,
        RequestChannel,
    )
    from wijkteam.support.deadlines import retention_until
    from wijkteam.support.models import CaseTransition, Contact, Conversation, SupportCase
    from wijkteam.support.workflow import CaseState

    rng = random.Random(f"retention-{seed}")
    teams = list(
        Team.objects.active(today).filter(kind=TeamKind.NEIGHBOURHOOD).order_by("code")[:4]
    )
    if not teams:
        return {}
    workers = {
        team.pk: list(
            TeamMembership.objects.active(today)
            .filter(team=team)
            .order_by("user_id")
            .values_list("user_id", flat=True)
        )
        or [User.objects.order_by("pk").values_list("pk", flat=True).first()]
        for team in teams
    }

    def old_case(resident_index, team, framework, closed_year):
        closed_on = datetime.date(closed_year, rng.randint(1, 11), rng.randint(1, 28))
        received_on = closed_on - datetime.timedelta(days=rng.randint(60, 400))
        return {
            "resident_index": resident_index,
            "team": team,
            "worker": rng.choice(workers[team.pk]),
            "framework": framework,
            "received_on": received_on,
            "closed_on": closed_on,
        }

    # 1. Old files, one resident each.
    specs = []
    residents = []
    for framework, year, count in OLD_FILES:
        for _ in range(count):
            team = teams[len(residents) % len(teams)]
            residents.append(
                Resident(
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    date_of_birth=datetime.date(
                        rng.randint(1938, 1975) if framework != "youth" else 1990,
                        rng.randint(1, 12),
                        rng.randint(1, 28),
                    ),
                    street="Oude Oosterstraat",
                    house_number=str(rng.randint(1, 80)),
                    postcode="8911AB",
                    team_id=team.pk,
                    created_at=_at(datetime.date(2021, 1, 4), rng),
                )
            )
            specs.append(old_case(len(residents) - 1, team, framework, year))
    held_index = 0  # the first old Wmo file gets the legal hold

    writer = _BatchWriter(SimpleNamespace(seed=seed, scale=scale), progress)
    writer.create(Resident, residents, "old files (retention)")
    households = [
        Household(name=f"Huishouden {r.last_name}", team_id=r.team_id, created_at=r.created_at)
        for r in residents
    ]
    writer.create(Household, households, "old households")
    writer.create(
        HouseholdMember,
        [
            HouseholdMember(household_id=h.pk, resident_id=r.pk, relation=HouseholdRelation.HEAD)
            for h, r in zip(households, residents, strict=True)
        ],
        "old household members",
    )

    # 2. An old Wmo case for a resident with a current open case: the file stays.
    current = (
        SupportCase.objects.filter(closed_on__isnull=True, team__in=teams)
        .order_by("pk")
        .values_list("resident_id", "team_id", "household_id")
        .first()
    )
    resident_ids = [r.pk for r in residents]
    household_ids = [h.pk for h in households]
    if current:
        resident_ids.append(current[0])
        household_ids.append(current[2])  # the household the resident heads
        team = next(t for t in teams if t.pk == current[1])
        specs.append(old_case(len(resident_ids) - 1, team, "wmo", 2008))

    cases = []
    for spec in specs:
        cases.append(
            SupportCase(
                resident_id=resident_ids[spec["resident_index"]],
                household_id=household_ids[spec["resident_index"]],
                team_id=spec["team"].pk,
                coordinator_id=spec["worker"],
                legal_framework=spec["framework"],
                received_on=spec["received_on"],
                channel=rng.choice([RequestChannel.PHONE, RequestChannel.WALK_IN]),
                question="Hulpvraag uit het vorige registratiesysteem (demo).",
                state=CaseState.CLOSED,
                closed_on=spec["closed_on"],
                closure_reason=rng.choice([ClosureReason.GOALS_ACHIEVED, ClosureReason.MOVED_AWAY]),
                closure_note="Overgenomen uit het vorige systeem (demo).",
                retention_until=retention_until(spec["framework"], spec["closed_on"]),
            )
        )
    writer.create(SupportCase, cases, "old cases (retention)")

    transitions, contacts, conversations = [], [], []
    for case, spec in zip(cases, specs, strict=True):
        worker = spec["worker"]
        transitions.append(
            CaseTransition(
                case_id=case.pk,
                from_state="",
                to_state=CaseState.REGISTERED,
                on=case.received_on,
                actor_id=worker,
                at=_at(case.received_on, rng),
            )
        )
        transitions.append(
            CaseTransition(
                case_id=case.pk,
                from_state=CaseState.REGISTERED,
                to_state=CaseState.CLOSED,
                on=case.closed_on,
                closure_reason=case.closure_reason,
                reason="Afgesloten (demo).",
                actor_id=worker,
                at=_at(case.closed_on, rng),
            )
        )
        conversations.append(
            Conversation(
                case_id=case.pk,
                held_on=case.received_on,
                kind=ConversationKind.KITCHEN_TABLE,
                participants="Inwoner (demo)",
                outcome="Afspraken gemaakt (demo).",
                recorded_by_id=worker,
                recorded_at=_at(case.received_on, rng),
            )
        )
        for _ in range(rng.randint(1, 3)):
            day = case.received_on + datetime.timedelta(
                days=rng.randint(0, (case.closed_on - case.received_on).days)
            )
            contacts.append(
                Contact(
                    case_id=case.pk,
                    date=day,
                    duration_minutes=rng.choice([15, 30, 45, 60]),
                    kind=rng.choice([ContactKind.VISIT, ContactKind.PHONE]),
                    recorded_by_id=worker,
                    recorded_at=_at(day, rng),
                )
            )
    writer.create(CaseTransition, transitions, "old state changes")
    writer.create(Conversation, conversations, "old conversations")
    writer.create(Contact, contacts, "old contacts")

    quality = User.objects.filter(is_demo_account=True, username="kwaliteit").first()
    holds = []
    if quality is not None:
        held = cases[held_index]
        holds.append(
            LegalHold(
                case_id=held.pk,
                reason=HOLD_REASON,
                placed_by=quality,
                placed_at=_at(today - datetime.timedelta(days=30), rng),
            )
        )
        writer.create(LegalHold, holds, "legal holds")
    return {"old files": len(residents), "old cases": len(cases), "legal holds": len(holds)}
