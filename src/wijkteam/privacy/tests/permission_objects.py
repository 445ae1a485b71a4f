"""In-scope objects for the permission-matrix test (core/tests/test_permission_matrix.py)."""


def objects(world) -> dict:
    from wijkteam.privacy.tests.factories import InzageRequestFactory, RectificationRequestFactory
    from wijkteam.privacy.tests.retention_permission_objects import objects as retention_objects

    # Produced by the teammanager: only the producer may download.
    inzage = InzageRequestFactory(resident=world.resident_a, produced_by=world.manager)
    rectification = RectificationRequestFactory(resident=world.resident_a, recorded_by=world.worker)
    return {
        "privacy:inzage-create": world.resident_a,
        "privacy:inzage-detail": inzage,
        "privacy:inzage-download": {"pk": inzage.pk, "file_format": "pdf"},
        "privacy:resident-history": world.resident_a,
        "privacy:rectification-create": world.resident_a,
        "privacy:rectification-detail": rectification,
        "privacy:rectification-decide": rectification,
        "privacy:restriction-create": world.resident_a,
        "privacy:restriction-lift": world.resident_a,
        **retention_objects(world),
    }
