"""Demo data of the privacy app, called by ``load_demo_data`` after residents, cases and staff
exist. Each part of the app adds its own writer here."""

import datetime
from collections.abc import Callable


def write_demo(
    *, seed: int, scale: float, today: datetime.date, progress: Callable[[str], None]
) -> None:
    from wijkteam.privacy.retention_demo import write_retention_demo

    # Retention: old files past their retention date, one under a legal hold.
    write_retention_demo(seed=seed, scale=scale, today=today, progress=progress)

    # AVG rights: rectification requests and restrictions of processing.
    from wijkteam.privacy.rectification_demo import write_avg_demo

    write_avg_demo(seed=seed, scale=scale, today=today, progress=progress)
