"""Security headers Django does not set itself: CSP and a strict permissions policy."""

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)
# DRF's browsable API ships inline scripts and styles; it is relaxed to 'self' + inline.
RELAXED_PREFIXES = ("/api/v1/",)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        relaxed = request.path.startswith(RELAXED_PREFIXES) and "text/html" in response.get(
            "Content-Type", ""
        )
        if relaxed:
            response.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; script-src 'self' 'unsafe-inline'; "
                "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                "frame-ancestors 'none'; object-src 'none'",
            )
        else:
            response.setdefault("Content-Security-Policy", CSP)
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if not settings.DEBUG:
            response.setdefault("Cache-Control", "no-store")
        return response


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Every page needs a signed-in user, except those marked ``login_not_required``.

    The API answers for itself (session or token, 401/403 as JSON), so it is exempt here.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


LAST_ACTIVITY_KEY = "_wijkteam_last_activity"
SESSION_START_KEY = "_wijkteam_session_start"
LOGOUT_NOTICE_KEY = "_wijkteam_logout_notice"
# Record activity at most this often, so that not every request writes the session.
ACTIVITY_RESOLUTION = 30


class IdleTimeoutMiddleware:
    """Ends a session after SESSION_IDLE_TIMEOUT minutes without a request.

    Also ends it SESSION_COOKIE_AGE seconds after sign-in, however active (the session store
    slides its own expiry on every save). The login page then says why.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            idle = settings.SESSION_IDLE_TIMEOUT * 60
            last = session.get(LAST_ACTIVITY_KEY)
            start = session.setdefault(SESSION_START_KEY, now)
            if last is not None and now - last > idle:
                notice = _(
                    "You have been signed out automatically after %(minutes)d minutes "
                    "without activity."
                ) % {"minutes": settings.SESSION_IDLE_TIMEOUT}
                return self._end(request, notice)
            if now - start > settings.SESSION_COOKIE_AGE:
                return self._end(request, _("Your session has ended; please sign in again."))
            if last is None or now - last >= ACTIVITY_RESOLUTION:
                session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)

    @staticmethod
    def start(session):
        """Called at sign-in (accounts.signals): the clocks start now."""
        session[LAST_ACTIVITY_KEY] = session[SESSION_START_KEY] = time.time()

    def _end(self, request, notice):
        logout(request)
        request.session[LOGOUT_NOTICE_KEY] = str(notice)
        if request.path_info.startswith("/api/"):
            return self.get_response(request)  # now anonymous: the API answers 401/403
        login_url = redirect_to_login(request.get_full_path()).url
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login_url
            return response
        return HttpResponseRedirect(login_url)


def otp_not_required(view_func):
    """Mark a view as reachable before the second sign-in step (the 2FA pages, sign-out).

    Like ``login_not_required``: on a class-based view decorate ``dispatch`` with
    ``method_decorator``; ``as_view()`` copies the mark onto the view function.
    """
    view_func.otp_required = False
    return view_func


# The page every unverified session is sent to; it forwards to enrolment when needed.
OTP_STEP_URL_NAME = "accounts:otp-verify"


class TwoFactorRequiredMiddleware:
    """No page or API answer for a signed-in user until the session passed the second step.

    Placed after ``django_otp.middleware.OTPMiddleware`` (which gives ``user.is_verified()``)
    and LoginRequiredMiddleware. Pages marked ``login_not_required`` (login, health, public
    forms) and views marked ``otp_not_required`` (the 2FA pages, sign-out, keep-alive, the
    token endpoint) stay reachable.
    Pages redirect to the second step (htmx: an ``HX-Redirect``); the API answers 403 when the
    session authenticates the call. A call with ``Authorization: Token ...`` is left to DRF:
    tokens are only handed out after the second step.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        is_api = request.path_info.startswith("/api/")
        # DRF marks every API view login_not_required (it authenticates itself), so there only
        # an explicit otp_not_required (the token endpoint) counts.
        if not is_api and not getattr(view_func, "login_required", True):
            return None
        if not getattr(view_func, "otp_required", True):
            return None
        is_verified = getattr(user, "is_verified", None)
        if is_verified is not None and is_verified():
            return None
        if is_api:
            if request.headers.get("Authorization", "").startswith("Token "):
                return None
            return JsonResponse(
                {"detail": _("Complete the two-step verification first.")}, status=403
            )
        step_url = reverse(OTP_STEP_URL_NAME)
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            current = urlsplit(request.headers.get("HX-Current-URL", ""))
            # Fragments a 2FA page loads itself (e.g. the notification badge) get nothing;
            # elsewhere the whole page moves to the second step and comes back to that page.
            if not current.path.startswith(step_url):
                page = current.path + (f"?{current.query}" if current.query else "")
                next_url = page or request.get_full_path()
                response["HX-Redirect"] = f"{step_url}?{urlencode({'next': next_url})}"
            return response
        return HttpResponseRedirect(f"{step_url}?{urlencode({'next': request.get_full_path()})}")
