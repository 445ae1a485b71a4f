"""Objects for the permission-matrix test: a breach in team A, discovered by the worker and
registered by functioneel beheer, so every role that may see breaches has it in scope."""

from wijkteam.breaches.tests.factories import DataBreachFactory


def objects(world) -> dict:
    breach = DataBreachFactory(
        team=world.team_a, reported_by=world.admin, discovered_by=world.worker
    )
    return {
        name: breach
        for name in (
            "breaches:breach-detail",
            "breaches:breach-update",
            "breaches:breach-transition",
            "breach-detail",
            "breach-transition",
        )
    }
