"""Two-step verification on django-otp: reads and presentation helpers.

Every staff account signs in with a password and then a code: a 6-digit TOTP code from an
authenticator app (``TOTPDevice``) or one of ten single-use recovery codes (``StaticDevice``).
django-otp does the cryptography, the replay protection (``last_t``) and the throttling; this
module only finds a user's devices and shows them. Writes are in ``accounts.services``; the
enforcement is ``core.middleware.TwoFactorRequiredMiddleware``.
"""

from base64 import b32encode
from urllib.parse import quote, urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

import segno
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

ISSUER = "wijkteam"
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"
RECOVERY_CODE_COUNT = 10
TOTP_DIGITS = 6
# The recovery codes of a fresh enrolment or regeneration, shown once and then dropped.
NEW_CODES_SESSION_KEY = "_wijkteam_new_recovery_codes"


def confirmed_totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def is_verified(user) -> bool:
    """True when this request's session passed the second step (set by OTPMiddleware)."""
    check = getattr(user, "is_verified", None)
    return bool(user.is_authenticated and check is not None and check())


def remaining_recovery_codes(user) -> int:
    return StaticToken.objects.filter(
        device__user=user, device__confirmed=True, device__name=RECOVERY_DEVICE_NAME
    ).count()


def normalise_code(raw: str) -> str:
    """What a person types: spaces and dashes are ignored, letters in any case."""
    return "".join(ch for ch in str(raw) if ch not in " -\t").lower()


def is_totp_code(code: str) -> bool:
    return len(code) == TOTP_DIGITS and code.isdigit()


def new_recovery_tokens() -> list[str]:
    """Ten random codes (django-otp's generator: 8 characters of base32, 40 bits each)."""
    tokens: set[str] = set()
    while len(tokens) < RECOVERY_CODE_COUNT:
        tokens.add(StaticToken.random_token())
    return sorted(tokens)


def format_recovery_code(token: str) -> str:
    return f"{token[:4]}-{token[4:]}" if len(token) == 8 else token


def secret_base32(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def secret_groups(device: TOTPDevice) -> str:
    """The secret as an app expects it typed in, in groups of four for readability."""
    secret = secret_base32(device)
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(device: TOTPDevice) -> str:
    """The ``otpauth://`` address the QR code holds (Key URI format, with issuer)."""
    label = quote(f"{ISSUER}:{device.user.get_username()}")
    params = urlencode(
        {
            "secret": secret_base32(device),
            "issuer": ISSUER,
            "algorithm": "SHA1",
            "digits": device.digits,
            "period": device.step,
        },
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{params}"


def qr_data_uri(device: TOTPDevice) -> str:
    """The QR code as an SVG ``data:`` URI, allowed by the CSP (``img-src 'self' data:``)."""
    qr = segno.make(provisioning_uri(device), error="m")
    return qr.svg_data_uri(scale=5, dark="#000", light="#fff", border=4)


def throttle_seconds(device) -> int:
    """Seconds until django-otp's throttling allows this device to check a code again."""
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return 0
    remaining = (data["locked_until"] - timezone.now()).total_seconds()
    return max(1, int(remaining + 0.999))


def refusal_message(verification) -> str:
    """Why a code was not accepted, in words for the person typing it."""
    if verification.throttled_seconds:
        return ngettext(
            "Too many wrong codes in a row. Wait %(seconds)d second and try again.",
            "Too many wrong codes in a row. Wait %(seconds)d seconds and try again.",
            verification.throttled_seconds,
        ) % {"seconds": verification.throttled_seconds}
    return _(
        "This code is not correct or has already been used. Enter the code your app shows now."
    )


def safe_next(request, default: str | None = None) -> str:
    """The ``next`` address of the request if it stays on this site, else the start page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default or reverse(settings.LOGIN_REDIRECT_URL)


def with_next(url_name: str, next_url: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url
