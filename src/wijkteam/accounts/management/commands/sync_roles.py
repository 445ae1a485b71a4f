from django.core.management.base import BaseCommand, CommandError

from wijkteam.accounts.roles import sync_roles


class Command(BaseCommand):
    help = "Create or update the role groups and their permissions from accounts/roles.py."

    def handle(self, *args, **options):
        if not sync_roles(stdout=self.stdout):
            raise CommandError("Not all permissions exist yet: run 'manage.py migrate' first.")
        self.stdout.write(self.style.SUCCESS("Roles are in step with accounts/roles.py."))
