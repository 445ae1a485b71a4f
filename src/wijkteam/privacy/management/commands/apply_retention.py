import datetime

from django.core.management.base import BaseCommand, CommandError

from wijkteam.privacy.models import RetentionTrigger
from wijkteam.privacy.retention import BATCH_SIZE, apply_retention


class Command(BaseCommand):
    help = (
        "Apply the retention rules: anonymise support cases whose retention date has passed "
        "and erase residents' files whose cases all have. Honours legal holds and restrictions "
        "of processing. Idempotent. With --dry-run only reports what would go."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be anonymised or erased; change nothing.",
        )
        parser.add_argument(
            "--today",
            help="Reference date (YYYY-MM-DD) instead of today, e.g. for the demo data.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"Residents per transaction (default {BATCH_SIZE}).",
        )

    def handle(self, *args, dry_run, today, batch_size, **options):
        if today:
            try:
                today = datetime.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError("--today must be a date as YYYY-MM-DD.") from exc
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        run = apply_retention(
            dry_run=dry_run,
            today=today,
            trigger=RetentionTrigger.COMMAND,
            progress=self.stdout.write,
            batch_size=batch_size,
        )
        done = "Dry run" if run.dry_run else "Run"
        self.stdout.write(self.style.SUCCESS(f"{done} {run.pk} finished; report in the app."))
