import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """A password needs at least three of: lower case, upper case, digit, other character."""

    classes = (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")

    def validate(self, password, user=None):
        found = sum(1 for pattern in self.classes if re.search(pattern, password))
        if found < 3:
            raise ValidationError(
                _(
                    "Your password must contain at least three of: lower-case letters, "
                    "capital letters, digits and other characters."
                ),
                code="password_too_simple",
            )

    def get_help_text(self):
        return _(
            "Your password must contain at least three of: lower-case letters, capital "
            "letters, digits and other characters."
        )
