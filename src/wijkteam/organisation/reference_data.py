"""Master data of Amaryllis basisondersteuning in gemeente Leeuwarden, as Python data.

The repository must not read ``../shared`` at runtime, so the facts of the domain reference
(``reference.yaml``) that seed the master data are copied here, each with its source. Seeds:
000 = Kwaliteitsjaarverslag 2023, 001 = Rapportage Transformatie Basisondersteuning 2024,
002 = Rekenkamer Leeuwarden 2021 (only used for team names and the 2019 caseload),
004 = raadsbrief september 2020.

Areas and teams: the choices made here
--------------------------------------
* **Areas (gebieden).** The eight gebieden of 004 (l.182-202) are certain: Centrum-Oost,
  Noord-Oost, West, Zuid, Noord and Oud-Oost (kind ``wijk``), Dorpen Zuid and Dorpen Noord
  (kind ``dorp``).
* **Wijk- and dorpenteams.** 001 (2024, l.48) says there are 8 wijkteams and 2 dorpenteams;
  002 (c. 2020) names only 6 wijkteams and 2 dorpenteams: Centrum Oost, Zuid, Oud Oost,
  Noordoost, West, "Noord- Vrijheidswijk", Dorpenteam Zuid and Dorpenteam Noord. The eight teams
  of 002 are taken over one-to-one onto the gebieden of 004. The two wijkteams that 001 counts
  but no seed names are filled in **provisionally (te bevestigen door de klant)**:

  - *Wijkteam Vrijheidswijk*: the 002 team "Noord- Vrijheidswijk" is split into *Wijkteam Noord*
    and *Wijkteam Vrijheidswijk*, because its name already shows two parts;
  - *Wijkteam Camminghaburen*: split off from Noord-Oost; Camminghaburen is the city
    neighbourhood the seeds mention as a candidate buurtkamer (004) and a dementia meeting
    place (000).

  Each provisional team serves a provisional area of the same name (kind ``wijk``), split off
  from the 004 gebied Noord and Noord-Oost respectively. The ``Area`` model has no description
  field, so the provisional status of these two areas is recorded here and in the description
  of their teams. Team names of Noord and Noord-Oost are therefore provisional as well: in 002
  they covered the whole gebied.
* **Caseload shares.** The 2019 caseload (002, table "Ondersteuningsvragen bij de wijk- en
  dorpenteams") is kept in ``CASELOAD_2019``. ``CASELOAD_2019_SPLIT`` maps its eight rows onto
  the ten teams: the rows of Noord and Noord-Oost are split 60/40 between the original and the
  provisional team (provisional as well). The row "Dorpenteam" without a suffix is read as
  Dorpenteam Zuid (the list of 002 has only Zuid and Noord).
* **Citywide teams** follow ``stedelijke_teams_and_services`` of the reference; start and end
  dates are set where the seeds give them (EropAf pilot September 2022, EPA-team end 2023,
  Collectief werken 1 October 2024, Team begeleiders ended 1 June 2023).
* **Staf en kwaliteit** (kind ``support``) holds management, quality, policy and other overhead
  staff; it is a grouping of this software, not a team named in the seeds.

Locations: the nine buurt- en dorpskamers hoofdlocaties of 004 (status active), and the three
candidate locations Wergea, Easterlittens and Camminghaburen (status candidate). The seeds give
no street addresses, so none are invented. ``Location`` has no ``code`` field; the location name
is its natural key here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from wijkteam.organisation.choices import (
    AreaKind,
    EducationLevel,
    LocationKind,
    LocationStatus,
    TeamKind,
)

PROVISIONAL = "VOORLOPIG, te bevestigen door de klant"
CONTRACT_START = datetime.date(2021, 1, 1)


@dataclass(frozen=True)
class AreaSpec:
    code: str
    name: str
    kind: str
    provisional: bool = False


@dataclass(frozen=True)
class TeamSpec:
    code: str
    name: str
    kind: str
    description: str
    areas: tuple[str, ...] = ()
    valid_from: datetime.date = CONTRACT_START
    valid_to: datetime.date | None = None
    provisional: bool = False


@dataclass(frozen=True)
class LocationSpec:
    name: str
    kind: str
    area: str
    place: str = "Leeuwarden"
    address: str = ""
    status: str = LocationStatus.ACTIVE


@dataclass(frozen=True)
class FunctionSpec:
    code: str
    name: str
    level: str = ""
    is_executive: bool = True


@dataclass(frozen=True)
class FteRow:
    """One row of the FTE table per 31-12-2023 (000 l.1899-1933)."""

    label: str
    fte_2023: Decimal
    # (function code, share of the row); most rows have one function.
    functions: tuple[tuple[str, Decimal], ...] = field(default_factory=tuple)
    # Team codes the fte is spread over; empty means the wijk- and dorpenteams.
    teams: tuple[str, ...] = ()


AREAS: tuple[AreaSpec, ...] = (
    AreaSpec("centrum-oost", "Centrum-Oost", AreaKind.WIJK),
    AreaSpec("noord-oost", "Noord-Oost", AreaKind.WIJK),
    AreaSpec("west", "West", AreaKind.WIJK),
    AreaSpec("zuid", "Zuid", AreaKind.WIJK),
    AreaSpec("noord", "Noord", AreaKind.WIJK),
    AreaSpec("oud-oost", "Oud-Oost", AreaKind.WIJK),
    AreaSpec("vrijheidswijk", "Vrijheidswijk", AreaKind.WIJK, provisional=True),
    AreaSpec("camminghaburen", "Camminghaburen", AreaKind.WIJK, provisional=True),
    AreaSpec("dorpen-zuid", "Dorpen Zuid", AreaKind.DORP),
    AreaSpec("dorpen-noord", "Dorpen Noord", AreaKind.DORP),
)

_WIJK = TeamKind.NEIGHBOURHOOD
_DORP = TeamKind.VILLAGE
_CITY = TeamKind.CITYWIDE

# The wijk- and dorpenteams, in a fixed order: the first one is the demo team.
NEIGHBOURHOOD_TEAMS: tuple[TeamSpec, ...] = (
    TeamSpec(
        "wijkteam-centrum-oost",
        "Wijkteam Centrum-Oost",
        _WIJK,
        "Sociaal wijkteam Centrum-Oost (000 r.1194; 002). Buurtkamer: Wijkcentrum het Knooppunt.",
        ("centrum-oost",),
    ),
    TeamSpec(
        "wijkteam-noord-oost",
        "Wijkteam Noord-Oost",
        _WIJK,
        "Sociaal wijkteam Noordoost (002). Buurtkamer: Wijkcentrum Heechterp Schieringen. "
        f"{PROVISIONAL}: Camminghaburen is hier voorlopig als apart wijkteam afgesplitst.",
        ("noord-oost",),
        provisional=True,
    ),
    TeamSpec(
        "wijkteam-west",
        "Wijkteam West",
        _WIJK,
        "Sociaal wijkteam West (002). Buurtkamer: MFC Westenkwartier.",
        ("west",),
    ),
    TeamSpec(
        "wijkteam-zuid",
        "Wijkteam Zuid",
        _WIJK,
        "Sociaal wijkteam Zuid (002). Buurtkamer: Oude Ambachtsschool, Cornelis Trooststraat.",
        ("zuid",),
    ),
    TeamSpec(
        "wijkteam-noord",
        "Wijkteam Noord",
        _WIJK,
        "Deel van sociaal wijkteam 'Noord- Vrijheidswijk' (002). Buurtkamer: Wijkcentrum "
        f"Bilgaard. {PROVISIONAL}: de splitsing in Noord en Vrijheidswijk is een aanname om "
        "tot de acht wijkteams van 001 te komen.",
        ("noord",),
        provisional=True,
    ),
    TeamSpec(
        "wijkteam-oud-oost",
        "Wijkteam Oud-Oost",
        _WIJK,
        "Sociaal wijkteam Oud Oost (002). Buurtkamer: Netwerkcentrum de Klomp.",
        ("oud-oost",),
    ),
    TeamSpec(
        "wijkteam-vrijheidswijk",
        "Wijkteam Vrijheidswijk",
        _WIJK,
        f"{PROVISIONAL}. 001 (2024) telt acht wijkteams, de bronnen noemen er zes; dit team is "
        "afgeleid van sociaal wijkteam 'Noord- Vrijheidswijk' (002). Naam, gebied en aandeel "
        "in de caseload (40% van Noord 2019) zijn aannames.",
        ("vrijheidswijk",),
        provisional=True,
    ),
    TeamSpec(
        "wijkteam-camminghaburen",
        "Wijkteam Camminghaburen",
        _WIJK,
        f"{PROVISIONAL}. 001 (2024) telt acht wijkteams, de bronnen noemen er zes; dit team is "
        "afgesplitst van Noord-Oost (Camminghaburen: kandidaat-buurtkamer in 004). Naam, "
        "gebied en aandeel in de caseload (40% van Noord-Oost 2019) zijn aannames.",
        ("camminghaburen",),
        provisional=True,
    ),
    TeamSpec(
        "dorpenteam-zuid",
        "Dorpenteam Zuid",
        _DORP,
        "Dorpenteam Zuid (002). Dorpskamers: Kringloopwinkel Grou en MFC de Wjukken Mantgum.",
        ("dorpen-zuid",),
    ),
    TeamSpec(
        "dorpenteam-noord",
        "Dorpenteam Noord",
        _DORP,
        "Dorpenteam Noord (000 r.1483-1485; 002), gebied rond Stiens. Dorpskamer: De Skalm.",
        ("dorpen-noord",),
    ),
)

CITYWIDE_TEAMS: tuple[TeamSpec, ...] = (
    TeamSpec(
        "jongerenwerk",
        "Jongerenwerk",
        _CITY,
        "Meidenwerk in zes wijken, tienerwerk, Jimmy's, OJO; 'Preventie met Gezag' in "
        "Leeuwarden-Oost.",
    ),
    TeamSpec(
        "ontmoeten-en-meedoen",
        "Ontmoeten en Meedoen",
        _CITY,
        "Nieuwe vorm van dagbesteding sinds 2021, uitgevoerd door activiteitencoördinatoren; "
        "open locaties, buurtkeukens en beweegactiviteiten.",
    ),
    TeamSpec(
        "mantelzorgondersteuning",
        "Mantelzorgondersteuning",
        _CITY,
        "Sinds augustus 2023 onder dezelfde teammanager als Ontmoeten en Meedoen.",
    ),
    TeamSpec(
        "vrijwilligerswerk",
        "Vrijwilligerswerk",
        _CITY,
        "Team vrijwilligerswerk met adviseurs vrijwillige inzet; website SamenLeeuwarden.",
    ),
    TeamSpec(
        "opbouwwerk",
        "Opbouwwerk",
        _CITY,
        "Verbindt met wijkpanels en bewonersorganisaties; ondersteunt de buurt- en dorpskamers.",
    ),
    TeamSpec(
        "statushouders",
        "Team Statushouders",
        _CITY,
        "Adviseert andere teams en biedt zelf ondersteuning; spreekuur. Neemt statushouders na "
        "het eerste jaar over van VluchtelingenWerk.",
    ),
    TeamSpec("pgb", "PGB-team", _CITY, "Vaste contactpersoon per team voor het PGB."),
    TeamSpec(
        "eropaf",
        "EropAf-team (vroegsignalering)",
        _CITY,
        "Pilot vroegsignalering sinds september 2022 met een er-op-af-aanpak (000; 001 r.48); "
        "circa 150 signalen per maand.",
        valid_from=datetime.date(2022, 9, 1),
    ),
    TeamSpec(
        "collectief-werken",
        "Team Collectief werken",
        _CITY,
        "Sinds 1 oktober 2024; drie sociaal werkers gespecialiseerd in collectief werken, "
        "verbonden aan alle teams (001 r.604-606).",
        valid_from=datetime.date(2024, 10, 1),
    ),
    TeamSpec(
        "epa",
        "EPA-team",
        _CITY,
        "Zes sociaal werkers in de drie GGZ-regioteams (Centrum, Noord, Zuid); aparte eenheid "
        "sinds eind 2023 (000 r.1227-1241). Startdatum 1 december 2023 is een aanname.",
        valid_from=datetime.date(2023, 12, 1),
    ),
    TeamSpec(
        "buurtbemiddeling",
        "Buurtbemiddeling",
        _CITY,
        "Coördinator buurtbemiddeling; ruim 105 zaken in 2023 (000 r.1501-1534).",
    ),
    TeamSpec(
        "taalondersteuning",
        "Taalondersteuning",
        _CITY,
        "Alleen zichtbaar als functie 'Coördinator taalondersteuning' (000 r.1887).",
    ),
    TeamSpec(
        "begeleiders",
        "Team begeleiders",
        _CITY,
        "Apart team begin 2023 (14 begeleiders en stagiaires); sinds 1 juni 2023 aangestuurd "
        "door de managers van de wijk- en dorpenteams (000 r.1937-1957).",
        valid_to=datetime.date(2023, 5, 31),
    ),
)

SUPPORT_TEAM_CODE = "staf-en-kwaliteit"
SUPPORT_TEAMS: tuple[TeamSpec, ...] = (
    TeamSpec(
        SUPPORT_TEAM_CODE,
        "Staf en kwaliteit",
        TeamKind.SUPPORT,
        "Directie, management, beleidsadvies, kwaliteit, functioneel beheer en overige "
        "bedrijfsvoering. Een indeling van deze software, geen team uit de bronnen.",
    ),
)

TEAMS: tuple[TeamSpec, ...] = NEIGHBOURHOOD_TEAMS + CITYWIDE_TEAMS + SUPPORT_TEAMS

_ROOM = LocationKind.NEIGHBOURHOOD_ROOM
_VILLAGE_ROOM = LocationKind.VILLAGE_ROOM
_CANDIDATE = LocationStatus.CANDIDATE

LOCATIONS: tuple[LocationSpec, ...] = (
    LocationSpec("Wijkcentrum het Knooppunt", _ROOM, "centrum-oost"),
    LocationSpec("Wijkcentrum Heechterp Schieringen", _ROOM, "noord-oost"),
    LocationSpec("MFC Westenkwartier", _ROOM, "west"),
    LocationSpec("Oude Ambachtsschool", _ROOM, "zuid", address="Cornelis Trooststraat"),
    LocationSpec("Wijkcentrum Bilgaard", _ROOM, "noord"),
    LocationSpec("Netwerkcentrum de Klomp", _ROOM, "oud-oost"),
    LocationSpec("Kringloopwinkel Grou", _VILLAGE_ROOM, "dorpen-zuid", place="Grou"),
    LocationSpec("MFC de Wjukken", _VILLAGE_ROOM, "dorpen-zuid", place="Mantgum"),
    LocationSpec("De Skalm", _VILLAGE_ROOM, "dorpen-noord", place="Stiens"),
    # Candidates: in talks to become a (parttime) buurt- or dorpskamer (004).
    LocationSpec(
        "Dorpskamer Wergea (kandidaat)",
        _VILLAGE_ROOM,
        "dorpen-zuid",
        place="Wergea",
        status=_CANDIDATE,
    ),
    LocationSpec(
        "Dorpskamer Easterlittens (kandidaat)",
        _VILLAGE_ROOM,
        "dorpen-zuid",
        place="Easterlittens",
        status=_CANDIDATE,
    ),
    LocationSpec(
        "Buurtkamer Camminghaburen (kandidaat)", _ROOM, "camminghaburen", status=_CANDIDATE
    ),
)

_HBO = EducationLevel.HBO
_MBO4 = EducationLevel.MBO4

FUNCTIONS: tuple[FunctionSpec, ...] = (
    # Uitvoerende functies (000 l.1866-1895).
    FunctionSpec("sociaal-werker", "Sociaal werker", _HBO),
    FunctionSpec("begeleider", "Begeleider", _MBO4),
    FunctionSpec("activiteitencoordinator", "Activiteitencoördinator", _MBO4),
    FunctionSpec("jongerenwerker", "Jongerenwerker", _HBO),
    FunctionSpec("opbouwwerker", "Opbouwwerker", _HBO),
    FunctionSpec("adviseur-vrijwillige-inzet", "Adviseur vrijwillige inzet", _HBO),
    FunctionSpec("medewerker-mantelzorgondersteuning", "Medewerker mantelzorgondersteuning", _HBO),
    FunctionSpec("coordinator-buurtbemiddeling", "Coördinator buurtbemiddeling", _HBO),
    FunctionSpec("coordinator-taalondersteuning", "Coördinator taalondersteuning", _HBO),
    FunctionSpec("ervaringsdeskundige", "Ervaringsdeskundige", EducationLevel.MBO),
    # Overige functies: management, policy, quality and support.
    FunctionSpec("teammanager", "Teammanager", is_executive=False),
    FunctionSpec("beleidsadviseur", "Beleidsadviseur", is_executive=False),
    FunctionSpec("kwaliteitsmedewerker", "Kwaliteitsmedewerker", is_executive=False),
    FunctionSpec("functioneel-beheerder", "Functioneel beheerder", is_executive=False),
    FunctionSpec("overige-overhead", "Overige overhead/directie", is_executive=False),
)


def _d(value: str) -> Decimal:
    return Decimal(value)


# FTE per 31-12-2023 (000 l.1899-1933); printed total 216.89, the rows sum to 216.90. Where a
# row holds several functions the split is an assumption of the demo data, marked below.
FTE_TABLE_2023: tuple[FteRow, ...] = (
    FteRow("Sociaal werkers wijk- en dorpenteams", _d("113.78"), (("sociaal-werker", _d(1)),)),
    FteRow(
        "Sociaal werkers Team Statushouders",
        _d("6.44"),
        (("sociaal-werker", _d(1)),),
        ("statushouders",),
    ),
    # Two sociaal werkers and three ervaringsdeskundigen (000 l.613-677): split 2:3.
    FteRow(
        "Team Pilot vroegsignalering (sociaal werkers en ervaringsdeskundigen)",
        _d("3.78"),
        (("sociaal-werker", _d("0.4")), ("ervaringsdeskundige", _d("0.6"))),
        ("eropaf",),
    ),
    FteRow("Sociaal werkers Team PGB", _d("2.78"), (("sociaal-werker", _d(1)),), ("pgb",)),
    FteRow("Sociaal werkers Team EPA", _d("5.22"), (("sociaal-werker", _d(1)),), ("epa",)),
    # Spread over the wijk- and dorpenteams plus Team Statushouders (see the generator).
    FteRow(
        "Begeleiders wijk- en dorpenteams en team Statushouders",
        _d("10.56"),
        (("begeleider", _d(1)),),
    ),
    FteRow(
        "Activiteiten coördinatoren Ontmoeten en Meedoen",
        _d("12.61"),
        (("activiteitencoordinator", _d(1)),),
        ("ontmoeten-en-meedoen",),
    ),
    FteRow("Opbouwwerkers", _d("9.06"), (("opbouwwerker", _d(1)),), ("opbouwwerk",)),
    FteRow(
        "Adviseurs vrijwillige inzet vrijwilligerswerk",
        _d("5.39"),
        (("adviseur-vrijwillige-inzet", _d(1)),),
        ("vrijwilligerswerk",),
    ),
    FteRow(
        "Adviseurs vrijwillige inzet mantelzorgondersteuning",
        _d("2.11"),
        (("medewerker-mantelzorgondersteuning", _d(1)),),
        ("mantelzorgondersteuning",),
    ),
    FteRow("Jongerenwerkers", _d("15.83"), (("jongerenwerker", _d(1)),), ("jongerenwerk",)),
    FteRow("Teammanagers", _d("8.50"), (("teammanager", _d(1)),), (SUPPORT_TEAM_CODE,)),
    FteRow("Beleidsadviseurs", _d("2.67"), (("beleidsadviseur", _d(1)),), (SUPPORT_TEAM_CODE,)),
    # The table has no row for the coördinatoren buurtbemiddeling and taalondersteuning nor
    # for quality or functional management; the demo data takes them from this row.
    FteRow("Overige overhead/directie", _d("18.17"), (("overige-overhead", _d(1)),)),
)
FTE_TOTAL_2023_PRINTED = Decimal("216.89")

# Ondersteuningsvragen bij de wijk- en dorpenteams (002 l.2699-2717, from Jaarverslag 2019).
# Columns: team as printed, cases 2018, persons 2018, cases 2019, persons 2019.
CASELOAD_2019: tuple[tuple[str, int, int, int, int], ...] = (
    ("Dorpenteam", 626, 1346, 599, 1288),
    ("Dorpenteam Noord", 306, 658, 268, 576),
    ("Wijkteam Centrum-O", 1385, 2978, 1419, 3051),
    ("Wijkteam N", 1395, 2999, 1112, 2391),
    ("Wijkteam N-O", 1211, 2604, 985, 2118),
    ("Wijkteam Oud-O", 1187, 2552, 1057, 2273),
    ("Wijkteam W", 977, 2101, 981, 2109),
    ("Wijkteam Z", 1405, 3021, 1344, 2890),
)
# Totals as printed. The 2019 person rows sum to 16,696, one more than the printed 16,695
# (a rounding or typing difference in the source, not listed in reference.yaml).
CASELOAD_2019_TOTAL_CASES = 7765
CASELOAD_2019_TOTAL_PERSONS = 16695

# Row of CASELOAD_2019 -> [(team code, share of that row)]. The 60/40 splits are provisional.
CASELOAD_2019_SPLIT: dict[str, tuple[tuple[str, Decimal], ...]] = {
    "Dorpenteam": (("dorpenteam-zuid", _d(1)),),
    "Dorpenteam Noord": (("dorpenteam-noord", _d(1)),),
    "Wijkteam Centrum-O": (("wijkteam-centrum-oost", _d(1)),),
    "Wijkteam N": (("wijkteam-noord", _d("0.6")), ("wijkteam-vrijheidswijk", _d("0.4"))),
    "Wijkteam N-O": (("wijkteam-noord-oost", _d("0.6")), ("wijkteam-camminghaburen", _d("0.4"))),
    "Wijkteam Oud-O": (("wijkteam-oud-oost", _d(1)),),
    "Wijkteam W": (("wijkteam-west", _d(1)),),
    "Wijkteam Z": (("wijkteam-zuid", _d(1)),),
}


def caseload_2019_by_team() -> dict[str, tuple[Decimal, Decimal]]:
    """(cases, persons) of 2019 per wijk- or dorpenteam code, after the provisional splits."""
    result: dict[str, tuple[Decimal, Decimal]] = {}
    for label, _c18, _p18, cases, persons in CASELOAD_2019:
        for code, share in CASELOAD_2019_SPLIT[label]:
            result[code] = (cases * share, persons * share)
    return result


def _upsert(model, lookup: dict[str, Any], values: dict[str, Any]) -> tuple[Any, str]:
    """Create or update one row; saves (and bumps ``version``) only when something changed."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), "created"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return obj, "unchanged"
    for name in changed:
        setattr(obj, name, values[name])
    obj.version += 1
    obj.save()
    return obj, "updated"


def seed_reference_data(stdout=None) -> dict[str, int]:
    """Create or update the Leeuwarden master data; running it twice changes nothing.

    Returns the number of areas, teams, locations and functions in the reference data, and
    how many rows were created, updated or left unchanged.
    """
    from wijkteam.organisation.models import Area, Location, StaffFunction, Team

    outcome = {"created": 0, "updated": 0, "unchanged": 0}

    def note(kind: str, label: str, status: str) -> None:
        outcome[status] += 1
        if stdout is not None and status != "unchanged":
            stdout.write(f"{kind} {label}: {status}")

    with transaction.atomic():
        areas: dict[str, Area] = {}
        for spec in AREAS:
            area, status = _upsert(
                Area, {"code": spec.code}, {"name": spec.name, "kind": str(spec.kind)}
            )
            areas[spec.code] = area
            note("area", spec.code, status)

        for spec in TEAMS:
            team, status = _upsert(
                Team,
                {"code": spec.code},
                {
                    "name": spec.name,
                    "kind": str(spec.kind),
                    "description": spec.description,
                    "valid_from": spec.valid_from,
                    "valid_to": spec.valid_to,
                },
            )
            wanted = {areas[code].pk for code in spec.areas}
            if set(team.areas.values_list("pk", flat=True)) != wanted:
                team.areas.set(wanted)
                if status == "unchanged":
                    status = "updated"
            note("team", spec.code, status)

        for spec in LOCATIONS:
            _location, status = _upsert(
                Location,
                {"name": spec.name},
                {
                    "kind": str(spec.kind),
                    "status": str(spec.status),
                    "area": areas[spec.area],
                    "place": spec.place,
                    "address": spec.address,
                },
            )
            note("location", spec.name, status)

        for spec in FUNCTIONS:
            _function, status = _upsert(
                StaffFunction,
                {"code": spec.code},
                {"name": spec.name, "level": str(spec.level), "is_executive": spec.is_executive},
            )
            note("function", spec.code, status)

    return {
        "areas": len(AREAS),
        "teams": len(TEAMS),
        "locations": len(LOCATIONS),
        "functions": len(FUNCTIONS),
        **outcome,
    }
