"""In-scope objects of the retention URLs for the permission-matrix test (merged into
``permission_objects.py``)."""


def objects(world) -> dict:
    from wijkteam.privacy.models import RetentionRun, RetentionTrigger
    from wijkteam.privacy.tests.retention_factories import LegalHoldFactory

    run = RetentionRun.objects.create(
        reference_date=world.case_a.received_on, dry_run=True, trigger=RetentionTrigger.SCREEN
    )
    hold = LegalHoldFactory(case=world.case_a, placed_by=world.manager)
    return {
        "privacy:retention-run-detail": run,
        "privacy:retention-run-export": run,
        "privacy:legal-hold-lift": hold,
    }
