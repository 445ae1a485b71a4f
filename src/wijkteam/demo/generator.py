"""Deterministic demo data: staff, demo accounts, residents, households and support cases.

Two steps keep it fast and testable:

* ``build_demo_data(seed, scale)`` is a pure function. It touches no database and returns plain
  rows; the same seed and scale always give the same rows (``DemoData.digest()``).
* ``write_demo_data(data)`` turns the rows into model instances and bulk-creates them in
  batches of ``BATCH_SIZE``. The caller wraps it in a transaction.

Calibration (scale 1 = about one year of Leeuwarden):

* Staff follow the FTE table per 31-12-2023 (216.89 fte, ``FTE_TABLE_2023``). Each person gets
  0.56, 0.67, 0.78, 0.89 or 1.0 fte, drawn until the row's target is met; the demo accounts
  count towards their row. Every active team has at least one member and exactly one manager
  membership.
* Cases follow the 2019 caseload of the wijk- and dorpenteams (7,765 cases, 16,695 persons);
  household sizes 1-5 average 2.15 persons per case, as in 2019.
* Dates are relative to ``DEMO_TODAY`` (31 October 2026), a fixed "today" of the demo, not the
  real date, so that a seed always gives the same data: cases were received in the twelve
  months up to that day and about 40% of them are closed by then.
* Every case has a support cycle (``CycleRow``, drawn from its own seeded generator so the
  people and dates above do not change): channel and question, the states it went through,
  contacts, conversations and referrals. Deadlines are computed and stored with the rules of
  ``support/deadlines.py`` and met by the first event that meets them, so relative to
  ``DEMO_TODAY`` some are overdue and some are due within the week. Open requests have no
  first contact in about 6% of the cases.
* BSNs come only from the test range 999900006-999999990 and pass the eleven test. That range
  holds 9,091 valid numbers; 85% of the persons get one as long as the range lasts (up to about
  scale 0.64). At larger scales every test number is used once and the rest have no BSN:
  real-looking numbers outside the test range are never generated.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from faker import Faker

from wijkteam.accounts.roles import ROLES_BY_SLUG
from wijkteam.organisation.reference_data import (
    FTE_TABLE_2023,
    NEIGHBOURHOOD_TEAMS,
    SUPPORT_TEAM_CODE,
    TEAMS,
    caseload_2019_by_team,
)

DEMO_TODAY = datetime.date(2026, 10, 31)
CONTRACT_START = datetime.date(2021, 1, 1)
BATCH_SIZE = 2000
TIME_ZONE = ZoneInfo("Europe/Amsterdam")

FTE_OPTIONS = tuple(Decimal(v) for v in ("0.56", "0.67", "0.78", "0.89", "1.00"))
BSN_TEST_RANGE = (999900006, 999999990)
BSN_SHARE = 0.85
CLOSED_SHARE = 0.40
SECOND_TEAM_SHARE = 0.08
COLLECTIVE_WORKERS = 3  # Team Collectief werken: three sociaal werkers (001 l.604-606)

# Household size 1-5 -> weight; mean 2.15 persons per case as in 2019 (16,695 / 7,765).
HOUSEHOLD_SIZES = (1, 2, 3, 4, 5)
HOUSEHOLD_WEIGHTS = (42, 26, 14, 11, 7)

# Age bands of the main applicant: (from, to, weight).
HEAD_AGE_BANDS = ((18, 26, 14), (27, 40, 26), (41, 55, 24), (56, 67, 16), (68, 95, 20))

EXECUTIVE_ROLE = "sociaal_werker"
ROLE_BY_FUNCTION = {
    "teammanager": "teammanager",
    "beleidsadviseur": "kwaliteitsmedewerker",
    "kwaliteitsmedewerker": "kwaliteitsmedewerker",
    "functioneel-beheerder": "functioneel_beheerder",
}
EXECUTIVE_FUNCTIONS = frozenset(
    {
        "sociaal-werker",
        "begeleider",
        "activiteitencoordinator",
        "jongerenwerker",
        "opbouwwerker",
        "adviseur-vrijwillige-inzet",
        "medewerker-mantelzorgondersteuning",
        "coordinator-buurtbemiddeling",
        "coordinator-taalondersteuning",
        "ervaringsdeskundige",
    }
)

# Parts of "Overige overhead/directie" (18.17 fte) that the demo gives their own function;
# the FTE table has no rows for them. (function, team, fte at scale 1)
OVERHEAD_CARVE_OUTS = (
    ("coordinator-buurtbemiddeling", "buurtbemiddeling", Decimal("1.00")),
    ("coordinator-taalondersteuning", "taalondersteuning", Decimal("0.78")),
    ("kwaliteitsmedewerker", SUPPORT_TEAM_CODE, Decimal("2.00")),
    ("functioneel-beheerder", SUPPORT_TEAM_CODE, Decimal("2.00")),
)
# Share of the begeleiders row that works in Team Statushouders (assumption).
BEGELEIDERS_STATUSHOUDERS_SHARE = Decimal("0.08")

FIRST_TEAM = NEIGHBOURHOOD_TEAMS[0].code
SECOND_MANAGED_TEAM = NEIGHBOURHOOD_TEAMS[1].code


@dataclass(frozen=True)
class DemoAccountSpec:
    role: str
    function: str | None
    fte: Decimal
    teams: tuple[str, ...]
    manages: tuple[str, ...] = ()


DEMO_ACCOUNTS: tuple[DemoAccountSpec, ...] = (
    DemoAccountSpec("sociaal_werker", "sociaal-werker", Decimal("0.89"), (FIRST_TEAM,)),
    DemoAccountSpec(
        "teammanager",
        "teammanager",
        Decimal("1.00"),
        (FIRST_TEAM, SECOND_MANAGED_TEAM),
        manages=(FIRST_TEAM, SECOND_MANAGED_TEAM),
    ),
    DemoAccountSpec(
        "kwaliteitsmedewerker", "kwaliteitsmedewerker", Decimal("0.89"), (SUPPORT_TEAM_CODE,)
    ),
    DemoAccountSpec(
        "functioneel_beheerder", "functioneel-beheerder", Decimal("0.89"), (SUPPORT_TEAM_CODE,)
    ),
    DemoAccountSpec("bestuurder", "overige-overhead", Decimal("1.00"), (SUPPORT_TEAM_CODE,)),
    DemoAccountSpec("gemeente", None, Decimal("0"), ()),
)

CITY = "Leeuwarden"
# Villages of the gemeente per dorpen area, weighted roughly by size (plausible, not exact).
VILLAGES = {
    "dorpen-zuid": (
        ("Grou", 30),
        ("Mantgum", 9),
        ("Wirdum", 8),
        ("Jirnsum", 7),
        ("Goutum", 7),
        ("Wergea", 5),
        ("Warten", 4),
        ("Reduzum", 4),
        ("Weidum", 3),
        ("Easterlittens", 2),
    ),
    "dorpen-noord": (
        ("Stiens", 60),
        ("Britsum", 8),
        ("Koarnjum", 6),
        ("Jelsum", 5),
        ("Lekkum", 4),
        ("Finkum", 4),
        ("Hijum", 3),
    ),
}
# First four digits of the postcode per place kind (plausible ranges, not an address check).
POSTCODE_DIGITS = {CITY: (8911, 8941), "dorpen-zuid": (9001, 9029), "dorpen-noord": (9051, 9057)}
POSTCODE_BANNED_LETTERS = frozenset({"SA", "SD", "SS"})
LETTERS = "ABCDEFGHJKLMNPRSTVWXZ"

NAME_PREFIX_WORDS = frozenset(
    {"van", "de", "der", "den", "het", "'t", "'s", "ter", "ten", "te", "in", "op", "uit"}
    | {"d'", "la", "le", "du", "des", "von", "zu", "vd"}
)


@dataclass(slots=True)
class Membership:
    team: str
    start_date: datetime.date
    is_manager: bool = False


@dataclass(slots=True)
class StaffRow:
    username: str
    first_name: str
    name_prefix: str
    last_name: str
    function: str | None
    fte: Decimal
    employment_start: datetime.date | None
    memberships: list[Membership] = field(default_factory=list)
    role: str | None = None  # role slug, see accounts/roles.py
    is_demo_account: bool = False


@dataclass(slots=True)
class PersonRow:
    first_name: str
    name_prefix: str
    last_name: str
    date_of_birth: datetime.date
    relation: str
    bsn: str | None = None


@dataclass(slots=True)
class CaseRow:
    team: str
    area: str
    household_name: str
    street: str
    house_number: str
    postcode: str
    city: str
    members: list[PersonRow]  # the first member is the main applicant (head)
    coordinator: int  # index into DemoData.staff
    legal_framework: str
    received_on: datetime.date
    closed_on: datetime.date | None
    registered_at: datetime.datetime
    cycle: CycleRow | None = None  # filled by _add_case_cycle


@dataclass(slots=True)
class CycleRow:
    """What happened in one case: the request details, its states and what was recorded.

    Dates only; deadlines and retention dates are computed when written, with the rules of
    ``support/deadlines.py`` (so they follow the configured settings, like real cases).
    """

    channel: str
    question: str
    urgent_debt_threat: bool
    transitions: list[tuple[str, str, datetime.date]]  # (from, to, on); the first from is ""
    closure_reason: str = ""
    contacts: list[tuple[datetime.date, int, str]] = field(default_factory=list)
    conversations: list[tuple[datetime.date, str]] = field(default_factory=list)
    # (category, provider, sent on, status, answered on)
    referrals: list[tuple[str, str, datetime.date, str, datetime.date | None]] = field(
        default_factory=list
    )

    @property
    def state(self) -> str:
        return self.transitions[-1][1]


@dataclass
class DemoData:
    seed: int
    scale: float
    staff: list[StaffRow]
    cases: list[CaseRow]

    @property
    def persons(self) -> Iterable[PersonRow]:
        for case in self.cases:
            yield from case.members

    @property
    def person_count(self) -> int:
        return sum(len(case.members) for case in self.cases)

    def digest(self) -> str:
        """A fingerprint of the people, numbers and dates: equal digests, equal data."""
        sha = hashlib.sha256()
        for s in self.staff:
            sha.update(
                f"S|{s.username}|{s.first_name}|{s.name_prefix}|{s.last_name}|{s.function}|"
                f"{s.fte}|{s.employment_start}|{s.role}|"
                f"{[(m.team, m.start_date, m.is_manager) for m in s.memberships]}\n".encode()
            )
        for c in self.cases:
            sha.update(
                f"C|{c.team}|{c.household_name}|{c.street}|{c.house_number}|{c.postcode}|"
                f"{c.city}|{c.coordinator}|{c.legal_framework}|{c.received_on}|{c.closed_on}\n".encode()
            )
            if c.cycle is not None:
                sha.update(
                    f"Y|{c.cycle.channel}|{c.cycle.question}|{c.cycle.urgent_debt_threat}|"
                    f"{c.cycle.transitions}|{c.cycle.closure_reason}|{c.cycle.contacts}|"
                    f"{c.cycle.conversations}|{c.cycle.referrals}\n".encode()
                )
            for p in c.members:
                sha.update(
                    f"P|{p.first_name}|{p.name_prefix}|{p.last_name}|{p.date_of_birth}|"
                    f"{p.relation}|{p.bsn}\n".encode()
                )
        return sha.hexdigest()


# ---------------------------------------------------------------------------------------------
# Small pure helpers
# ---------------------------------------------------------------------------------------------


def bsn_is_valid(number: int) -> bool:
    """The eleven test (elfproef) of a 9-digit BSN."""
    digits = f"{number:09d}"
    total = sum((9 - i) * int(d) for i, d in enumerate(digits[:8])) - int(digits[8])
    return total % 11 == 0


@functools.cache
def bsn_test_pool() -> tuple[str, ...]:
    """Every BSN of the test range that passes the eleven test (9,091 numbers)."""
    low, high = BSN_TEST_RANGE
    return tuple(str(n) for n in range(low, high + 1) if bsn_is_valid(n))


def split_last_name(raw: str) -> tuple[str, str]:
    """Split Faker's last name into (tussenvoegsel, achternaam): "van der Ploeg" -> both parts."""
    raw = " ".join(raw.split())
    if ", " in raw:  # "Bourgondië, van"
        last, prefix = raw.split(", ", 1)
        words = prefix.split()
        if all(w.lower() in NAME_PREFIX_WORDS for w in words):
            return prefix.lower(), last
        return "", raw
    words = raw.split(" ")
    prefix: list[str] = []
    while len(words) > 1 and words[0].lower() in NAME_PREFIX_WORDS:
        prefix.append(words.pop(0).lower())
    joined = " ".join(prefix)
    if len(joined) > 20:
        return "", raw
    return joined, " ".join(words)


def _ascii_slug(value: str) -> str:
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def _draw_ftes(rng: random.Random, target: Decimal, min_people: int = 0) -> list[Decimal]:
    """Person FTEs from FTE_OPTIONS whose sum is close to ``target``."""
    ftes: list[Decimal] = []
    remaining = target
    half_smallest = FTE_OPTIONS[0] / 2
    while remaining >= half_smallest or len(ftes) < min_people:
        fte = rng.choice(FTE_OPTIONS)
        if fte > remaining:
            fte = min(FTE_OPTIONS, key=lambda option: (abs(option - remaining), option))
        ftes.append(fte)
        remaining -= fte
    return ftes


def _spread(total: Decimal, weights: dict[str, Decimal]) -> dict[str, Decimal]:
    weight_sum = sum(weights.values())
    return {key: total * weight / weight_sum for key, weight in weights.items()}


def _random_date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _age_on(birth: datetime.date, on: datetime.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _birth_date(rng: random.Random, age: int, on: datetime.date) -> datetime.date:
    """A date of birth that makes the person ``age`` years old on ``on``."""
    latest = datetime.date(on.year - age, on.month, min(on.day, 28))
    return latest - datetime.timedelta(days=rng.randint(0, 364))


class _Names:
    """Faker nl_NL names with the tussenvoegsel split off, on a seeded Faker instance."""

    def __init__(self, fake: Faker):
        self.fake = fake

    def first(self) -> str:
        return self.fake.first_name()

    def last(self) -> tuple[str, str]:
        return split_last_name(self.fake.last_name())


# ---------------------------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------------------------


@dataclass
class _StaffPlan:
    rows: list[StaffRow]
    sociaal_werkers_by_team: dict[str, list[int]]


def _active_team_codes() -> list[str]:
    return [spec.code for spec in TEAMS if spec.valid_to is None or spec.valid_to >= DEMO_TODAY]


def _build_staff(
    rng: random.Random, names: _Names, scale: Decimal, reserved_usernames: frozenset[str]
) -> _StaffPlan:
    team_start = {spec.code: spec.valid_from for spec in TEAMS}
    neighbourhood_codes = [spec.code for spec in NEIGHBOURHOOD_TEAMS]
    caseload = caseload_2019_by_team()
    case_weights = {code: caseload[code][0] for code in neighbourhood_codes}
    rows: list[StaffRow] = []
    taken = set(reserved_usernames)

    def membership(team: str, employment_start: datetime.date, **kwargs) -> Membership:
        return Membership(team, max(employment_start, team_start[team]), **kwargs)

    # Demo accounts first; their FTE counts towards the table.
    demo_fte: dict[tuple[str | None, str | None], Decimal] = {}
    for spec in DEMO_ACCOUNTS:
        role = ROLES_BY_SLUG[spec.role]
        rows.append(
            StaffRow(
                username=role.demo_username,
                first_name="Demo",
                name_prefix="",
                last_name=str(role.name),
                function=spec.function,
                fte=spec.fte,
                employment_start=CONTRACT_START if spec.function else None,
                memberships=[
                    membership(team, CONTRACT_START, is_manager=team in spec.manages)
                    for team in spec.teams
                ],
                role=spec.role,
                is_demo_account=True,
            )
        )
        taken.add(role.demo_username)
        # Teammanagers are one FTE row without a team; everyone else counts in the first team.
        key = (spec.function, "" if spec.manages else spec.teams[0] if spec.teams else None)
        demo_fte[key] = demo_fte.get(key, Decimal(0)) + spec.fte

    # (function, primary team, fte target, minimum number of people)
    targets: list[tuple[str, str, Decimal, int]] = []
    for row in FTE_TABLE_2023:
        row_fte = row.fte_2023 * scale
        for function, share in row.functions:
            fte = row_fte * share
            if row.label.startswith("Overige overhead"):
                for carved_function, carved_team, carved_fte in OVERHEAD_CARVE_OUTS:
                    targets.append((carved_function, carved_team, carved_fte * scale, 1))
                    fte -= carved_fte * scale
                targets.append((function, SUPPORT_TEAM_CODE, fte, 0))
            elif row.label.startswith("Begeleiders"):
                weights = {
                    code: weight * (1 - BEGELEIDERS_STATUSHOUDERS_SHARE)
                    for code, weight in _spread(Decimal(1), case_weights).items()
                }
                weights["statushouders"] = BEGELEIDERS_STATUSHOUDERS_SHARE
                for team, team_fte in _spread(fte, weights).items():
                    targets.append((function, team, team_fte, 0))
            elif row.label.startswith("Teammanagers"):
                targets.append((function, "", fte, 1))
            elif not row.teams:
                for team, team_fte in _spread(fte, case_weights).items():
                    targets.append((function, team, team_fte, 1))
            else:
                first_function = function == row.functions[0][0]
                targets.append((function, row.teams[0], fte, 1 if first_function else 0))

    def new_person(function: str, fte: Decimal) -> StaffRow:
        first = names.first()
        prefix, last = names.last()
        base = f"{_ascii_slug(first)}.{_ascii_slug(prefix + last)}"
        username, number = base, 1
        while username in taken:
            number += 1
            username = f"{base}{number}"
        taken.add(username)
        if rng.random() < 0.4:
            start = CONTRACT_START  # staff taken over when the contract started (004)
        else:
            start = _random_date(rng, CONTRACT_START, DEMO_TODAY - datetime.timedelta(days=60))
        role = ROLE_BY_FUNCTION.get(function)
        if role is None and function in EXECUTIVE_FUNCTIONS:
            role = EXECUTIVE_ROLE
        return StaffRow(username, first, prefix, last, function, fte, start, role=role)

    managers: list[StaffRow] = []
    for function, team, fte, min_people in targets:
        fte = max(Decimal(0), fte - demo_fte.pop((function, team), Decimal(0)))
        for person_fte in _draw_ftes(rng, fte, min_people):
            person = new_person(function, person_fte)
            if function == "teammanager":
                managers.append(person)
            else:
                person.memberships.append(membership(team, person.employment_start))
            rows.append(person)

    # One manager membership per active team; the demo teammanager has two of them.
    managed_by_demo = {team for spec in DEMO_ACCOUNTS for team in spec.manages}
    to_manage = [code for code in _active_team_codes() if code not in managed_by_demo]
    for index, manager in enumerate(managers):
        chunk = to_manage[
            index * len(to_manage) // len(managers) : (index + 1) * len(to_manage) // len(managers)
        ]
        for team in chunk:
            manager.memberships.append(membership(team, manager.employment_start, is_manager=True))

    # Some people work in two teams: a second wijk- or dorpenteam, and Team Collectief werken.
    sociaal_werkers_by_team: dict[str, list[int]] = {code: [] for code in neighbourhood_codes}
    for index, row in enumerate(rows):
        if row.function == "sociaal-werker" and row.memberships:
            team = row.memberships[0].team
            if team in sociaal_werkers_by_team:
                sociaal_werkers_by_team[team].append(index)
    neighbourhood_workers = [
        index
        for index, row in enumerate(rows)
        if not row.is_demo_account
        and row.function in EXECUTIVE_FUNCTIONS
        and row.memberships
        and row.memberships[0].team in sociaal_werkers_by_team
    ]
    for index in neighbourhood_workers:
        if rng.random() < SECOND_TEAM_SHARE:
            row = rows[index]
            other = rng.choice([c for c in neighbourhood_codes if c != row.memberships[0].team])
            row.memberships.append(membership(other, row.employment_start))
    candidates = [
        index
        for team_workers in sociaal_werkers_by_team.values()
        for index in team_workers
        if not rows[index].is_demo_account and len(rows[index].memberships) == 1
    ]
    collective = max(1, round(COLLECTIVE_WORKERS * float(scale)))
    for index in rng.sample(candidates, min(collective, len(candidates))):
        rows[index].memberships.append(
            membership("collectief-werken", rows[index].employment_start)
        )

    return _StaffPlan(rows, sociaal_werkers_by_team)


# ---------------------------------------------------------------------------------------------
# Residents, households and cases
# ---------------------------------------------------------------------------------------------


def _postcode(rng: random.Random, digits: tuple[int, int]) -> str:
    while True:
        letters = rng.choice(LETTERS) + rng.choice(LETTERS)
        if letters not in POSTCODE_BANNED_LETTERS:
            return f"{rng.randint(*digits)}{letters}"


def _weighted(rng: random.Random, options: Sequence[tuple[str, int]]) -> str:
    return rng.choices([o for o, _w in options], weights=[w for _o, w in options])[0]


def _household(rng: random.Random, names: _Names, received_on: datetime.date) -> list[PersonRow]:
    size = rng.choices(HOUSEHOLD_SIZES, weights=HOUSEHOLD_WEIGHTS)[0]
    low, high, _w = rng.choices(HEAD_AGE_BANDS, weights=[b[2] for b in HEAD_AGE_BANDS])[0]
    head_age = rng.randint(low, high)
    prefix, last = names.last()
    head = PersonRow(names.first(), prefix, last, _birth_date(rng, head_age, received_on), "head")
    members = [head]
    if size >= 2 and head_age >= 20 and rng.random() < 0.6:
        partner_age = max(18, head_age + rng.randint(-6, 6))
        p_prefix, p_last = (prefix, last) if rng.random() < 0.35 else names.last()
        members.append(
            PersonRow(
                names.first(),
                p_prefix,
                p_last,
                _birth_date(rng, partner_age, received_on),
                "partner",
            )
        )
    if head_age < 40 and len(members) < size and rng.random() < 0.05:
        parent_age = min(95, head_age + rng.randint(20, 35))
        members.append(
            PersonRow(
                names.first(), prefix, last, _birth_date(rng, parent_age, received_on), "parent"
            )
        )
    while len(members) < size:
        if head_age <= 62:
            age = rng.randint(0, max(0, min(head_age - 18, 24)))
            relation, m_prefix, m_last = "child", prefix, last
        elif rng.random() < 0.7:
            age = rng.randint(18, max(18, head_age - 20))
            relation, m_prefix, m_last = "child", prefix, last
        else:
            age = rng.randint(18, 90)
            relation = "other"
            m_prefix, m_last = names.last()
        members.append(
            PersonRow(names.first(), m_prefix, m_last, _birth_date(rng, age, received_on), relation)
        )
    return members


def _legal_framework(rng: random.Random, members: list[PersonRow], on: datetime.date) -> str:
    head_age = _age_on(members[0].date_of_birth, on)
    has_minors = any(_age_on(m.date_of_birth, on) < 18 for m in members[1:])
    if has_minors:
        options = (("youth", 25), ("wmo", 5), ("debt", 10), ("basic", 60))
    elif head_age >= 65:
        options = (("wmo", 30), ("debt", 4), ("basic", 66))
    else:
        options = (("wmo", 10), ("debt", 15), ("basic", 75))
    return _weighted(rng, options)


def _build_cases(
    rng: random.Random, names: _Names, scale: Decimal, staff: _StaffPlan
) -> list[CaseRow]:
    caseload = caseload_2019_by_team()
    cases: list[CaseRow] = []
    for spec in NEIGHBOURHOOD_TEAMS:
        area = spec.areas[0]
        count = int((caseload[spec.code][0] * scale).quantize(Decimal(1), ROUND_HALF_UP))
        workers = staff.sociaal_werkers_by_team[spec.code]
        for _ in range(count):
            received_on = DEMO_TODAY - datetime.timedelta(days=rng.randrange(365))
            age_days = (DEMO_TODAY - received_on).days
            closed_on = None
            if rng.random() < 2 * CLOSED_SHARE * age_days / 365:
                duration = min(age_days, int(rng.expovariate(1 / 90)))
                closed_on = received_on + datetime.timedelta(days=duration)
            members = _household(rng, names, received_on)
            if area in VILLAGES:
                city = _weighted(rng, VILLAGES[area])
                postcode = _postcode(rng, POSTCODE_DIGITS[area])
            else:
                city = CITY
                postcode = _postcode(rng, POSTCODE_DIGITS[CITY])
            available = [
                index
                for index in workers
                if staff.rows[index].memberships[0].start_date <= received_on
            ]
            head = members[0]
            surname = f"{head.name_prefix} {head.last_name}".strip()
            cases.append(
                CaseRow(
                    team=spec.code,
                    area=area,
                    household_name=f"Huishouden {surname}",
                    street=names.fake.street_name(),
                    house_number=names.fake.building_number(),
                    postcode=postcode,
                    city=city,
                    members=members,
                    coordinator=rng.choice(available or workers),
                    legal_framework=_legal_framework(rng, members, received_on),
                    received_on=received_on,
                    closed_on=closed_on,
                    registered_at=datetime.datetime.combine(
                        received_on, datetime.time(8, 30), TIME_ZONE
                    )
                    + datetime.timedelta(minutes=rng.randrange(8 * 60)),
                )
            )
    return cases


def _assign_bsns(rng: random.Random, cases: list[CaseRow]) -> None:
    persons = [person for case in cases for person in case.members]
    pool = bsn_test_pool()
    wanted = min(round(BSN_SHARE * len(persons)), len(pool))
    chosen = rng.sample(range(len(persons)), wanted)
    for index, bsn in zip(chosen, rng.sample(pool, wanted), strict=True):
        persons[index].bsn = bsn


# ---------------------------------------------------------------------------------------------
# The support cycle of each case: request details, states, contacts, conversations, referrals
# ---------------------------------------------------------------------------------------------

CHANNEL_WEIGHTS = {
    "basic": (
        ("walk_in", 24),
        ("phone", 24),
        ("email", 8),
        ("own_initiative", 12),
        ("gp", 8),
        ("housing", 5),
        ("early_warning", 5),
        ("police", 3),
        ("chain_partner", 6),
        ("handover", 3),
        ("other", 2),
    ),
    "wmo": (
        ("phone", 30),
        ("walk_in", 15),
        ("gp", 20),
        ("own_initiative", 10),
        ("chain_partner", 15),
        ("handover", 5),
        ("other", 5),
    ),
    "youth": (
        ("school", 30),
        ("phone", 20),
        ("gp", 15),
        ("walk_in", 10),
        ("chain_partner", 15),
        ("handover", 10),
    ),
    "debt": (
        ("early_warning", 35),
        ("walk_in", 15),
        ("phone", 20),
        ("housing", 15),
        ("own_initiative", 10),
        ("chain_partner", 5),
    ),
}
QUESTIONS = {
    "basic": (
        "Ik zit veel alleen thuis en wil graag meer mensen ontmoeten.",
        "Ik begrijp de brieven van de gemeente niet en weet niet wat ik moet doen.",
        "Sinds mijn scheiding lukt het me niet om alles op een rij te houden.",
        "Mijn buren maken veel lawaai en ik weet niet hoe ik dat moet aanpakken.",
        "Ik zorg voor mijn moeder en het wordt me te zwaar.",
        "Ik wil graag vrijwilligerswerk doen, maar weet niet waar ik moet beginnen.",
        "Ik heb hulp nodig bij het aanvragen van toeslagen.",
    ),
    "wmo": (
        "Ik kan mijn huis niet meer zelf schoonhouden sinds mijn heupoperatie.",
        "Ik heb hulp nodig om mijn dag in te delen en afspraken na te komen.",
        "Mijn man heeft dementie en ik zoek dagbesteding voor hem.",
        "Ik kom de trap niet meer op en wil weten welke hulp er is.",
        "Na mijn opname wil ik weer zelfstandig wonen, maar dat lukt nog niet alleen.",
    ),
    "youth": (
        "Onze zoon gaat al weken niet naar school en we weten niet meer wat we moeten doen.",
        "Er is veel ruzie thuis en de kinderen lijden eronder.",
        "Mijn dochter is erg somber en trekt zich terug.",
        "Ik sta er alleen voor met drie kinderen en ben het overzicht kwijt.",
    ),
    "debt": (
        "Ik heb een brief gekregen dat mijn huur wordt opgezegd.",
        "Ik heb schulden en durf de post niet meer open te maken.",
        "Het energiebedrijf dreigt af te sluiten.",
        "Ik kom elke maand tekort en weet niet waar het geld blijft.",
    ),
}
OUTCOMES = {
    "kitchen_table": (
        "Hulpvraag samen verhelderd; vervolgafspraak gemaakt.",
        "Netwerk in kaart gebracht; dochter helpt mee met de administratie.",
        "Inwoner wil eerst zelf aan de slag; over twee weken bellen we.",
    ),
    "research": (
        "Onderzoek afgerond: eigen kracht en netwerk onvoldoende, aanvullende ondersteuning nodig.",
        "Onderzoek afgerond: voorliggende voorzieningen volstaan, doorverwezen naar buurtkamer.",
    ),
}
REFERRAL_OPTIONS = {
    "basic": (("guidance", 70), ("day_activities", 30)),
    "wmo": (
        ("household_help", 40),
        ("guidance", 35),
        ("day_activities", 20),
        ("sheltered_housing", 5),
    ),
    "youth": (("youth_care", 100),),
    "debt": (("debt_help", 100),),
}
REFERRAL_PROVIDER = {"debt_help": "Gemeente Leeuwarden, schuldhulpverlening"}
DEFAULT_PROVIDER = "Windkracht058"  # aanvullende ondersteuning (000 l.1579-1603)
REFERRAL_SHARE = {"basic": 0.04, "wmo": 0.35, "youth": 0.25, "debt": 0.2}
URGENT_DEBT_SHARE = 0.15
NO_CONTACT_SHARE = 0.06  # open requests where the first contact has not happened (yet)
CONTACT_KINDS = (("phone", 45), ("visit", 35), ("consultation", 12), ("group", 5), ("other", 3))
CONTACT_MINUTES = (10, 15, 20, 30, 45, 60, 90)


def _case_cycle(rng: random.Random, case: CaseRow) -> CycleRow:
    from wijkteam.core.workingdays import add_working_days

    framework = case.legal_framework
    received = case.received_on
    end = case.closed_on or DEMO_TODAY
    urgent = framework == "debt" and rng.random() < URGENT_DEBT_SHARE
    cycle = CycleRow(
        channel=_weighted(rng, CHANNEL_WEIGHTS[framework]),
        question=rng.choice(QUESTIONS[framework]),
        urgent_debt_threat=urgent,
        transitions=[("", "registered", received)],
    )

    def move(to: str, on: datetime.date) -> datetime.date:
        on = max(on, cycle.transitions[-1][2])
        cycle.transitions.append((cycle.state, to, on))
        return on

    def contact(on: datetime.date) -> None:
        kind = _weighted(rng, CONTACT_KINDS)
        cycle.contacts.append((on, rng.choice(CONTACT_MINUTES), kind))

    first_contact = None
    if rng.random() >= NO_CONTACT_SHARE:
        # Most first contacts fall within the five working days; some are late.
        delay = rng.choices((0, 1, 2, 3, 4, 5, 6, 8, 10), weights=(10, 25, 20, 15, 10, 7, 5, 5, 3))[
            0
        ]
        if urgent:
            delay = min(delay, rng.randint(0, 4))
        on = add_working_days(received, delay)
        if on <= end:
            first_contact = on
            contact(on)
            move("investigating", on)

    conversation = None
    if first_contact and rng.random() < 0.85:
        on = (
            first_contact if urgent else first_contact + datetime.timedelta(days=rng.randint(0, 14))
        )
        if on <= end:
            conversation = on
            cycle.conversations.append((on, "kitchen_table"))
    ready = conversation
    if framework == "wmo" and conversation and rng.random() < 0.9:
        on = max(conversation, received + datetime.timedelta(days=rng.randint(14, 50)))
        ready = on if on <= end else None
        if ready:
            cycle.conversations.append((on, "research"))

    plan_start = None
    if ready and (end - ready).days > 7 and rng.random() < 0.75:
        plan_start = move("plan_active", ready + datetime.timedelta(days=rng.randint(1, 7)))
        if (end - plan_start).days > 60 and rng.random() < 0.5:
            days = rng.randint(60, min(180, (end - plan_start).days))
            evaluated = move("evaluating", plan_start + datetime.timedelta(days=days))
            if case.closed_on is None and (end - evaluated).days > 21 and rng.random() < 0.3:
                move("plan_active", evaluated + datetime.timedelta(days=rng.randint(7, 21)))

    if first_contact:
        on = first_contact
        for _ in range(rng.choice((0, 1, 1, 2, 3, 4))):
            on += datetime.timedelta(days=rng.randint(5, 30))
            if on > end:
                break
            contact(on)

    if plan_start and rng.random() < REFERRAL_SHARE[framework]:
        category = _weighted(rng, REFERRAL_OPTIONS[framework])
        sent = plan_start + datetime.timedelta(days=rng.randint(0, 10))
        if sent <= end:
            answered = sent + datetime.timedelta(days=rng.randint(3, 20))
            if answered <= end:
                status = _weighted(rng, (("accepted", 80), ("refused", 10), ("withdrawn", 10)))
            else:
                status, answered = "sent", None
            provider = REFERRAL_PROVIDER.get(category, DEFAULT_PROVIDER)
            cycle.referrals.append((category, provider, sent, status, answered))

    if case.closed_on:
        if cycle.state == "plan_active":
            move("evaluating", case.closed_on)  # a plan is evaluated before the case closes
        if cycle.state == "evaluating":
            options = (
                ("goals_achieved", 65),
                ("referred_on", 20),
                ("moved_away", 8),
                ("deceased", 2),
                ("other", 5),
            )
        else:
            options = (
                ("declined", 35),
                ("referred_on", 25),
                ("moved_away", 15),
                ("goals_achieved", 10),
                ("other", 15),
            )
        cycle.closure_reason = _weighted(rng, options)
        move("closed", case.closed_on)
    return cycle


def _add_case_cycle(rng: random.Random, cases: list[CaseRow]) -> None:
    for case in cases:
        case.cycle = _case_cycle(rng, case)


def build_demo_data(seed: int, scale: float, reserved_usernames: Iterable[str] = ()) -> DemoData:
    """All demo rows for ``seed`` and ``scale``, without touching the database."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    rng = random.Random(seed)
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    names = _Names(fake)
    scale_d = Decimal(str(scale))
    staff = _build_staff(rng, names, scale_d, frozenset(reserved_usernames))
    cases = _build_cases(rng, names, scale_d, staff)
    _assign_bsns(rng, cases)
    # A separate generator: the cycle details leave the people and dates above unchanged.
    _add_case_cycle(random.Random(f"cycle-{seed}"), cases)
    return DemoData(seed=seed, scale=scale, staff=staff.rows, cases=cases)


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


class _BatchWriter:
    """Bulk-creates in batches and writes one system entry per batch to the audit trail.

    ``bulk_create`` bypasses the per-object audit signals, so each batch is recorded once
    (STYLE rule 14): model, primary-key range, row count, seed and scale, without an actor.
    """

    def __init__(self, data: DemoData, progress: Callable[[str], None] | None):
        self.data = data
        self.progress = progress

    def create(self, model, objs: list, label: str, log_model=None) -> None:
        total = len(objs)
        batches = (total + BATCH_SIZE - 1) // BATCH_SIZE
        for number, start in enumerate(range(0, total, BATCH_SIZE), start=1):
            batch = model.objects.bulk_create(objs[start : start + BATCH_SIZE])
            self._log(log_model or model, batch, label, number, batches)
            if self.progress is not None:
                done = min(start + BATCH_SIZE, total)
                self.progress(f"  {label + ':':<19}{done:>7} / {total}")

    def _log(self, model, batch: list, label: str, number: int, batches: int) -> None:
        from django.contrib.contenttypes.models import ContentType

        from auditlog import get_logentry_model

        log_entry = get_logentry_model()
        pks = [obj.pk for obj in batch if obj.pk is not None]
        pk_range = f"{min(pks)}-{max(pks)}" if pks else ""
        summary = (
            f"{len(batch)} {label} (batch {number}/{batches}, seed {self.data.seed}, "
            f"scale {self.data.scale:g})"
        )
        log_entry.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_pk=pk_range,
            object_repr=f"load_demo_data: {summary}",
            action=log_entry.Action.CREATE,
            changes={"load_demo_data": [None, summary]},
            additional_data={
                "command": "load_demo_data",
                "label": label,
                "count": len(batch),
                "batch": number,
                "batches": batches,
                "seed": self.data.seed,
                "scale": self.data.scale,
            },
        )


def _ensure_demo_authenticator(user) -> None:
    """A confirmed authenticator for a demo account, so it signs in without enrolment.

    ``manage.py demo_otp USERNAME`` prints its current code. A device that exists is kept.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="demo", confirmed=True)


def write_demo_data(data: DemoData, progress: Callable[[str], None] | None = None) -> None:
    """Insert ``data``; expects the reference data and the role groups to exist.

    Generated staff get an unusable password (hashing hundreds is too slow and nobody signs
    in as them); the demo accounts get ``settings.DEMO_PASSWORD``.
    """
    from django.conf import settings
    from django.contrib.auth.models import Group

    from wijkteam.accounts.models import TeamMembership, User
    from wijkteam.organisation.models import Area, Location, StaffFunction, Team
    from wijkteam.residents.models import Household, HouseholdMember, Resident
    from wijkteam.support.deadlines import retention_until
    from wijkteam.support.models import SupportCase

    team_ids = dict(Team.objects.values_list("code", "pk"))
    area_ids = dict(Area.objects.values_list("code", "pk"))
    function_ids = dict(StaffFunction.objects.values_list("code", "pk"))
    location_by_area: dict[str, int] = {}
    for area_code, location_pk in Location.objects.order_by("pk").values_list("area__code", "pk"):
        location_by_area.setdefault(area_code, location_pk)
    group_ids = dict(Group.objects.values_list("name", "pk"))
    group_of_role = {slug: group_ids[str(role.name)] for slug, role in ROLES_BY_SLUG.items()}

    user_pks: list[int] = [0] * len(data.staff)
    generated: list[tuple[int, User]] = []
    for index, row in enumerate(data.staff):
        fields = {
            "first_name": row.first_name,
            "name_prefix": row.name_prefix,
            "last_name": row.last_name,
            "function_id": function_ids[row.function] if row.function else None,
            "fte": row.fte,
            "employment_start": row.employment_start,
        }
        if row.employment_start:
            fields["date_joined"] = datetime.datetime.combine(
                row.employment_start, datetime.time(9, 0), TIME_ZONE
            )
        if row.is_demo_account:
            user = User.objects.filter(username=row.username).first() or User(username=row.username)
            for name, value in fields.items():
                setattr(user, name, value)
            user.is_demo_account = True
            user.is_active = True
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
            user.groups.add(group_of_role[row.role])
            _ensure_demo_authenticator(user)
            user_pks[index] = user.pk
        else:
            user = User(username=row.username, **fields)
            user.set_unusable_password()
            generated.append((index, user))
    writer = _BatchWriter(data, progress)
    writer.create(User, [user for _i, user in generated], "staff")
    for index, user in generated:
        user_pks[index] = user.pk

    group_links = [
        User.groups.through(user_id=user_pks[i], group_id=group_of_role[row.role])
        for i, row in enumerate(data.staff)
        if row.role and not row.is_demo_account
    ]
    writer.create(User.groups.through, group_links, "role group links", log_model=User)

    existing = set(
        TeamMembership.objects.filter(user_id__in=user_pks).values_list("user_id", "team_id")
    )
    memberships = [
        TeamMembership(
            user_id=user_pks[i],
            team_id=team_ids[m.team],
            start_date=m.start_date,
            is_manager=m.is_manager,
        )
        for i, row in enumerate(data.staff)
        for m in row.memberships
        if (user_pks[i], team_ids[m.team]) not in existing
    ]
    writer.create(TeamMembership, memberships, "team memberships")

    residents: list[Resident] = []
    households: list[Household] = []
    for case in data.cases:
        team_id = team_ids[case.team]
        households.append(
            Household(
                name=case.household_name,
                team_id=team_id,
                coordinator_id=user_pks[case.coordinator],
                created_at=case.registered_at,
            )
        )
        for person in case.members:
            residents.append(
                Resident(
                    first_name=person.first_name,
                    name_prefix=person.name_prefix,
                    last_name=person.last_name,
                    date_of_birth=person.date_of_birth,
                    bsn=person.bsn,
                    street=case.street,
                    house_number=case.house_number,
                    postcode=case.postcode,
                    city=case.city,
                    area_id=area_ids[case.area],
                    team_id=team_id,
                    created_at=case.registered_at,
                )
            )
    writer.create(Resident, residents, "residents")
    writer.create(Household, households, "households")

    members: list[HouseholdMember] = []
    cases: list[SupportCase] = []
    resident_iter = iter(residents)
    for case, household in zip(data.cases, households, strict=True):
        head_pk = None
        for person in case.members:
            resident = next(resident_iter)
            head_pk = head_pk or resident.pk
            members.append(
                HouseholdMember(
                    household_id=household.pk, resident_id=resident.pk, relation=person.relation
                )
            )
        cycle = case.cycle
        cases.append(
            SupportCase(
                resident_id=head_pk,
                household_id=household.pk,
                team_id=household.team_id,
                coordinator_id=household.coordinator_id,
                legal_framework=case.legal_framework,
                received_on=case.received_on,
                closed_on=case.closed_on,
                channel=cycle.channel,
                question=cycle.question,
                urgent_debt_threat=cycle.urgent_debt_threat,
                location_id=location_by_area.get(case.area) if cycle.channel == "walk_in" else None,
                state=cycle.state,
                closure_reason=cycle.closure_reason,
                retention_until=(
                    retention_until(case.legal_framework, case.closed_on)
                    if case.closed_on
                    else None
                ),
            )
        )
    writer.create(HouseholdMember, members, "household members")
    writer.create(SupportCase, cases, "support cases")
    _write_case_cycle(writer, data.cases, cases)


def _at(on: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(on, datetime.time(hour, 0), TIME_ZONE)


def _write_case_cycle(writer: _BatchWriter, rows: list[CaseRow], cases: list) -> None:
    """State changes, contacts, conversations, referrals and the stored deadlines, with
    ``met_on`` taken from the first event that meets each deadline (support/deadlines.py)."""
    from wijkteam.support import deadlines as rules
    from wijkteam.support.models import (
        CaseDeadline,
        CaseTransition,
        Contact,
        Conversation,
        Referral,
    )

    transitions, contacts, conversations = [], [], []
    referrals: list = []
    referral_rows: list[tuple[int, tuple]] = []  # (index of case, referral row)
    for index, (row, case) in enumerate(zip(rows, cases, strict=True)):
        cycle = row.cycle
        worker = case.coordinator_id
        for from_state, to_state, on in cycle.transitions:
            transitions.append(
                CaseTransition(
                    case_id=case.pk,
                    from_state=from_state,
                    to_state=to_state,
                    on=on,
                    closure_reason=cycle.closure_reason if to_state == "closed" else "",
                    actor_id=worker,
                    at=_at(on, 16),
                )
            )
        for on, minutes, kind in cycle.contacts:
            contacts.append(
                Contact(
                    case_id=case.pk,
                    date=on,
                    duration_minutes=minutes,
                    kind=kind,
                    recorded_by_id=worker,
                    recorded_at=_at(on, 17),
                )
            )
        for n, (on, kind) in enumerate(cycle.conversations):
            options = OUTCOMES[kind]
            conversations.append(
                Conversation(
                    case_id=case.pk,
                    held_on=on,
                    kind=kind,
                    participants="Inwoner en sociaal werker",
                    outcome=options[(case.pk + n) % len(options)],
                    recorded_by_id=worker,
                    recorded_at=_at(on, 17),
                )
            )
        for referral in cycle.referrals:
            category, provider, sent, status, answered = referral
            referrals.append(
                Referral(
                    case_id=case.pk,
                    category=category,
                    provider=provider,
                    sent_on=sent,
                    status=status,
                    responded_on=answered,
                    recorded_by_id=worker,
                    recorded_at=_at(sent, 15),
                )
            )
            referral_rows.append((index, referral))
    writer.create(CaseTransition, transitions, "case state changes")
    writer.create(Contact, contacts, "contacts")
    writer.create(Conversation, conversations, "conversations")
    writer.create(Referral, referrals, "referrals")

    deadlines = []
    for row, case in zip(rows, cases, strict=True):
        cycle = row.cycle
        met: dict[str, datetime.date] = {}

        def meet(kinds, on, met=met):
            for kind in kinds:
                met[kind] = min(on, met.get(kind, on))

        for on, _minutes, _kind in cycle.contacts:
            meet(rules.met_by_contact(), on)
        for on, kind in cycle.conversations:
            meet(rules.met_by_conversation(kind), on)
        for _from, to_state, on in cycle.transitions:
            meet(rules.met_by_entering(to_state), on)
        for rule in rules.on_registration(
            legal_framework=case.legal_framework,
            received_on=case.received_on,
            urgent_debt_threat=case.urgent_debt_threat,
        ):
            deadlines.append(
                CaseDeadline(
                    case_id=case.pk,
                    kind=rule.kind,
                    started_on=rule.started_on,
                    due_on=rule.due_on,
                    met_on=met.get(rule.kind),
                    computed_with=rule.computed_with,
                    created_at=_at(rule.started_on, 16),
                )
            )
    for referral, (index, (_c, _p, sent, _status, answered)) in zip(
        referrals, referral_rows, strict=True
    ):
        case = cases[index]
        for rule in rules.on_referral(legal_framework=case.legal_framework, sent_on=sent):
            deadlines.append(
                CaseDeadline(
                    case_id=case.pk,
                    kind=rule.kind,
                    referral_id=referral.pk,
                    started_on=rule.started_on,
                    due_on=rule.due_on,
                    met_on=answered,
                    computed_with=rule.computed_with,
                    created_at=_at(sent, 15),
                )
            )
    writer.create(CaseDeadline, deadlines, "deadlines")
