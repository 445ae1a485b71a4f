from django.core.management.base import BaseCommand

from wijkteam.plans.reference_data import (
    AGE_BANDS,
    LIFE_DOMAINS,
    seed_age_bands,
    seed_life_domains,
)


class Command(BaseCommand):
    help = (
        "Create or update the 'Wat telt' life domains and the age bands of the reports. "
        "Safe to run again: unchanged rows are left alone."
    )

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 1
        domains = seed_life_domains(stdout=self.stdout if verbose else None)
        bands = seed_age_bands(stdout=self.stdout if verbose else None)
        provisional = sum(1 for spec in LIFE_DOMAINS if spec.provisional)
        self.stdout.write(
            f"Life domains: {len(LIFE_DOMAINS)} ({provisional} provisional); "
            f"age bands: {len(AGE_BANDS)}."
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{domains['created'] + bands['created']} created, "
                f"{domains['updated'] + bands['updated']} updated, "
                f"{domains['unchanged'] + bands['unchanged']} unchanged."
            )
        )
