"""The 72-hour deadline for notifying the Autoriteit Persoonsgegevens (AVG art. 33 lid 1).

The period runs in clock hours from the moment the organisation became aware of the breach,
weekends and holidays included. It is computed on absolute time (UTC), so a change between
winter and summer time does not make it an hour shorter or longer: 72 hours after 12:00 on
the Saturday before the clocks go forward is 13:00 on Tuesday, local time. The result is
stored on the breach when it is registered and never recomputed.
"""

import datetime

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

AP_NOTIFICATION_HOURS = 72
REMINDER_HOURS_BEFORE = 24  # the "due soon" reminder goes out 24 hours before the deadline


def ap_deadline(discovered_at: datetime.datetime) -> datetime.datetime:
    """The moment the AP notification is due: exactly 72 elapsed hours after discovery.

    Returns an aware datetime in UTC. ``discovered_at`` must be aware (any time zone).
    """
    if timezone.is_naive(discovered_at):
        raise ImproperlyConfigured("ap_deadline() needs an aware datetime")
    utc = discovered_at.astimezone(datetime.UTC)
    return utc + datetime.timedelta(hours=AP_NOTIFICATION_HOURS)


def reminder_from(deadline: datetime.datetime) -> datetime.datetime:
    """From this moment on, quality staff are reminded that the deadline is near."""
    return deadline.astimezone(datetime.UTC) - datetime.timedelta(hours=REMINDER_HOURS_BEFORE)


def hours_left(deadline: datetime.datetime, now: datetime.datetime) -> float:
    """Elapsed hours from ``now`` to ``deadline`` (negative when it has passed)."""
    return (deadline - now).total_seconds() / 3600
