"""The gradatieladder: Amaryllis' six categories of incidents (000 l.1742-1782).

Categories 1-5 describe aggression towards staff and the stress it causes; category 6 (added
in 2023) describes harm to the resident. Categories 5 and 6 are possible calamities: they
are flagged for the quality officer's decision when reported.

The descriptions are the seed's words (reference.yaml ``incidents.gradatieladder``); msgids
are English, the Dutch original is in the app's catalogue.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class LadderStep:
    category: int
    label: Promise
    description: Promise
    added: int | None = None  # the year the category was introduced, if not from the start


LADDER: tuple[LadderStep, ...] = (
    LadderStep(
        1,
        _("Category 1"),
        _("raised voice, slight threat, unpleasant situation and/or no or slight stress for staff"),
    ),
    LadderStep(
        2,
        _("Category 2"),
        _(
            "verbal violence, refusing to leave the building, threat and/or moderate stress "
            "for staff"
        ),
    ),
    LadderStep(
        3,
        _("Category 3"),
        _(
            "(personal) threat, shouting, raging, (sexually) transgressive behaviour (towards "
            "staff) and/or stress for staff"
        ),
    ),
    LadderStep(
        4,
        _("Category 4"),
        _(
            "serious threat, pushing, hitting, unsafe situation, serious (sexually) "
            "transgressive behaviour (towards staff) and/or serious stress for staff"
        ),
    ),
    LadderStep(
        5,
        _("Category 5"),
        _(
            "injury, use of a weapon, vandalism, assault, very unsafe situation, threatened or "
            "followed at home or when leaving the building, very serious (sexually) "
            "transgressive behaviour (towards staff) and/or severe stress or absence of staff"
        ),
    ),
    LadderStep(
        6,
        _("Category 6"),
        _(
            "personal injury or suffering of a resident, ambulance transport, suicide, psychosis, "
            "accident of a resident"
        ),
        added=2023,
    ),
)

BY_CATEGORY = {step.category: step for step in LADDER}
CATEGORY_CHOICES = [(step.category, step.label) for step in LADDER]
# Categories that are flagged as a possible calamity when an incident is reported in them.
CALAMITY_CATEGORIES = frozenset({5, 6})


def description(category: int) -> str:
    return BY_CATEGORY[category].description


def is_possible_calamity(category: int | None) -> bool:
    return category in CALAMITY_CATEGORIES
