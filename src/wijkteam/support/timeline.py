"""One chronological view of everything that happened for a resident or a household.

Requests, state changes, conversations, contacts, referrals, plans, goals, evaluations and
consents are read with one query per kind (a fixed number whatever the history's length),
only for cases the user may see, and merged in Python.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from wijkteam.residents.models import Consent
from wijkteam.support.models import CaseTransition, Contact, Conversation, Referral, SupportCase


@dataclass(frozen=True)
class TimelineEntry:
    on: datetime.date
    kind: str  # a stable code: request, transition, conversation, ...
    title: str
    detail: str = ""
    resident_id: int | None = None
    url: str = ""
    sequence: int = 0  # tie-breaker within a day: the order the rows were recorded


def _case_url(case_id):
    return reverse("support:case-detail", args=[case_id])


def timeline(
    *, user, resident_ids: list[int], household_ids: list[int] = ()
) -> list[TimelineEntry]:
    """Entries for the given residents (and households), newest first."""
    from wijkteam.plans.models import Goal, GoalEvaluation, SupportPlan

    cases = SupportCase.objects.visible_for(user).filter(
        Q(resident_id__in=resident_ids) | Q(household_id__in=list(household_ids))
    )
    case_ids = cases.values("pk")
    entries: list[TimelineEntry] = []
    for case in cases.only(
        "pk", "received_on", "legal_framework", "channel", "question", "resident_id"
    ):
        entries.append(
            TimelineEntry(
                on=case.received_on,
                kind="request",
                title=_("Request received: %(framework)s")
                % {"framework": case.get_legal_framework_display()},
                detail=f"{case.get_channel_display()}: {case.question}".strip(": "),
                resident_id=case.resident_id,
                url=_case_url(case.pk),
                sequence=case.pk,
            )
        )
    for t in CaseTransition.objects.filter(case_id__in=case_ids).select_related("case"):
        entries.append(
            TimelineEntry(
                on=t.on,
                kind="transition",
                title=_("State: %(state)s") % {"state": t.get_to_state_display()},
                detail=" ".join(filter(None, [t.get_closure_reason_display(), t.reason])),
                resident_id=t.case.resident_id,
                url=_case_url(t.case_id),
                sequence=t.pk,
            )
        )
    for c in Conversation.objects.filter(case_id__in=case_ids).select_related("case"):
        entries.append(
            TimelineEntry(
                on=c.held_on,
                kind="conversation",
                title=c.get_kind_display(),
                detail=c.outcome,
                resident_id=c.case.resident_id,
                url=_case_url(c.case_id),
                sequence=c.pk,
            )
        )
    for c in Contact.objects.filter(case_id__in=case_ids).select_related("case"):
        entries.append(
            TimelineEntry(
                on=c.date,
                kind="contact",
                title=_("Contact: %(kind)s, %(minutes)s min")
                % {"kind": c.get_kind_display(), "minutes": c.duration_minutes},
                detail=" ".join(filter(None, [c.with_whom, c.note])),
                resident_id=c.case.resident_id,
                url=_case_url(c.case_id),
                sequence=c.pk,
            )
        )
    for r in Referral.objects.filter(case_id__in=case_ids).select_related("case"):
        entries.append(
            TimelineEntry(
                on=r.sent_on,
                kind="referral",
                title=_("Referral: %(category)s") % {"category": r.get_category_display()},
                detail=f"{r.provider} ({r.get_status_display()})",
                resident_id=r.case.resident_id,
                url=_case_url(r.case_id),
                sequence=r.pk,
            )
        )
    for p in SupportPlan.objects.filter(case_id__in=case_ids).select_related("case"):
        entries.append(
            TimelineEntry(
                on=p.started_on,
                kind="plan",
                title=_("Support plan started"),
                resident_id=p.case.resident_id,
                url=reverse("plans:plan-detail", args=[p.pk]),
                sequence=p.pk,
            )
        )
    for g in Goal.objects.filter(plan__case_id__in=case_ids).select_related(
        "life_domain", "plan__case"
    ):
        entries.append(
            TimelineEntry(
                on=g.started_on,
                kind="goal",
                title=_("Goal: %(title)s") % {"title": g.title},
                detail=g.life_domain.name,
                resident_id=g.plan.case.resident_id,
                url=reverse("plans:plan-detail", args=[g.plan_id]),
                sequence=g.pk,
            )
        )
    for e in GoalEvaluation.objects.filter(goal__plan__case_id__in=case_ids).select_related(
        "goal__plan__case"
    ):
        entries.append(
            TimelineEntry(
                on=e.evaluated_on,
                kind="evaluation",
                title=_("Goal evaluated: %(title)s") % {"title": e.goal.title},
                detail=f"{e.get_status_after_display()} ({_('score')} {e.score}). {e.result}",
                resident_id=e.goal.plan.case.resident_id,
                url=reverse("plans:plan-detail", args=[e.goal.plan_id]),
                sequence=e.pk,
            )
        )
    for c in Consent.objects.filter(resident_id__in=resident_ids):
        entries.append(
            TimelineEntry(
                on=c.given_on,
                kind="consent",
                title=_("Consent given: %(purpose)s") % {"purpose": c.get_purpose_display()},
                detail=c.partner or c.scope,
                resident_id=c.resident_id,
                sequence=c.pk,
            )
        )
        if c.withdrawn_on:
            entries.append(
                TimelineEntry(
                    on=c.withdrawn_on,
                    kind="consent",
                    title=_("Consent withdrawn: %(purpose)s")
                    % {"purpose": c.get_purpose_display()},
                    detail=c.withdrawal_note,
                    resident_id=c.resident_id,
                    sequence=c.pk,
                )
            )
    entries.sort(key=lambda e: (e.on, e.sequence), reverse=True)
    return entries
