import time
from decimal import Decimal
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Sum

from wijkteam.accounts.roles import ROLES, sync_roles
from wijkteam.demo.generator import DEMO_TODAY, build_demo_data, write_demo_data
from wijkteam.organisation.reference_data import FTE_TOTAL_2023_PRINTED, seed_reference_data
from wijkteam.plans.demo import write_demo_plans
from wijkteam.plans.reference_data import seed_age_bands, seed_life_domains
from wijkteam.residents.demo import write_demo_consents

# Apps whose demo.py has write_demo(*, seed, scale, today, progress), run in this order.
APP_DEMO_MODULES = (
    "wijkteam.incidents.demo",
    "wijkteam.complaints.demo",
    "wijkteam.breaches.demo",
    "wijkteam.improvements.demo",
    "wijkteam.privacy.demo",
    "wijkteam.oversight.demo",
)


def app_demo_writers():
    for name in APP_DEMO_MODULES:
        if find_spec(name) is not None:
            yield import_module(name).write_demo


class Command(BaseCommand):
    help = (
        "Load deterministic demo data: Leeuwarden master data, staff calibrated on the 2023 "
        "FTE table, one demo account per role, and residents with support cases calibrated on "
        "the 2019 caseload (scale 1 = about one year). Only with DEBUG on."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="1 = about one year of Leeuwarden (~7,800 cases); 0.01 for a quick look.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when residents already exist (used by 'make run').",
        )

    def handle(self, *args, seed, scale, if_empty, **options):
        from wijkteam.accounts.models import User
        from wijkteam.residents.models import Resident

        if not settings.DEBUG:
            raise CommandError(
                "load_demo_data only runs with DEBUG on: it creates accounts with a known "
                "password and invented residents."
            )
        if scale <= 0:
            raise CommandError("--scale must be greater than 0.")
        existing = Resident.objects.count()
        if existing:
            if if_empty:
                self.stdout.write(
                    f"{existing} residents already exist; demo data not loaded (--if-empty)."
                )
                return
            raise CommandError(
                f"The database already holds {existing} residents. Load demo data into an "
                "empty database, or pass --if-empty to skip silently."
            )

        started = time.monotonic()
        with transaction.atomic():
            reference = seed_reference_data()
            self.stdout.write(
                f"Reference data: {reference['teams']} teams, {reference['areas']} areas, "
                f"{reference['locations']} locations, {reference['functions']} functions."
            )
            seed_life_domains()
            seed_age_bands()
            if not sync_roles():
                raise CommandError("Not all permissions exist yet: run 'manage.py migrate' first.")
            reserved = set(User.objects.values_list("username", flat=True))
            data = build_demo_data(seed, scale, reserved_usernames=reserved)
            self.stdout.write(
                f"Generated {len(data.staff)} staff, {len(data.cases)} cases and "
                f"{data.person_count} persons (seed {seed}, scale {scale:g}); writing:"
            )
            write_demo_data(data, progress=self.stdout.write)
            write_demo_plans(seed=seed, scale=scale, today=DEMO_TODAY, progress=self.stdout.write)
            write_demo_consents(seed=seed, today=DEMO_TODAY, progress=self.stdout.write)
            for writer in app_demo_writers():
                writer(seed=seed, scale=scale, today=DEMO_TODAY, progress=self.stdout.write)
        self._summary(time.monotonic() - started)

    def _summary(self, seconds: float) -> None:
        from wijkteam.accounts.models import User
        from wijkteam.organisation.models import Location, Team
        from wijkteam.residents.models import Household, Resident
        from wijkteam.support.models import CaseDeadline, Contact, SupportCase

        staff = User.objects.filter(function__isnull=False)
        rows = [
            ("teams", Team.objects.count()),
            ("locations", Location.objects.count()),
            ("staff", staff.count()),
            ("fte total", f"{Decimal(staff.aggregate(total=Sum('fte'))['total'] or 0):.2f}"),
            ("residents", Resident.objects.count()),
            ("households", Household.objects.count()),
            ("support cases", SupportCase.objects.count()),
            ("open cases", SupportCase.objects.filter(closed_on__isnull=True).count()),
            ("contacts", Contact.objects.count()),
            ("overdue", CaseDeadline.objects.overdue(DEMO_TODAY).count()),
            ("due this week", CaseDeadline.objects.due_this_week(DEMO_TODAY).count()),
            ("demo accounts", User.objects.filter(is_demo_account=True).count()),
        ]
        self.stdout.write("")
        for label, value in rows:
            self.stdout.write(f"  {label:<15} {value:>10}")
        self.stdout.write(f"  (FTE table 31-12-2023: {FTE_TOTAL_2023_PRINTED} fte)")
        self.stdout.write(f"\nDates are relative to the demo 'today' {DEMO_TODAY:%d-%m-%Y}.")
        self.stdout.write(f"Demo accounts (password '{settings.DEMO_PASSWORD}'):")
        width = max(len(role.demo_username) for role in ROLES)
        for role in ROLES:
            self.stdout.write(f"  {role.demo_username:<{width}}  {role.name}: {role.description}")
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {seconds:.1f} s."))
