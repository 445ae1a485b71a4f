"""Print the current sign-in code of a demo account (development and browser tests only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from django_otp.oath import TOTP

from wijkteam.accounts import twofactor
from wijkteam.accounts.models import User


def next_code(device) -> tuple[str, int]:
    """The code the server accepts now, and the seconds until it does (0: at once).

    That is the code of the current time step, or, when that step was already used for a
    sign-in (django-otp refuses a code twice), the next step's code, which the device's
    tolerance accepts too. So several sign-ins within 30 seconds each get a working code.
    """
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    centre = totp.t()
    if centre <= device.last_t:
        totp.drift += device.last_t + 1 - centre
    ahead = totp.t() - centre - device.tolerance
    wait = max(0, ahead * device.step)
    return f"{totp.token():0{device.digits}d}", wait


class Command(BaseCommand):
    help = (
        "Print the current two-step verification code of a demo account, so the demo logins "
        "work without a phone. Only with DEBUG on, only for demo accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError(
                "demo_otp only runs with DEBUG on: it reveals sign-in codes of demo accounts."
            )
        user = User.objects.filter(username=username).first()
        if user is None or not user.is_demo_account:
            raise CommandError(
                f"{username!r} is not a demo account; demo_otp only prints codes of the demo "
                "accounts made by load_demo_data."
            )
        device = twofactor.confirmed_totp_device(user)
        if device is None:
            raise CommandError(
                f"{username!r} has no authenticator (reset?): sign in and set one up, "
                "or run load_demo_data again."
            )
        code, wait = next_code(device)
        if wait:
            self.stderr.write(f"This code is accepted in about {wait} seconds.")
        self.stdout.write(code)
