"""Parse a search term into a filter on residents."""

import datetime
import re

from django.db.models import Q

from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def search_filter(term: str) -> Q:
    term = (term or "").strip()
    if not term:
        return Q()
    digits = re.sub(r"\D", "", term)
    if (
        len(digits) in (8, 9)
        and digits == re.sub(r"[\s.]", "", term)
        and stdnum_bsn.is_valid(digits)
    ):
        return Q(bsn=stdnum_bsn.compact(digits))
    match = _DATE.match(term)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return Q(date_of_birth=datetime.date(year, month, day))
        except ValueError:
            return Q(pk__in=[])
    try:
        code = stdnum_postcode.validate(term)
    except Exception:  # noqa: BLE001 - any parse failure means "not a postcode"
        code = None
    if code:
        return Q(postcode=code.replace(" ", ""))
    q = Q()
    for word in term.split():
        q &= Q(last_name__icontains=word) | Q(first_name__icontains=word)
    return q
