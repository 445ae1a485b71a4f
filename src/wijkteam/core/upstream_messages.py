"""Messages of Django and DRF that their own Dutch catalogues leave untranslated.

Listed here (never used at run time) so ``makemessages`` keeps them in our catalogue, whose
Dutch then reaches the user instead of English. Django and DRF look the msgids up
themselves. Found by tests/security/test_hostile_forms.py and test_hostile_api.py; when a
new release of either changes a message, those tests show the English again.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_MESSAGES = [
    # django.contrib.auth.password_validation.MinimumLengthValidator (Django 5.2 changed the
    # msgid to %d; its nl catalogue still has only the old %(min_length)d one).
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
]

DRF_MESSAGES = [
    gettext_noop("Not a valid string."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Invalid input."),
    gettext_noop("A valid biginteger is required."),
    gettext_noop("Integer value too large to convert to float"),
    gettext_noop("Datetime value out of range."),
    gettext_noop('Invalid datetime for the timezone "{timezone}".'),
    gettext_noop("Must be a valid UUID."),
    gettext_noop("Surrogate characters are not allowed: U+{code_point:X}."),
    gettext_noop("This dictionary may not be empty."),
    gettext_noop("Ensure this field has at least {min_length} elements."),
    gettext_noop("Ensure this field has no more than {max_length} elements."),
    gettext_noop("The number of days must be between {min_days} and {max_days}."),
]
