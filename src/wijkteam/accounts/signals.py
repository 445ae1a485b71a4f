"""Sign-in events come from Django's auth signals: the one place Django reports them."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from wijkteam.core.accesslog import client_ip
from wijkteam.core.middleware import IdleTimeoutMiddleware
from wijkteam.core.models import AuthEvent, AuthEventKind


def _agent(request):
    if request is None:
        return ""
    return request.META.get("HTTP_USER_AGENT", "")[:300]


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        IdleTimeoutMiddleware.start(request.session)
    AuthEvent.objects.create(
        kind=AuthEventKind.LOGIN,
        username=user.get_username(),
        user=user,
        ip_address=client_ip(request),
        user_agent=_agent(request),
    )


@receiver(user_login_failed)
def record_login_failed(sender, credentials, request=None, **kwargs):
    AuthEvent.objects.create(
        kind=AuthEventKind.LOGIN_FAILED,
        username=str(credentials.get("username", ""))[:150],
        ip_address=client_ip(request),
        user_agent=_agent(request),
    )


@receiver(user_logged_out)
def record_logout(sender, request, user, **kwargs):
    if user is None:
        return
    AuthEvent.objects.create(
        kind=AuthEventKind.LOGOUT,
        username=user.get_username(),
        user=user,
        ip_address=client_ip(request),
        user_agent=_agent(request),
    )
