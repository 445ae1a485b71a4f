from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wijkteam.core import backup


class Command(BaseCommand):
    help = "Write a consistent backup of the database (SQLite or PostgreSQL) to var/backups/."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.VAR_DIR / "backups"))

    def handle(self, *args, **options):
        self.stdout.write(f"Backing up the {backup.vendor()} database ...")
        try:
            path = backup.backup(Path(options["dir"]))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = path.stat().st_size / 1024 / 1024
        self.stdout.write(self.style.SUCCESS(f"Backup written: {path} ({size:.1f} MB)"))
