from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wijkteam.core import backup


class Command(BaseCommand):
    help = (
        "Replace the database by a backup made with backup_database. Stop the application "
        "first. Without a file, the newest backup in var/backups/ is used."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?")
        parser.add_argument("--dir", default=str(settings.VAR_DIR / "backups"))
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, file=None, **options):
        if file:
            source = Path(file)
        else:
            suffix = ".sqlite3" if backup.vendor() == "sqlite" else ".pgdump"
            candidates = sorted(Path(options["dir"]).glob(f"wijkteam-*{suffix}"))
            if not candidates:
                raise CommandError(f"No backups in {options['dir']}.")
            source = candidates[-1]
        if not options["yes"]:
            answer = input(f"Replace the {backup.vendor()} database by {source}? [y/N] ")
            if answer.strip().lower() not in {"y", "yes", "j", "ja"}:
                raise CommandError("Restore cancelled; nothing changed.")
        try:
            backup.restore(source)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored from {source}."))
