"""Objects for the permission-matrix test: a plan of team A with the teammanager responsible
and an action owned by the worker, so every role that may see plans has it in scope."""

from wijkteam.improvements.tests.factories import ImprovementActionFactory, ImprovementPlanFactory


def objects(world) -> dict:
    plan = ImprovementPlanFactory(
        responsible=world.manager, team=world.team_a, created_by=world.quality
    )
    action = ImprovementActionFactory(plan=plan, owner=world.worker)
    found = {
        name: plan
        for name in (
            "improvements:plan-detail",
            "improvements:plan-update",
            "improvements:plan-transition",
            "improvements:action-create",
            "improvement-plan-detail",
            "improvement-plan-transition",
        )
    }
    found.update(
        {
            name: action
            for name in (
                "improvements:action-update",
                "improvements:action-status",
                "improvement-action-detail",
                "improvement-action-status",
            )
        }
    )
    return found
