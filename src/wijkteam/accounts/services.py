"""Writes of staff accounts, team memberships and two-step verification devices."""

import secrets
from dataclasses import dataclass

from django.db import transaction

from auditlog.context import set_actor
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts import twofactor
from wijkteam.accounts.models import TeamMembership, User
from wijkteam.core.accesslog import client_ip
from wijkteam.core.models import AuthEvent, AuthEventKind
from wijkteam.core.services import create_audited, save_versioned


def create_staff(*, actor, user: User, roles=(), password: str | None = None) -> User:
    with transaction.atomic(), set_actor(actor):
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        create_audited(user, actor=actor)
        user.groups.set(roles)
    return user


def update_staff(*, actor, user: User, expected_version: int, roles=None) -> User:
    with transaction.atomic(), set_actor(actor):
        save_versioned(user, actor=actor, expected_version=expected_version, exclude=["password"])
        if roles is not None:
            user.groups.set(roles)
    return user


def add_membership(*, actor, membership: TeamMembership) -> TeamMembership:
    return create_audited(membership, actor=actor)


def end_membership(*, actor, membership: TeamMembership, end_date) -> TeamMembership:
    with transaction.atomic(), set_actor(actor):
        membership.end_date = end_date
        membership.full_clean()
        membership.save(update_fields=["end_date"])
    return membership


# --- Two-step verification -----------------------------------------------------------------
# The devices are django-otp's models; their changes are recorded as AuthEvents (who, what,
# when, from where), not in the audit trail, which would copy the secret key into the log.


def record_auth_event(kind: str, *, request=None, user=None, username: str = "") -> AuthEvent:
    agent = request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""
    return AuthEvent.objects.create(
        kind=kind,
        username=(username or (user.get_username() if user is not None else ""))[:150],
        user=user,
        ip_address=client_ip(request),
        user_agent=agent,
    )


def start_enrolment(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator device, made once and kept until confirmed.

    Showing the enrolment page again shows the same secret, so a scanned QR code stays valid.
    """
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        device = (
            TOTPDevice.objects.filter(user=user, confirmed=False, name=twofactor.TOTP_DEVICE_NAME)
            .order_by("pk")
            .first()
        )
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name=twofactor.TOTP_DEVICE_NAME, confirmed=False
            )
    return device


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(
        user=user, name=twofactor.RECOVERY_DEVICE_NAME, confirmed=True
    )
    tokens = twofactor.new_recovery_tokens()
    StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in tokens)
    return tokens


@dataclass(frozen=True)
class Verification:
    """The outcome of checking a code: the device that accepted it, or why none did."""

    device: object | None = None
    throttled_seconds: int = 0
    recovery: bool = False

    @property
    def ok(self) -> bool:
        return self.device is not None


def confirm_enrolment(*, user: User, code: str, request=None) -> tuple[Verification, list[str]]:
    """Check the first code of a new authenticator; on success confirm it and make recovery codes.

    Returns the verification and the new recovery codes (empty when the code was refused).
    Any earlier authenticator of the user is removed: one app per account.
    """
    code = twofactor.normalise_code(code)
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False, name=twofactor.TOTP_DEVICE_NAME)
            .order_by("pk")
            .first()
        )
        if device is None:
            return Verification(), []
        wait = twofactor.throttle_seconds(device)
        if not wait and device.verify_token(code):
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            tokens = _replace_recovery_codes(user)
            record_auth_event(AuthEventKind.OTP_ENROLLED, request=request, user=user)
            return Verification(device=device), tokens
        record_auth_event(AuthEventKind.OTP_FAILED, request=request, user=user)
    return Verification(throttled_seconds=wait), []


def verify_second_factor(*, user: User, code: str, request=None) -> Verification:
    """Check a 6-digit code against the authenticator, anything else against the recovery codes.

    django-otp refuses a code that was already used (TOTP replay, or a recovery code consumed)
    and throttles after a failure (1, 2, 4, ... seconds). Success and failure are AuthEvents;
    a refused code (not a throttled attempt) also counts towards the sign-in lockout.
    """
    from wijkteam.accounts.lockout import record_second_step_failure

    code = twofactor.normalise_code(code)
    recovery = not twofactor.is_totp_code(code)
    with transaction.atomic():
        if recovery:
            devices = StaticDevice.objects.devices_for_user(user, confirmed=True)
        else:
            devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
        device = devices.select_for_update().order_by("pk").first()
        wait = twofactor.throttle_seconds(device) if device is not None else 0
        if device is not None and not wait and code and device.verify_token(code):
            kind = AuthEventKind.OTP_RECOVERY if recovery else AuthEventKind.OTP_VERIFIED
            record_auth_event(kind, request=request, user=user)
            return Verification(device=device, recovery=recovery)
        record_auth_event(AuthEventKind.OTP_FAILED, request=request, user=user)
    if request is not None and not wait:
        record_second_step_failure(request, user.get_username())
    return Verification(throttled_seconds=wait)


def regenerate_recovery_codes(*, actor: User, request=None) -> list[str]:
    """New recovery codes for the signed-in user; the old ones stop working."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=actor.pk).first()
        tokens = _replace_recovery_codes(actor)
        record_auth_event(AuthEventKind.OTP_CODES, request=request, user=actor)
    return tokens


def reset_two_factor(*, actor: User, user: User, request=None) -> int:
    """Remove every device of ``user`` (lost phone) and end all of their sessions.

    The user sets up a new authenticator at the next sign-in. Recorded as an AuthEvent
    "otp_reset" with ``user`` = who reset and ``username`` = whose verification was reset.
    Returns the number of devices removed.
    """
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        removed = TOTPDevice.objects.filter(user=user).count()
        removed += StaticDevice.objects.filter(user=user).count()
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        # A session that passed the second step with the lost phone must not live on.
        User.objects.filter(pk=user.pk).update(session_token=secrets.token_hex(16))
        record_auth_event(
            AuthEventKind.OTP_RESET, request=request, user=actor, username=user.get_username()
        )
    return removed
