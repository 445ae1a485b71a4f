"""Parsing an exact term, and the reason rule, for any input (hypothesis)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from hypothesis import given
from hypothesis import strategies as st
from stdnum.nl import bsn as stdnum_bsn

from wijkteam.oversight.choices import LookupKind
from wijkteam.oversight.lookup import exact_lookup
from wijkteam.oversight.models import MIN_REASON_LENGTH, BreakGlassGrant

valid_bsns = (
    st.integers(10_000_000, 999_999_999).map(lambda n: f"{n:09d}").filter(stdnum_bsn.is_valid)
)
names = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzéëï'-", min_size=1, max_size=12).filter(
        lambda w: any(c.isalpha() for c in w)
    ),
    min_size=1,
    max_size=4,
)
dates = st.dates(datetime.date(1900, 1, 1), datetime.date(2026, 12, 31))


@given(valid_bsns, st.sampled_from(["", " ", "."]), st.sampled_from(["", " "]))
def test_a_valid_bsn_with_spaces_or_dots_is_an_exact_term(bsn, separator, padding):
    term = f"{padding}{bsn[:4]}{separator}{bsn[4:6]}{separator}{bsn[6:]}{padding}"
    lookup = exact_lookup(term)
    assert lookup is not None
    assert (lookup.kind, lookup.bsn) == (LookupKind.BSN, bsn)


@given(st.integers(100_000_000, 999_999_999).map(str).filter(lambda b: not stdnum_bsn.is_valid(b)))
def test_a_number_failing_the_eleven_test_is_not_exact(number):
    assert exact_lookup(number) is None


@given(names, dates, st.sampled_from(["-", "/", "."]), st.booleans(), st.booleans())
def test_a_name_with_a_date_of_birth_is_an_exact_term(words, born, sep, date_first, upper):
    name = " ".join(words).upper() if upper else " ".join(words)
    date = f"{born.day:02d}{sep}{born.month:02d}{sep}{born.year}"
    term = f"{date}  {name}" if date_first else f"{name}, {date}"
    lookup = exact_lookup(term)
    assert lookup is not None
    assert lookup.kind == LookupKind.NAME_AND_BIRTH_DATE
    assert lookup.date_of_birth == born
    assert lookup.name == " ".join(words).lower()


@given(names)
def test_a_name_alone_is_not_exact(words):
    assert exact_lookup(" ".join(words)) is None


def test_an_impossible_date_is_not_exact():
    assert exact_lookup("Jansen 31-02-1980") is None


@given(st.text(max_size=60))
def test_the_reason_needs_enough_characters_after_trimming(reason):
    now = timezone.now()
    grant = BreakGlassGrant(
        reason=reason, granted_at=now, expires_at=now + datetime.timedelta(hours=1)
    )
    too_short = len(reason.strip()) < MIN_REASON_LENGTH
    try:
        grant.clean()
    except ValidationError as exc:
        assert too_short
        assert "minstens 20 tekens" in exc.message_dict["reason"][0]
    else:
        assert not too_short
