"""Helpers for tests that go through the real second sign-in step."""

from django.urls import reverse

from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts.management.commands.demo_otp import next_code


def authenticator(user) -> TOTPDevice:
    """The user's confirmed authenticator, made if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def valid_code(user) -> str:
    """A code the server accepts now (the next unused time step, as ``demo_otp`` prints)."""
    device = authenticator(user)
    device.refresh_from_db()
    return next_code(device)[0]


def pass_second_step(client, user, **extra):
    """Submit a valid code on the verification page; returns the response."""
    return client.post(reverse("accounts:otp-verify"), {"otp_token": valid_code(user)}, **extra)
