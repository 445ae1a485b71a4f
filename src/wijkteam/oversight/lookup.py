"""Identify one resident exactly, for break-the-glass: by BSN, or by name and date of birth.

A normal search only looks inside the user's scope. When an exact search finds nothing there,
:func:`out_of_scope_matches` tells whether a file exists outside it, so the search page can say
"there is a file outside your team" and offer break-the-glass, without showing anything of it.
"""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Q, Value
from django.db.models.functions import Concat, Lower

from stdnum.nl import bsn as stdnum_bsn

from wijkteam.oversight.choices import LookupKind

_DATE = r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})"
_NAME_THEN_DATE = re.compile(rf"^(?P<name>\D+?)[\s,]+{_DATE}$")
_DATE_THEN_NAME = re.compile(rf"^{_DATE}[\s,]+(?P<name>\D+)$")


@dataclass(frozen=True)
class ExactLookup:
    """A term that identifies one person: a BSN, or a full name with a date of birth."""

    kind: str
    bsn: str = ""
    name: str = ""
    date_of_birth: datetime.date | None = None

    def filter(self, queryset):
        """``queryset`` (residents) narrowed to the exact matches."""
        if self.kind == LookupKind.BSN:
            return queryset.filter(bsn=self.bsn)
        space = Value(" ")
        return (
            queryset.filter(date_of_birth=self.date_of_birth)
            .annotate(
                _last=Lower("last_name"),
                _prefix_last=Lower(Concat("name_prefix", space, "last_name")),
                _first_last=Lower(Concat("first_name", space, "last_name")),
                _full=Lower(Concat("first_name", space, "name_prefix", space, "last_name")),
            )
            .filter(
                Q(_last=self.name)
                | Q(_prefix_last=self.name)
                | Q(_first_last=self.name)
                | Q(_full=self.name)
            )
        )


def _date(day: str, month: str, year: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def exact_lookup(term: str) -> ExactLookup | None:
    """Parse ``term``; None when it does not identify one person exactly."""
    term = " ".join((term or "").split())
    if not term:
        return None
    compact = re.sub(r"[\s.]", "", term)
    if compact.isdigit() and len(compact) in (8, 9) and stdnum_bsn.is_valid(compact):
        return ExactLookup(kind=LookupKind.BSN, bsn=stdnum_bsn.compact(compact))
    for pattern in (_NAME_THEN_DATE, _DATE_THEN_NAME):
        match = pattern.match(term)
        if not match:
            continue
        name = " ".join(match.group("name").replace(",", " ").split()).lower()
        day, month, year = (g for g in match.groups() if g is not None and g.isdigit())
        born = _date(day, month, year)
        if name and born:
            return ExactLookup(kind=LookupKind.NAME_AND_BIRTH_DATE, name=name, date_of_birth=born)
    return None


def out_of_scope_matches(user, term: str):
    """Residents that match ``term`` exactly and that ``user`` may not see (unscoped query:
    use only to tell that a file exists, never to show it). None for an inexact term."""
    from wijkteam.residents.models import Resident

    lookup = exact_lookup(term)
    if lookup is None:
        return None
    visible = Resident.objects.visible_for(user).values("pk")
    return lookup.filter(Resident.objects.exclude(pk__in=visible))


def break_glass_offer(user, term: str) -> bool:
    """True when the search page should offer break-the-glass for ``term``: the user may
    break the glass and a file outside their scope matches exactly (one query)."""
    from wijkteam.oversight.scoping import can_break_glass

    if not term or not can_break_glass(user):
        return False
    matches = out_of_scope_matches(user, term)
    return matches is not None and matches.exists()
