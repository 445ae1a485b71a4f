"""Demo consents: most main applicants agree to monitoring by the municipality.

Deterministic (seeded), bulk-created after the cases exist; the share is a demo assumption:
80% consent to sharing with the municipality for monitoring, 45% to the client-experience
survey, 10% of those monitoring consents withdrawn later.
"""

import datetime
import random

from wijkteam.residents.choices import ConsentPurpose
from wijkteam.residents.models import Consent
from wijkteam.support.models import SupportCase

BATCH = 2000


def write_demo_consents(*, seed: int, today: datetime.date, progress=None) -> int:
    rng = random.Random(f"consent-{seed}")
    rows = []
    cases = (
        SupportCase.objects.filter(coordinator__isnull=False)
        .order_by("pk")
        .values_list("resident_id", "coordinator_id", "received_on")
    )
    seen = set()
    for resident_id, coordinator_id, received_on in cases:
        if resident_id in seen:
            continue
        seen.add(resident_id)
        if rng.random() < 0.80:
            withdrawn = None
            if rng.random() < 0.10:
                withdrawn = min(today, received_on + datetime.timedelta(days=rng.randint(20, 200)))
            rows.append(
                Consent(
                    resident_id=resident_id,
                    purpose=ConsentPurpose.MUNICIPALITY_MONITORING,
                    scope="Geanonimiseerde gegevens voor de monitoring van de basisondersteuning",
                    given_on=received_on,
                    recorded_by_id=coordinator_id,
                    withdrawn_on=withdrawn,
                    withdrawn_by_id=coordinator_id if withdrawn else None,
                )
            )
        if rng.random() < 0.45:
            rows.append(
                Consent(
                    resident_id=resident_id,
                    purpose=ConsentPurpose.CLIENT_SURVEY,
                    scope="Naam en adres voor het cliëntervaringsonderzoek",
                    given_on=received_on,
                    recorded_by_id=coordinator_id,
                )
            )
    for start in range(0, len(rows), BATCH):
        Consent.objects.bulk_create(rows[start : start + BATCH])
        if progress:
            progress(f"  consents: {min(start + BATCH, len(rows)):>12} / {len(rows)}")
    return len(rows)
