"""Objects for the permission-matrix test: an expired grant of the worker (team A) for the
resident of team B, so it opens nothing while the matrix runs."""

from wijkteam.oversight.tests.factories import BreakGlassGrantFactory


def objects(world) -> dict:
    grant = BreakGlassGrantFactory.for_resident(world.resident_b, user=world.worker, expired=True)
    return {
        "oversight:grant-detail": grant,
        "oversight:grant-review": grant,
        "break-glass-grant-detail": grant,
        "break-glass-grant-review": grant,
    }
