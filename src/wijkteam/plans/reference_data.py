"""Master data of support plans: the 'Wat telt' life domains and the age bands of reports.

Life domains
------------
The seeds name four life domains (reference ``wat_telt_leefgebieden``): *geld*, *geestelijke
gezondheid*, *dagelijkse activiteiten en meedoen* (001 l.334: the three most frequent, in that
order) and *huishouden* (001 l.344). These are **confirmed**. The full 'Wat telt' list (adult
and youth variants, Movisie 2019) is not in the seeds; for the demo a set inspired by common
zelfredzaamheid domains is added, every one marked ``is_provisional`` and described as
"voorlopig, te bevestigen door de klant". Which variant (adults, youth or both) a domain belongs
to is our assumption for all of them, the four confirmed ones included.

Age bands
---------
The seeds print two age bands of the PowerBI dashboard, 18-27 and 28-40 (001 l.332-336); the
full scheme is not in the seeds. 0-17, 41-65 and 66+ complete it provisionally.

``seed_life_domains()`` and ``seed_age_bands()`` are idempotent: running them again changes
nothing; a changed name or order is updated in place (the code is the natural key). A domain
functioneel beheer ended (``valid_to``) is not reopened.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from wijkteam.plans.choices import LifeDomainAudience

PROVISIONAL = "Voorlopig, te bevestigen door de klant."

_ADULT = LifeDomainAudience.ADULT
_YOUTH = LifeDomainAudience.YOUTH
_BOTH = LifeDomainAudience.BOTH


@dataclass(frozen=True)
class LifeDomainSpec:
    code: str
    name: str
    audience: str
    sort_order: int
    provisional: bool
    source: str = ""


LIFE_DOMAINS: tuple[LifeDomainSpec, ...] = (
    # Confirmed: named in the seeds (001 l.334, 344; 000 l.332).
    LifeDomainSpec(
        "geestelijke-gezondheid", "Geestelijke gezondheid", _BOTH, 10, False, "001 l.334"
    ),
    LifeDomainSpec(
        "dagelijkse-activiteiten-en-meedoen",
        "Dagelijkse activiteiten en meedoen",
        _BOTH,
        20,
        False,
        "001 l.334",
    ),
    LifeDomainSpec("geld", "Geld", _ADULT, 30, False, "001 l.334; 000 l.332"),
    LifeDomainSpec("huishouden", "Huishouden", _ADULT, 40, False, "001 l.344"),
    # Provisional: not in the seeds, for the demo until the customer confirms the list.
    LifeDomainSpec("lichamelijke-gezondheid", "Lichamelijke gezondheid", _BOTH, 50, True),
    LifeDomainSpec("wonen", "Wonen", _ADULT, 60, True),
    LifeDomainSpec("werk-en-opleiding", "Werk en opleiding", _ADULT, 70, True),
    LifeDomainSpec("sociaal-netwerk", "Sociaal netwerk", _BOTH, 80, True),
    LifeDomainSpec("relaties-en-gezin", "Relaties en gezin", _ADULT, 90, True),
    LifeDomainSpec("opvoeding", "Opvoeding", _ADULT, 100, True),
    LifeDomainSpec("justitie", "Justitie", _BOTH, 110, True),
    LifeDomainSpec("verslaving", "Verslaving", _BOTH, 120, True),
    LifeDomainSpec("zelfzorg", "Zelfzorg", _ADULT, 130, True),
    LifeDomainSpec("veiligheid", "Veiligheid", _BOTH, 140, True),
    LifeDomainSpec("school", "School", _YOUTH, 150, True),
    LifeDomainSpec("vrije-tijd", "Vrije tijd", _YOUTH, 160, True),
    LifeDomainSpec("ontwikkeling", "Ontwikkeling", _YOUTH, 170, True),
)

CONFIRMED_CODES = tuple(spec.code for spec in LIFE_DOMAINS if not spec.provisional)


@dataclass(frozen=True)
class AgeBandSpec:
    label: str
    min_age: int
    max_age: int | None


AGE_BANDS: tuple[AgeBandSpec, ...] = (
    AgeBandSpec("0-17", 0, 17),
    AgeBandSpec("18-27", 18, 27),  # printed in 001 l.332-336
    AgeBandSpec("28-40", 28, 40),  # printed in 001 l.332-336
    AgeBandSpec("41-65", 41, 65),
    AgeBandSpec("66+", 66, None),
)


def _upsert(model, lookup: dict, values: dict) -> str:
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return "created"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return "unchanged"
    for name in changed:
        setattr(obj, name, values[name])
    obj.version += 1
    obj.full_clean()
    obj.save()
    return "updated"


def _description(spec: LifeDomainSpec) -> str:
    if spec.provisional:
        return PROVISIONAL
    return f"Genoemd in de bronnen ({spec.source})."


def seed_life_domains(stdout=None) -> dict[str, int]:
    """Create or update the life domains; returns how many were created, updated, unchanged."""
    from wijkteam.plans.models import LifeDomain

    outcome = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for spec in LIFE_DOMAINS:
            status = _upsert(
                LifeDomain,
                {"code": spec.code},
                {
                    "name": spec.name,
                    "audience": str(spec.audience),
                    "sort_order": spec.sort_order,
                    "is_provisional": spec.provisional,
                    "description": _description(spec),
                },
            )
            outcome[status] += 1
            if stdout is not None and status != "unchanged":
                stdout.write(f"life domain {spec.code}: {status}")
    return outcome


def seed_age_bands(stdout=None) -> dict[str, int]:
    """Create or update the age bands; returns how many were created, updated, unchanged."""
    from wijkteam.plans.models import AgeBand

    outcome = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for spec in AGE_BANDS:
            status = _upsert(
                AgeBand, {"label": spec.label}, {"min_age": spec.min_age, "max_age": spec.max_age}
            )
            outcome[status] += 1
            if stdout is not None and status != "unchanged":
                stdout.write(f"age band {spec.label}: {status}")
    return outcome
