"""Rows recorded on a case follow the case's scope, for every role."""

import pytest

from wijkteam.residents.tests.factories import ResidentShareFactory
from wijkteam.support.models import (
    CaseDeadline,
    CaseTransition,
    Contact,
    Conversation,
    Referral,
    SupportCase,
)
from wijkteam.support.tests.factories import (
    CaseDeadlineFactory,
    CaseTransitionFactory,
    ContactFactory,
    ConversationFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = {
    CaseTransition: CaseTransitionFactory,
    CaseDeadline: CaseDeadlineFactory,
    Conversation: ConversationFactory,
    Contact: ContactFactory,
    Referral: ReferralFactory,
}
NO_RESIDENT_ACCESS = ["kwaliteitsmedewerker", "gemeente", "functioneel_beheerder", "bestuurder"]


def rows_on_both_cases(world, model):
    factory = FACTORIES[model]
    extra = {} if model is CaseDeadline else {"recorded_by": world.worker}
    if model is CaseTransition:
        extra = {"actor": world.worker}
    return factory(case=world.case_a, **extra), factory(case=world.case_b, **extra)


@pytest.mark.parametrize("model", list(FACTORIES))
@pytest.mark.parametrize("role", ["sociaal_werker", "teammanager"])
def test_casework_roles_see_rows_of_their_teams_cases_only(world, model, role):
    own, other = rows_on_both_cases(world, model)
    visible = set(model.objects.visible_for(world.users[role]))
    assert own in visible
    assert other not in visible


@pytest.mark.parametrize("model", [SupportCase, *FACTORIES])
@pytest.mark.parametrize("role", NO_RESIDENT_ACCESS)
def test_roles_without_casework_see_no_case_rows(world, model, role):
    if model is not SupportCase:
        rows_on_both_cases(world, model)
    assert not model.objects.visible_for(world.users[role]).exists()


@pytest.mark.parametrize("model", list(FACTORIES))
def test_a_shared_file_opens_the_rows_of_its_cases(world, model):
    _own, other = rows_on_both_cases(world, model)
    ResidentShareFactory(resident=world.resident_b, user=world.worker, granted_by=world.manager)
    assert other in set(model.objects.visible_for(world.worker))
