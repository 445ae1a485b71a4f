"""Lockout after repeated failed sign-ins, on top of django-axes.

Axes counts failures per account (user name) and, separately, per address; either reaching
``AXES_FAILURE_LIMIT`` within ``AXES_COOLOFF_TIME`` locks it. This module shows the lockout on
the login page, lists current lockouts for functioneel beheer and lifts one.
"""

import copy
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt

from wijkteam.core.models import AuthEvent, AuthEventKind


def cooloff_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message() -> str:
    return _(
        "Signing in is temporarily blocked after %(limit)d failed attempts. "
        "Try again in %(minutes)d minutes, or ask functioneel beheer to unlock your account."
    ) % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": cooloff_minutes()}


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page with a Dutch message (API: JSON), status 429."""
    message = lockout_message()
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    from wijkteam.accounts.forms import LoginForm

    context = {
        "form": LoginForm(request),
        "lockout_message": message,
        "next": request.POST.get("next", ""),
    }
    return render(request, "accounts/login.html", context, status=429)


@dataclass(frozen=True)
class Lockout:
    kind: str  # "username" or "ip_address"
    value: str
    failures: int
    last_attempt: datetime

    @property
    def label(self):
        return _("Account") if self.kind == "username" else _("Address")


def current_lockouts() -> list[Lockout]:
    """Accounts and addresses with at least the failure limit within the cool-off time."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(attempt_time__gte=since)
    lockouts = []
    for field in ("username", "ip_address"):
        # Not ``exclude(ip_address="")``: a GenericIPAddressField turns "" into NULL, and
        # "= NULL" would exclude every row.
        present = recent.exclude(**{f"{field}__isnull": True})
        if field == "username":
            present = present.exclude(username="")
        rows = (
            present.values(field)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
            .order_by("-last")
        )
        lockouts += [Lockout(field, row[field], row["failures"], row["last"]) for row in rows]
    return lockouts


def unlock(*, actor, request, username: str = "", ip_address: str = "") -> int:
    """Remove the failed attempts of an account or an address; recorded as an AuthEvent.

    For an "unlock" event, ``user`` is the person who unlocked, ``username`` the unlocked
    account and ``ip_address`` the unlocked address (one of both is empty).
    """
    if bool(username) == bool(ip_address):
        raise ValueError("unlock needs exactly one of username and ip_address")
    with transaction.atomic():
        if username:
            count, _deleted = AccessAttempt.objects.filter(username=username).delete()
        else:
            count, _deleted = AccessAttempt.objects.filter(ip_address=ip_address).delete()
        AuthEvent.objects.create(
            kind=AuthEventKind.UNLOCK,
            username=username[:150],
            user=actor,
            ip_address=ip_address or None,
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        )
    return count


def _django_request(request):
    return getattr(request, "_request", request)  # a DRF Request wraps Django's


def is_locked_out(request, username: str) -> bool:
    """Whether axes refuses this account or the request's address right now."""
    return AxesProxyHandler.is_locked(_django_request(request), {"username": username})


def record_second_step_failure(request, username: str) -> None:
    """Count a wrong verification code as a failed sign-in (axes), towards the same lockout.

    A stolen password plus guessed codes meets the lockout as fast as guessed passwords do.
    The submitted code is masked in what axes stores.
    """
    request = _django_request(request)
    masked = copy.copy(request)
    post = request.POST.copy()
    if "otp_token" in post:
        post["otp_token"] = "********"
    masked.POST = post
    AxesProxyHandler.user_login_failed(
        sender=record_second_step_failure, credentials={"username": username}, request=masked
    )
