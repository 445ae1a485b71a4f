"""Aggregated figures: computed in the database, small numbers suppressed for outsiders.

Nothing here returns a person; every function returns counts per group in one query.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, Sum

from wijkteam.accounts.models import User
from wijkteam.organisation.models import Team
from wijkteam.support.models import SupportCase


@dataclass(frozen=True)
class Figure:
    label: str
    value: int | None  # None when suppressed
    suppressed: bool = False

    @property
    def display(self) -> str:
        if self.suppressed:
            return f"<{settings.SMALL_NUMBER_THRESHOLD}"
        return f"{self.value:,}".replace(",", ".")


def suppress(label: str, value: int) -> Figure:
    """Counts from 1 up to the threshold are hidden: they could identify a person."""
    if 0 < value < settings.SMALL_NUMBER_THRESHOLD:
        return Figure(label=label, value=None, suppressed=True)
    return Figure(label=label, value=value)


def consent_filter(prefix: str = "", on=None) -> Q:
    """Only residents whose consent to share with the municipality holds (on ``on``)."""
    from wijkteam.residents.choices import ConsentPurpose
    from wijkteam.residents.models import Resident

    consented = Resident.objects.with_consent(ConsentPurpose.MUNICIPALITY_MONITORING, on)
    return Q(**{f"{prefix}resident__in": consented.values("pk")})


def not_restricted(prefix: str = "") -> Q:
    """Leave out residents whose processing is restricted (AVG art. 18): they are never
    counted, for anyone. ``prefix`` reaches the resident from a case: ``"cases__"``."""
    return Q(**{f"{prefix}resident__processing_restricted": False})


def consented_only_for(user) -> bool:
    """Outside the organisation (the municipality), figures count consented residents only."""
    return not user.has_perm("dashboard.view_internal_figures")


def open_cases_per_team(on=None, consented_only=False) -> list[Figure]:
    open_case = Q(cases__closed_on__isnull=True) & not_restricted("cases__")
    if consented_only:
        open_case &= consent_filter("cases__", on)
    rows = (
        Team.objects.active(on)
        .filter(kind__in=["neighbourhood", "village"])
        .annotate(n=Count("cases", filter=open_case))
        .order_by("kind", "name")
        .values_list("name", "n")
    )
    return [suppress(name, n) for name, n in rows]


def cases_per_framework(consented_only=False) -> list[Figure]:
    from wijkteam.support.choices import LegalFramework

    cases = SupportCase.objects.filter(not_restricted())
    if consented_only:
        cases = cases.filter(consent_filter())
    counts = dict(
        cases.values_list("legal_framework")
        .annotate(n=Count("id"))
        .values_list("legal_framework", "n")
    )
    return [suppress(label, counts.get(value, 0)) for value, label in LegalFramework.choices]


def fte_per_function() -> list[tuple[str, float, int]]:
    """FTE and head count per function of active staff (staff figures, not resident data)."""
    rows = (
        User.objects.filter(is_active=True, function__isnull=False)
        .values("function__name")
        .annotate(fte=Sum("fte"), people=Count("id"))
        .order_by("function__name")
    )
    return [(r["function__name"], float(r["fte"] or 0), r["people"]) for r in rows]
