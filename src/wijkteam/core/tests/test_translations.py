"""The interface is Dutch: every catalogue is complete, not fuzzy, and compiled."""

import ast
import gettext
from pathlib import Path

from django.conf import settings

import pytest

CATALOGUES = sorted(Path(settings.BASE_DIR).glob("**/locale/nl/LC_MESSAGES/django.po"))


def entries(po: Path):
    """(flags, msgctxt, msgid, msgid_plural, [msgstr...]) for every entry but the header."""
    for block in po.read_text(encoding="utf-8").strip().split("\n\n"):
        lines = block.splitlines()
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields: dict[str, str] = {}
        key = None
        for line in lines:
            if line.startswith("#"):
                continue
            if not line.startswith('"'):
                key, _, line = line.partition(" ")
                fields[key] = ""
            fields[key] += ast.literal_eval(line)
        if fields.get("msgid", "") == "":
            continue
        strs = [v for k, v in fields.items() if k.startswith("msgstr")]
        yield flags, fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"), strs


def test_there_is_a_dutch_catalogue_per_app_with_own_strings():
    assert len(CATALOGUES) >= 2, CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_every_message_is_translated_and_none_is_fuzzy(po):
    untranslated = [msgid for _f, _c, msgid, _p, strs in entries(po) if not all(strs)]
    fuzzy = [msgid for flags, _c, msgid, _p, _s in entries(po) if "fuzzy" in flags]
    assert not untranslated, f"{po}: untranslated {untranslated[:10]}"
    assert not fuzzy, f"{po}: fuzzy {fuzzy[:10]}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_compiled_catalogue_matches_its_source(po):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} missing: run make messages"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for _flags, context, msgid, plural, strs in entries(po):
        if plural:
            got = (
                compiled.npgettext(context, msgid, plural, 1)
                if context
                else compiled.ngettext(msgid, plural, 1)
            )
        else:
            got = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
        if got != strs[0]:
            stale.append(msgid)
    assert not stale, f"{mo} is older than its .po for {stale[:10]}: run make messages"
