"""Demo data of the AVG rights: rectification requests and restrictions of processing.

Proportions are our assumption (the seeds give no figures on AVG requests): about one
rectification request per 400 residents a year, most of them corrected, and about one
restriction per 2,000 residents, a third of them lifted again. Deterministic
(``random.Random(f"avg-{seed}")``), bulk-created with one audit entry per batch.
"""

import datetime
import random
from collections.abc import Callable
from types import SimpleNamespace

from django.utils import timezone

from wijkteam.privacy.rectification import respond_by
from wijkteam.privacy.rectification_workflow import RectificationState

WHAT_IS_WRONG = (
    ("Mijn huisnummer is verkeerd gespeld.", "Het moet 12a zijn, niet 12."),
    ("Mijn telefoonnummer is oud.", "Nieuw nummer doorgegeven aan de balie."),
    ("Er staat dat ik twee kinderen heb; het zijn er drie.", ""),
    ("De datum van het keukentafelgesprek klopt niet.", "Het was een week later."),
    ("Mijn naam is verkeerd geschreven.", "Met ij in plaats van y."),
    ("In het verslag staat dat ik schulden heb bij de energieleverancier; dat is opgelost.", ""),
)
RESTRICTION_REASONS = (
    "De inwoner betwist de juistheid van de gegevens in het verslag (AVG art. 18 lid 1a).",
    "Bezwaar tegen gebruik van de gegevens voor rapportages aan de gemeente.",
)
DECISIONS = (
    (RectificationState.CORRECTED, 70, "Gegevens aangepast zoals gevraagd."),
    (RectificationState.REFUSED, 15, "De gegevens kloppen met de BRP; uitleg gegeven."),
    (RectificationState.WITHDRAWN, 5, ""),
)


def write_avg_demo(
    *, seed: int, scale: float, today: datetime.date, progress: Callable[[str], None]
) -> None:
    from wijkteam.accounts.models import TeamMembership
    from wijkteam.demo.generator import _BatchWriter
    from wijkteam.privacy.models import (
        ProcessingRestriction,
        RectificationRequest,
        RectificationTransition,
    )
    from wijkteam.residents.models import Resident

    rng = random.Random(f"avg-{seed}")
    residents = list(Resident.objects.order_by("id").values_list("id", "team_id"))
    if not residents:
        return
    managers: dict[int, list[int]] = {}
    for team_id, user_id in (
        TeamMembership.objects.filter(
            is_manager=True, user__groups__permissions__codename="decide_rectificationrequest"
        )
        .order_by("team_id", "user_id")
        .values_list("team_id", "user_id")
        .distinct()
    ):
        managers.setdefault(team_id, []).append(user_id)
    workers: dict[int, list[int]] = {}
    for team_id, user_id in (
        TeamMembership.objects.filter(
            user__groups__permissions__codename="add_rectificationrequest"
        )
        .order_by("team_id", "user_id")
        .values_list("team_id", "user_id")
        .distinct()
    ):
        workers.setdefault(team_id, []).append(user_id)
    fallback = sorted({u for users in workers.values() for u in users})
    if not fallback:
        return
    writer = _BatchWriter(SimpleNamespace(seed=seed, scale=scale), progress)
    tz = timezone.get_current_timezone()

    requests, decisions = [], []
    for resident_id, team_id in rng.sample(residents, max(1, round(len(residents) / 400))):
        what, correction = rng.choice(WHAT_IS_WRONG)
        asked = today - datetime.timedelta(days=rng.randint(3, 300))
        recorder = rng.choice(workers.get(team_id, fallback))
        decider = rng.choice(managers.get(team_id, [recorder]))
        due = respond_by(asked)
        state, note, decided_on = RectificationState.OPEN, "", None
        if due < today or rng.random() < 0.5:
            state, _w, note = rng.choices(DECISIONS, weights=[w for _s, w, _n in DECISIONS])[0]
            decided_on = min(today, asked + datetime.timedelta(days=rng.randint(2, 28)))
        requests.append(
            RectificationRequest(
                resident_id=resident_id,
                what_is_wrong=what,
                requested_correction=correction,
                requested_on=asked,
                respond_by=due,
                recorded_by_id=recorder,
                recorded_at=datetime.datetime.combine(asked, datetime.time(10), tz),
                state=state,
                decided_on=decided_on,
                decided_by_id=decider if decided_on else None,
                decision_note=note,
            )
        )
        decisions.append((decider, decided_on, state, note))
    writer.create(RectificationRequest, requests, "rectification requests")
    transitions = []
    for request, (decider, decided_on, state, note) in zip(requests, decisions, strict=True):
        transitions.append(
            RectificationTransition(
                request=request,
                from_state="",
                to_state=RectificationState.OPEN,
                actor_id=request.recorded_by_id,
                at=request.recorded_at,
            )
        )
        if decided_on:
            transitions.append(
                RectificationTransition(
                    request=request,
                    from_state=RectificationState.OPEN,
                    to_state=state,
                    reason=note,
                    actor_id=decider,
                    at=datetime.datetime.combine(decided_on, datetime.time(14), tz),
                )
            )
    writer.create(RectificationTransition, transitions, "rectification steps")

    restrictions, still_restricted = [], []
    chosen = rng.sample(residents, max(1, round(len(residents) / 2000)))
    for resident_id, team_id in chosen:
        by = rng.choice(managers.get(team_id, fallback))
        started = datetime.datetime.combine(
            today - datetime.timedelta(days=rng.randint(10, 200)), datetime.time(11), tz
        )
        lifted = rng.random() < 1 / 3
        restriction = ProcessingRestriction(
            resident_id=resident_id,
            reason=rng.choice(RESTRICTION_REASONS),
            started_at=started,
            started_by_id=by,
            lifted_at=started + datetime.timedelta(days=21) if lifted else None,
            lifted_by_id=by if lifted else None,
            lift_reason="Gegevens gecorrigeerd; de inwoner is ingelicht." if lifted else "",
        )
        restrictions.append(restriction)
        if not lifted:
            still_restricted.append(restriction)
    writer.create(ProcessingRestriction, restrictions, "restrictions")
    for r in still_restricted:
        Resident.objects.filter(pk=r.resident_id).update(
            processing_restricted=True,
            processing_restricted_since=r.started_at,
            processing_restriction_reason=r.reason,
            processing_restricted_by_id=r.started_by_id,
        )
    progress(
        f"  AVG rights:         {len(requests)} rectification requests, "
        f"{len(still_restricted)} restricted residents"
    )
