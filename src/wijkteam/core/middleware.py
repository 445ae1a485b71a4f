"""Security headers Django does not set itself: CSP and a strict permissions policy."""

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware

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
