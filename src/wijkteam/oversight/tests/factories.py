"""Factories for break-the-glass grants, their reviews and access-log entries.

They build valid rows directly (the tables are append-only: build them as they should stay);
tests about the rules go through ``services.break_glass`` and ``services.review_grant``.
"""

import datetime

from django.utils import timezone

import factory

from wijkteam.accounts.tests.factories import UserFactory
from wijkteam.core.models import AccessAction, AccessChannel, AccessLogEntry
from wijkteam.organisation.tests.factories import TeamFactory
from wijkteam.oversight.choices import BreakGlassCategory, LookupKind
from wijkteam.oversight.models import BreakGlassGrant, BreakGlassReview
from wijkteam.oversight.workflow import ReviewStatus

HOURS = datetime.timedelta(hours=8)


class BreakGlassGrantFactory(factory.django.DjangoModelFactory):
    """An active grant by default; ``expired=True`` for one that ended a day ago."""

    class Meta:
        model = BreakGlassGrant

    user = factory.SubFactory(UserFactory, role="sociaal_werker")
    resident_id = factory.Sequence(lambda n: 900000 + n)
    resident_team = factory.SubFactory(TeamFactory)
    lookup_kind = LookupKind.BSN
    category = BreakGlassCategory.ACUTE_SAFETY
    reason = "Politie belt: acute zorgen over de veiligheid van de kinderen in dit gezin."
    granted_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(minutes=5))
    expires_at = factory.LazyAttribute(lambda o: o.granted_at + HOURS)
    review_due_on = factory.LazyAttribute(
        lambda o: timezone.localdate(o.granted_at) + datetime.timedelta(days=2)
    )

    class Params:
        expired = factory.Trait(
            granted_at=factory.LazyFunction(
                lambda: timezone.now() - datetime.timedelta(days=1, hours=9)
            )
        )

    @classmethod
    def for_resident(cls, resident, **kwargs):
        return cls(resident_id=resident.pk, resident_team=resident.team, **kwargs)


class BreakGlassReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BreakGlassReview

    grant = factory.SubFactory(BreakGlassGrantFactory)
    status_before = ReviewStatus.UNREVIEWED
    outcome = ReviewStatus.JUSTIFIED
    note = ""
    reviewer = factory.SubFactory(UserFactory, role="kwaliteitsmedewerker")
    reviewed_at = factory.LazyFunction(timezone.now)


class AccessLogEntryFactory(factory.django.DjangoModelFactory):
    """One access-log entry; pass ``at`` (aware) and ``resident_id``."""

    class Meta:
        model = AccessLogEntry

    user = factory.SubFactory(UserFactory, role="sociaal_werker")
    resident_id = factory.Sequence(lambda n: 800000 + n)
    action = AccessAction.VIEW
    channel = AccessChannel.UI
    context = "Dossier bewoner"
    at = factory.LazyFunction(timezone.now)
