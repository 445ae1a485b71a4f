"""Background tasks (django-q2): thin wrappers that call the services.

The daily retention run is scheduled in ``core/schedules.py``; it returns the run's number
and counts so django-q2's task result shows what happened.
"""


def apply_retention_task(dry_run: bool = False) -> dict:
    from wijkteam.privacy.models import RetentionTrigger
    from wijkteam.privacy.retention import apply_retention

    run = apply_retention(dry_run=dry_run, trigger=RetentionTrigger.SCHEDULE)
    return {"run": run.pk, "dry_run": run.dry_run, "counts": run.counts}
