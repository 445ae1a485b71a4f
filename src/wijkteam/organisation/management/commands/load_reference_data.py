from django.core.management.base import BaseCommand

from wijkteam.organisation.reference_data import seed_reference_data


class Command(BaseCommand):
    help = (
        "Create or update the Leeuwarden master data (areas, teams, buurt- en dorpskamers, "
        "staff functions). Safe to run again: unchanged rows are left alone."
    )

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 1
        counts = seed_reference_data(stdout=self.stdout if verbose else None)
        self.stdout.write(
            f"Reference data: {counts['areas']} areas, {counts['teams']} teams, "
            f"{counts['locations']} locations, {counts['functions']} functions."
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged."
            )
        )
