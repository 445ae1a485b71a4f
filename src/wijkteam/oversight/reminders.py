"""Reminders of break-the-glass reviews, for the scheduled task of ``notifications``.

Every unreviewed grant reminds each reviewer (``oversight.add_breakglassreview``, active
accounts): *due* from the moment it was granted, *overdue* once its stored ``review_due_on``
(``BREAK_GLASS_REVIEW_WORKING_DAYS`` working days after the grant) has passed. The key holds
the due date. Grants that need follow-up are not reminded: the reviewer who asked for it
tracks it on the to-do list.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wijkteam.notifications.choices import ReminderLevel
from wijkteam.notifications.services import Reminder
from wijkteam.oversight.models import BreakGlassGrant
from wijkteam.oversight.workflow import ReviewStatus


def reviewers():
    from wijkteam.accounts.models import User

    return list(
        User.objects.with_perm(
            "oversight.add_breakglassreview",
            is_active=True,
            include_superusers=False,
            backend="django.contrib.auth.backends.ModelBackend",
        ).order_by("pk")
    )


def due_reminders(now: datetime.datetime) -> Iterable[Reminder]:
    today = timezone.localtime(now).date()
    grants = list(
        BreakGlassGrant.objects.with_review_status()
        .filter(review_status=ReviewStatus.UNREVIEWED, granted_at__lte=now)
        .select_related("user")
        .order_by("review_due_on", "pk")
    )
    if not grants:
        return
    people = reviewers()
    with translation.override(settings.LANGUAGE_CODE):
        for grant in grants:
            overdue = grant.review_due_on < today
            level = ReminderLevel.OVERDUE if overdue else ReminderLevel.DUE
            key = f"breakglass:{grant.pk}:review:{grant.review_due_on:%Y%m%d}:{level}"
            subject = (
                _("Break-the-glass #%(n)s: review overdue since %(date)s")
                if overdue
                else _("Break-the-glass #%(n)s to review by %(date)s")
            ) % {"n": grant.pk, "date": grant.review_due_on.strftime("%d-%m-%Y")}
            body = _(
                "%(name)s opened a file outside their teams (%(category)s) on %(when)s. "
                "Review whether it was justified."
            ) % {
                "name": grant.user.display_name,
                "category": grant.get_category_display(),
                "when": timezone.localtime(grant.granted_at).strftime("%d-%m-%Y %H:%M"),
            }
            url = reverse("oversight:grant-detail", args=[grant.pk])
            for person in people:
                if person.pk == grant.user_id:
                    continue
                yield Reminder(
                    recipient=person, key=key, subject=subject, body=body, url=url, level=level
                )
