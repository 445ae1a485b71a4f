from django.conf import settings
from django.core.management.base import BaseCommand

from wijkteam.accounts.models import User
from wijkteam.accounts.roles import ROLES


class Command(BaseCommand):
    help = "Print the demo accounts, one per role, and what each may do."

    def handle(self, *args, **options):
        existing = set(
            User.objects.filter(is_demo_account=True, is_active=True).values_list(
                "username", flat=True
            )
        )
        self.stdout.write("")
        self.stdout.write(
            self.style.MIGRATE_HEADING(f"Demo accounts (password: {settings.DEMO_PASSWORD})")
        )
        width = max(len(role.demo_username) for role in ROLES)
        for role in ROLES:
            mark = "" if role.demo_username in existing else "  [missing: run load_demo_data]"
            self.stdout.write(
                f"  {role.demo_username.ljust(width)}  {role.name}: {role.description}{mark}"
            )
        self.stdout.write("")
        self.stdout.write("Open http://127.0.0.1:8000 and sign in with one of these accounts.")
        self.stdout.write(
            "Second step (two-step verification): print the current 6-digit code with "
            "'python manage.py demo_otp USERNAME' (e.g. DEBUG=1 .venv/bin/python manage.py "
            "demo_otp sociaalwerker)."
        )
