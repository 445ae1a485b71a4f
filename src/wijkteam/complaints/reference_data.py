"""The complaint categories the application starts with (master data, Dutch names).

The first three are the types of the six formal complaints Amaryllis received in 2023 (seed
000 l.1651-1704: AVG 2, keten 1, agressie (verbaal) 3). The others are the topics that make up
most complaints in a mature care organisation (seed 003 l.1019-1023: bejegening,
communicatie, welbevinden) and what residents complain about in basic support
(bereikbaarheid, kwaliteit van de ondersteuning). Functioneel beheer adds or ends categories
on the page "Klachtcategorieën"; the migration ``0001_initial`` loads this list once.
"""

CATEGORIES: tuple[tuple[str, str, str, int], ...] = (
    # (code, name, description, sort order)
    (
        "avg-gegevensdeling",
        "Gegevensdeling en privacy (AVG)",
        "Bijvoorbeeld het delen van gegevens tussen Amaryllis en de gemeente.",
        10,
    ),
    (
        "ketensamenwerking",
        "Ketensamenwerking",
        "Een actie van een ketenpartner richting de bewoner is blijven liggen.",
        20,
    ),
    (
        "agressie-verbaal",
        "Agressie (verbaal)",
        "Klacht na verbale agressie, bedreiging of een contact- en pandverbod.",
        30,
    ),
    ("bejegening", "Bejegening", "Hoe de bewoner door een medewerker is behandeld.", 40),
    ("communicatie", "Communicatie", "Informatie, uitleg of terugkoppeling schoot tekort.", 50),
    (
        "bereikbaarheid",
        "Bereikbaarheid en toegankelijkheid",
        "Niet bereikbaar, lange wachttijd of moeilijk toegankelijke locatie.",
        60,
    ),
    (
        "kwaliteit-ondersteuning",
        "Kwaliteit van de ondersteuning",
        "De geboden ondersteuning of het ondersteuningsplan.",
        70,
    ),
    ("overig", "Overig", "", 900),
)


def seed_categories(model) -> int:
    """Create the categories that do not exist yet (by code); returns how many were made."""
    existing = set(model.objects.values_list("code", flat=True))
    new = [
        model(code=code, name=name, description=description, sort_order=order)
        for code, name, description, order in CATEGORIES
        if code not in existing
    ]
    model.objects.bulk_create(new)
    return len(new)
