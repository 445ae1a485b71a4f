"""Demo break-the-glass grants and access-log entries that give the access review something
to show. Called by ``load_demo_data`` after residents, cases and staff exist.

Everything is relative to the demo ``today`` (a fixed date) and deterministic (an own
``random.Random`` from the seed):

* **Ordinary access**: every working day of the last three weeks, a few workers open files of
  their own team during office hours; the review shows what is *not* ordinary against it.
* **Break-the-glass**: six grants over the last three weeks by different workers, for residents
  of another team, each with one to four file views under it; the older ones are reviewed
  (mostly justified; one not justified and one needing follow-up, with notes), the recent ones
  wait for review. The demo worker ``sociaalwerker`` holds one of them.
* **Findings in the last week**: one worker opens more than ``ACCESS_REVIEW_BURST_RESIDENTS``
  files within 40 minutes; one opens three files of another team without a grant or share; one
  works late on a weekday evening and on the Saturday.

Rows are bulk-created with one audit entry per batch (``_BatchWriter``).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import translation

from wijkteam.core.workingdays import add_working_days, is_working_day
from wijkteam.oversight.choices import BreakGlassCategory, LookupKind
from wijkteam.oversight.workflow import ReviewStatus

TIME_ZONE = ZoneInfo("Europe/Amsterdam")
HISTORY_DAYS = 21
GRANTS = 6
REASONS = {
    BreakGlassCategory.ACUTE_SAFETY: (
        "Politie meldt huiselijk geweld op dit adres; ik moet weten of er kinderen in beeld zijn.",
        "Buurvrouw belt in paniek: bewoner is verward op straat, eigen team niet bereikbaar.",
    ),
    BreakGlassCategory.CONTINUITY: (
        "Vaste werker ziek, inwoner staat aan de balie voor een afspraak over de huurachterstand.",
        "Waarneming tijdens vakantie van het eigen team; bewoner belt over afsluiting energie.",
    ),
    BreakGlassCategory.RESIDENT_REQUEST: (
        "Inwoner vraagt in de buurtkamer zelf om zijn plan door te nemen met mij als vast contact.",
    ),
}
REVIEW_NOTES = {
    ReviewStatus.NOT_JUSTIFIED: "Geen spoed; het eigen team was bereikbaar. Besproken met de "
    "medewerker en de teammanager.",
    ReviewStatus.NEEDS_FOLLOW_UP: "Reden summier. Navragen bij de teammanager of het eigen team "
    "is geïnformeerd.",
}
# The oldest grants are reviewed with these outcomes, in order; the rest wait for review.
REVIEW_OUTCOMES = (
    ReviewStatus.JUSTIFIED,
    ReviewStatus.NOT_JUSTIFIED,
    ReviewStatus.JUSTIFIED,
    ReviewStatus.NEEDS_FOLLOW_UP,
)
CONTEXT = "Dossier van inwoner"  # as the resident page logs it in Dutch


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), TIME_ZONE)


def _working_days(today: datetime.date, days: int) -> list[datetime.date]:
    span = [today - datetime.timedelta(days=n) for n in range(days)]
    return sorted(d for d in span if is_working_day(d))


def write_demo(
    *, seed: int, scale: float, today: datetime.date, progress: Callable[[str], None]
) -> None:
    from wijkteam.accounts.models import User
    from wijkteam.accounts.roles import ROLES_BY_SLUG
    from wijkteam.core.models import AccessAction, AccessChannel, AccessLogEntry
    from wijkteam.demo.generator import _BatchWriter
    from wijkteam.oversight.models import BreakGlassGrant, BreakGlassReview
    from wijkteam.oversight.services import grant_context
    from wijkteam.residents.models import Resident

    rng = random.Random(f"oversight-{seed}")
    writer = _BatchWriter(SimpleNamespace(seed=seed, scale=scale), progress)
    residents_by_team: dict[int, list[int]] = {}
    for pk, team_id in Resident.objects.order_by("pk").values_list("pk", "team_id"):
        residents_by_team.setdefault(team_id, []).append(pk)
    team_of = {pk: team for team, pks in residents_by_team.items() for pk in pks}
    demo_worker = User.objects.filter(
        username=ROLES_BY_SLUG["sociaal_werker"].demo_username
    ).first()
    reviewer = User.objects.filter(
        username=ROLES_BY_SLUG["kwaliteitsmedewerker"].demo_username
    ).first()
    workers = list(
        User.objects.filter(is_active=True, groups__name=ROLES_BY_SLUG["sociaal_werker"].name)
        .exclude(pk=getattr(demo_worker, "pk", None))
        .order_by("pk")
    )
    team_ids = {
        user.pk: sorted(set(user.memberships.active(today).values_list("team_id", flat=True)))
        for user in [*workers, *([demo_worker] if demo_worker else [])]
    }
    workers = [w for w in workers if any(residents_by_team.get(t) for t in team_ids[w.pk])]
    if len(workers) < 4 or reviewer is None or len(residents_by_team) < 2:
        progress("  oversight: too few workers, teams or residents; no demo access data")
        return

    def own(user) -> list[int]:
        return [pk for t in team_ids[user.pk] for pk in residents_by_team.get(t, [])]

    def other(user) -> list[int]:
        mine = set(team_ids[user.pk])
        return [pk for pk, team in team_of.items() if team not in mine]

    entries: list[AccessLogEntry] = []

    def view(user, resident_id, at, context=CONTEXT, action=AccessAction.VIEW) -> None:
        entries.append(
            AccessLogEntry(
                user=user,
                resident_id=resident_id,
                action=action,
                channel=AccessChannel.UI,
                context=context,
                path=f"/inwoners/{resident_id}/",
                at=at,
            )
        )

    # Ordinary access: own team, office hours, working days.
    for day in _working_days(today, HISTORY_DAYS):
        for user in rng.sample(workers, min(6, len(workers))):
            for pk in rng.sample(own(user), min(4, len(own(user)))):
                view(user, pk, _at(day, rng.randint(8, 16), rng.randrange(60)))

    # Break-the-glass: older ones reviewed, recent ones waiting.
    grant_users = ([demo_worker] if demo_worker and other(demo_worker) else []) + rng.sample(
        workers, GRANTS
    )
    grants: list[BreakGlassGrant] = []
    for number, user in enumerate(grant_users[:GRANTS]):
        days_ago = HISTORY_DAYS - 1 - number * (HISTORY_DAYS // GRANTS)
        day = today - datetime.timedelta(days=max(days_ago, 0))
        granted_at = _at(day, rng.randint(8, 17), rng.randrange(60))
        category = rng.choice(list(REASONS))
        resident_id = rng.choice(other(user))
        grants.append(
            BreakGlassGrant(
                user=user,
                resident_id=resident_id,
                resident_team_id=team_of[resident_id],
                lookup_kind=rng.choice([LookupKind.BSN, LookupKind.NAME_AND_BIRTH_DATE]),
                category=category,
                reason=rng.choice(REASONS[category]),
                granted_at=granted_at,
                expires_at=granted_at + datetime.timedelta(hours=settings.BREAK_GLASS_HOURS),
                review_due_on=add_working_days(day, settings.BREAK_GLASS_REVIEW_WORKING_DAYS),
            )
        )
    writer.create(BreakGlassGrant, grants, "break-the-glass")
    # What each worker did under the grant, logged as the pages log it.
    with translation.override(settings.LANGUAGE_CODE):
        for grant in grants:
            context = grant_context(grant.pk)
            view(grant.user, grant.resident_id, grant.granted_at, context, AccessAction.SEARCH)
            for minutes in sorted(rng.sample(range(2, 240), rng.randint(1, 3))):
                at = grant.granted_at + datetime.timedelta(minutes=minutes)
                view(grant.user, grant.resident_id, at, f"{CONTEXT} ({context})")
    reviews = [
        BreakGlassReview(
            grant=grant,
            status_before=ReviewStatus.UNREVIEWED,
            outcome=outcome,
            note=REVIEW_NOTES.get(outcome, ""),
            reviewer=reviewer,
            reviewed_at=_at(timezone_date(grant.granted_at) + datetime.timedelta(days=2), 10),
        )
        for grant, outcome in zip(grants, REVIEW_OUTCOMES, strict=False)
    ]
    writer.create(BreakGlassReview, reviews, "break-the-glass reviews")

    # Findings in the last week.
    week = _working_days(today, 7)
    burster, outsider, night_owl = rng.sample(workers, 3)
    many = settings.ACCESS_REVIEW_BURST_RESIDENTS + 10
    pool = own(burster) + [pk for pk in other(burster) if pk not in set(own(burster))]
    start = _at(week[1 % len(week)], 14, 5)
    for index, pk in enumerate(pool[:many]):
        view(burster, pk, start + datetime.timedelta(seconds=40 * index))
    for index, pk in enumerate(rng.sample(other(outsider), 3)):
        view(outsider, pk, _at(week[-1], 10, 15 + 7 * index))
    for index, pk in enumerate(rng.sample(own(night_owl), min(3, len(own(night_owl))))):
        view(night_owl, pk, _at(week[2 % len(week)], 22, 10 + 5 * index))
    saturday = today - datetime.timedelta(days=(today.weekday() - 5) % 7)
    for pk in rng.sample(own(night_owl), min(2, len(own(night_owl)))):
        view(night_owl, pk, _at(saturday, 11, rng.randrange(60)))

    entries.sort(key=lambda e: e.at)
    writer.create(AccessLogEntry, entries, "access-log entries")


def timezone_date(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(TIME_ZONE).date()
