import datetime

from wijkteam.improvements import services
from wijkteam.improvements.choices import PlanSource
from wijkteam.improvements.models import ImprovementAction, ImprovementPlan
from wijkteam.improvements.workflow import ActionStatus, PlanState

DUE = datetime.date(2026, 12, 31)


_TEAM_A = object()


def make_plan(world, *, actor=None, responsible=None, team=_TEAM_A, origin=None, **fields):
    plan = ImprovementPlan(
        title=fields.pop("title", "Incidentmeldingen en gedragscode"),
        finding=fields.pop("finding", "Het belang van melden en opvolgen vraagt aandacht."),
        source=fields.pop("source", PlanSource.CERTIFICATION),
        responsible=responsible or world.manager,
        team=world.team_a if team is _TEAM_A else team,
        due_on=fields.pop("due_on", DUE),
        **fields,
    )
    return services.create_plan(actor=actor or world.manager, plan=plan, origin=origin)


def add_action(world, plan, *, owner=None, due_on=DUE, actor=None):
    action = ImprovementAction(
        plan=plan,
        description="Bespreken in teamoverleg",
        owner=owner or world.worker,
        due_on=due_on,
    )
    return services.add_action(actor=actor or world.manager, action=action)


def plan_in(state: str, world) -> ImprovementPlan:
    """A plan in ``state`` reached through the services (one action, done when needed)."""
    plan = make_plan(world)
    action = add_action(world, plan)
    if state == PlanState.OPEN:
        return plan
    if state == PlanState.CANCELLED:
        services.transition_plan(plan, PlanState.CANCELLED, actor=world.manager, reason="Vervallen")
        return ImprovementPlan.objects.get(pk=plan.pk)
    services.transition_plan(plan, PlanState.IN_PROGRESS, actor=world.manager)
    if state == PlanState.IN_PROGRESS:
        return ImprovementPlan.objects.get(pk=plan.pk)
    services.set_action_status(action, ActionStatus.DONE, actor=world.worker)
    services.transition_plan(
        plan, PlanState.COMPLETED, actor=world.manager, evidence="Protocol in Zenya bijgewerkt."
    )
    if state == PlanState.COMPLETED:
        return ImprovementPlan.objects.get(pk=plan.pk)
    services.transition_plan(plan, PlanState.VERIFIED, actor=world.quality)
    return ImprovementPlan.objects.get(pk=plan.pk)
