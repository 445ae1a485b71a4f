"""Factories and builders for the retention tests (kept apart from the AVG-rights part's
``factories.py``)."""

import datetime
from types import SimpleNamespace

import factory

from wijkteam.plans.models import GoalEvaluation
from wijkteam.plans.tests.factories import ActionFactory, GoalFactory, SupportPlanFactory
from wijkteam.plans.workflow import GoalStatus
from wijkteam.privacy.models import LegalHold
from wijkteam.residents.tests.factories import (
    ConsentFactory,
    HouseholdMemberFactory,
    ResidentFactory,
    ResidentShareFactory,
)
from wijkteam.support.choices import ClosureReason, DeadlineKind, LegalFramework
from wijkteam.support.deadlines import retention_until
from wijkteam.support.tests.factories import (
    CaseDeadlineFactory,
    CaseTransitionFactory,
    ContactFactory,
    ConversationFactory,
    ReferralFactory,
    SupportCaseFactory,
)
from wijkteam.support.workflow import CaseState

TODAY = datetime.date(2026, 11, 15)
LONG_AGO = datetime.date(2008, 3, 3)  # Wmo + 15 years = 2023: expired on TODAY
RECENT = datetime.date(2020, 6, 1)  # Wmo + 15 years = 2035: not expired


class LegalHoldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalHold

    case = factory.SubFactory(SupportCaseFactory)
    reason = "Lopende klachtprocedure bij de ombudsman"
    placed_by = factory.SubFactory("wijkteam.accounts.tests.factories.UserFactory")


def closed_case(resident, *, closed_on, framework=LegalFramework.WMO, household=None, **kwargs):
    received = closed_on - datetime.timedelta(days=200)
    return SupportCaseFactory(
        resident=resident,
        team=kwargs.pop("team", resident.team),
        household=household,
        legal_framework=framework,
        received_on=received,
        state=CaseState.CLOSED,
        closed_on=closed_on,
        closure_reason=ClosureReason.GOALS_ACHIEVED,
        closure_note="Mevrouw redt het weer zelf; dochter helpt mee.",
        retention_until=retention_until(framework, closed_on),
        **kwargs,
    )


def fill_case(case, worker, life_domain=None) -> SimpleNamespace:
    """Everything that can be recorded on a case, with personal free text."""
    received, closed = case.received_on, case.closed_on or case.received_on
    on_case = {"case": case, "recorded_by": worker}
    CaseTransitionFactory(case=case, actor=worker, reason="Aangemeld door de huisarts")
    if case.closed_on:
        CaseTransitionFactory(
            case=case,
            actor=worker,
            from_state=CaseState.REGISTERED,
            to_state=CaseState.CLOSED,
            on=closed,
            reason="Afgesloten na gesprek met mevrouw en haar dochter",
            closure_reason=ClosureReason.GOALS_ACHIEVED,
        )
    referral = ReferralFactory(**on_case, sent_on=received, response="Toegekend aan mevrouw")
    CaseDeadlineFactory(case=case, kind=DeadlineKind.FIRST_CONTACT, met_on=received)
    CaseDeadlineFactory(case=case, kind=DeadlineKind.WMO_DECISION, referral=referral)
    contact = ContactFactory(**on_case, date=received, with_whom="Dochter", note="Belt terug")
    conversation = ConversationFactory(**on_case, held_on=received)
    plan = SupportPlanFactory(
        case=case, created_by=worker, risks="Schulden bij de woningcorporatie"
    )
    plan.workers.add(worker)
    extra = {"life_domain": life_domain} if life_domain else {}
    goal = GoalFactory(
        plan=plan,
        title="Administratie op orde",
        description="Samen met de dochter",
        start_score=2,
        started_on=received,
        **extra,
    )
    GoalEvaluation.objects.create(
        goal=goal,
        evaluated_on=closed,
        status_before=GoalStatus.NEW,
        status_after=GoalStatus.ACHIEVED,
        score=4,
        result="Mevrouw opent haar post weer zelf",
        evaluated_by=worker,
        plan_revision=2,
    )
    type(goal).objects.filter(pk=goal.pk).update(
        status=GoalStatus.ACHIEVED, current_score=4, last_evaluated_on=closed, ended_on=closed
    )
    action = ActionFactory(goal=goal, performer_name="Buurvrouw Anja", description="Post openen")
    return SimpleNamespace(
        referral=referral,
        contact=contact,
        conversation=conversation,
        plan=plan,
        goal=goal,
        action=action,
    )


def expired_file(world, *, closed_on=LONG_AGO, framework=LegalFramework.WMO, team=None):
    """A resident of team A (or ``team``) with one closed case long past retention, a
    household of their own, a consent, a share and everything recorded on the case."""
    team = team or world.team_a
    resident = ResidentFactory(
        team=team,
        first_name="Grietje",
        last_name="Zijlstra",
        phone="0582123456",
        email="grietje@example.nl",
        date_of_birth=datetime.date(1950, 4, 2),
    )
    member = HouseholdMemberFactory(resident=resident, household__team=team)
    case = closed_case(
        resident, closed_on=closed_on, framework=framework, household=member.household
    )
    filled = fill_case(case, world.worker, world.life_domain)
    consent = ConsentFactory(
        resident=resident,
        given_on=case.received_on,
        scope="Gegevens over de schulden delen",
        recorded_by=world.worker,
    )
    share = ResidentShareFactory(resident=resident, user=world.manager, granted_by=world.manager)
    return SimpleNamespace(
        resident=resident,
        household=member.household,
        member=member,
        case=case,
        consent=consent,
        share=share,
        **vars(filled),
    )
