"""Writes of the oversight app: breaking the glass and reviewing it.

``break_glass`` opens one resident's file outside the actor's teams for ``BREAK_GLASS_HOURS``:
it finds the file by an exact term (BSN, or name and date of birth), refuses with a Dutch message
that names nothing of the file when the term or the reason falls short, and otherwise appends a
grant and an access-log entry naming it. ``review_grant`` appends a review, checked against the
review workflow (``workflow.py``).
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auditlog.context import set_actor

from wijkteam.core.accesslog import record_access
from wijkteam.core.models import AccessAction
from wijkteam.core.workingdays import add_working_days
from wijkteam.oversight.choices import BreakGlassCategory
from wijkteam.oversight.lookup import exact_lookup
from wijkteam.oversight.models import BreakGlassGrant, BreakGlassReview
from wijkteam.oversight.scoping import can_break_glass
from wijkteam.oversight.workflow import ReviewStatus, check_transition


def grant_context(grant_id: int) -> str:
    """The access-log context of what a user views under a grant."""
    return _("Break-the-glass #%(id)s") % {"id": grant_id}


def _find_out_of_scope_resident(actor, term: str):
    """The one resident outside the actor's scope that ``term`` identifies, or a Dutch error
    that tells nothing about any file beyond what the search page already said."""
    from wijkteam.residents.models import Resident

    lookup = exact_lookup(term)
    if lookup is None:
        raise ValidationError(
            {
                "term": _(
                    "Enter a complete BSN, or the full name with the date of birth "
                    "(dd-mm-yyyy), for example “Jansen 12-03-1980”."
                )
            },
            code="term_not_exact",
        )
    matches = list(lookup.filter(Resident.objects.all()).values("pk", "team_id")[:2])
    visible = set(
        Resident.objects.visible_for(actor)
        .filter(pk__in=[m["pk"] for m in matches])
        .values_list("pk", flat=True)
    )
    if matches and all(m["pk"] in visible for m in matches):
        raise ValidationError(
            {"term": _("You can already open this file: find it under Residents.")},
            code="already_in_scope",
        )
    outside = [m for m in matches if m["pk"] not in visible]
    if not outside:
        raise ValidationError(
            {"term": _("No file outside your teams matches these details.")},
            code="no_match",
        )
    if len(matches) > 1:
        raise ValidationError(
            {
                "term": _(
                    "More than one file matches these details. Search by BSN to open the right one."
                )
            },
            code="ambiguous",
        )
    return lookup, outside[0]


def break_glass(
    *,
    actor,
    term: str,
    category: str,
    reason: str,
    now: datetime.datetime | None = None,
    request=None,
) -> BreakGlassGrant:
    """Open the file that ``term`` identifies for ``actor`` until ``BREAK_GLASS_HOURS`` from now.

    Refused (nothing saved, Dutch message) without the permission, without an exact term that
    matches exactly one file outside the actor's teams, without a known category, or with a
    reason shorter than ``MIN_REASON_LENGTH``. All errors are collected, so the form shows
    them together; none of them reveals anything of the file.
    """
    if not can_break_glass(actor):
        raise PermissionDenied(_("You may not open files outside your own teams."))
    now = now or timezone.now()
    errors: dict[str, list] = {}
    if category not in BreakGlassCategory.values:
        errors["category"] = [_("Choose the reason category.")]
    grant = BreakGlassGrant(
        user=actor,
        category=category,
        reason=(reason or "").strip(),
        granted_at=now,
        expires_at=now + datetime.timedelta(hours=settings.BREAK_GLASS_HOURS),
        review_due_on=add_working_days(
            timezone.localdate(now), settings.BREAK_GLASS_REVIEW_WORKING_DAYS
        ),
    )
    try:
        grant.clean()
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    with transaction.atomic(), set_actor(actor):
        try:
            lookup, match = _find_out_of_scope_resident(actor, term)
        except ValidationError as exc:
            errors = {**exc.message_dict, **errors}
        if errors:
            raise ValidationError(errors)
        grant.resident_id = match["pk"]
        grant.resident_team_id = match["team_id"]
        grant.lookup_kind = lookup.kind
        grant.full_clean()
        grant.save()
        record_access(
            user=actor,
            resident_ids=[grant.resident_id],
            action=AccessAction.SEARCH,
            context=grant_context(grant.pk),
            request=request,
            reason=grant.get_category_display(),
        )
    return grant


def current_review_status(grant: BreakGlassGrant) -> str:
    latest = grant.reviews.order_by("-reviewed_at", "-id").values_list("outcome", flat=True)
    return latest.first() or ReviewStatus.UNREVIEWED


def review_grant(
    *,
    actor,
    grant: BreakGlassGrant,
    outcome: str,
    note: str = "",
    now: datetime.datetime | None = None,
) -> BreakGlassReview:
    """Append a review of ``grant`` with ``outcome``; earlier reviews are never touched.

    Refused (nothing saved, Dutch message) without the permission, for the actor's own grant,
    or when the review workflow does not allow the move or needs a note that is missing.
    """
    if not actor.has_perm("oversight.add_breakglassreview"):
        raise PermissionDenied(_("You may not review break-the-glass grants."))
    note = (note or "").strip()
    with transaction.atomic(), set_actor(actor):
        # Lock the grant so two reviewers cannot both review from the same status.
        locked = BreakGlassGrant.objects.select_for_update().get(pk=grant.pk)
        if locked.user_id == actor.pk:
            raise ValidationError(
                _("You cannot review your own break-the-glass."), code="own_grant"
            )
        source = current_review_status(locked)
        check_transition(source, outcome, note=note)
        review = BreakGlassReview(
            grant=locked,
            status_before=source,
            outcome=outcome,
            note=note,
            reviewer=actor,
            reviewed_at=now or timezone.now(),
        )
        review.full_clean()
        review.save()
    return review
