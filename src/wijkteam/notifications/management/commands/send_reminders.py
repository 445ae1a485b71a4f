from django.core.management.base import BaseCommand
from django.utils import timezone

from wijkteam.notifications.services import collect_due_reminders, send_due_reminders


class Command(BaseCommand):
    help = (
        "Create the reminders that are due now (each at most once) and e-mail those not yet "
        "sent; the same as the scheduled task. --dry-run lists them without sending."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List, change nothing.")

    def handle(self, *args, dry_run, **options):
        now = timezone.now()
        if dry_run:
            count = 0
            for provider, reminder in collect_due_reminders(now):
                count += 1
                self.stdout.write(
                    f"{provider}: {reminder.recipient} [{reminder.level}] {reminder.subject} "
                    f"({reminder.key})"
                )
            self.stdout.write(f"{count} reminders due (dry run, nothing sent).")
            return
        run = send_due_reminders(now)
        self.stdout.write(
            f"{run.created} new reminders, {run.already_sent} sent before, {run.emailed} e-mailed."
        )
        for name in run.failed_providers:
            self.stderr.write(f"Provider failed (see the log): {name}")
