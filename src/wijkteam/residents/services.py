"""Writes of residents' data: registration, changes and explicit sharing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from auditlog.context import set_actor

from wijkteam.core.services import create_audited, save_versioned
from wijkteam.residents.models import (
    Consent,
    Household,
    HouseholdMember,
    Resident,
    ResidentShare,
)


def register_resident(*, actor, resident: Resident) -> Resident:
    if resident.team_id not in actor.active_team_ids():
        raise ValidationError(
            {"team": _("You can only register a resident with one of your own teams.")},
            code="team_out_of_scope",
        )
    return create_audited(resident, actor=actor)


def update_resident(*, actor, resident: Resident, expected_version: int) -> Resident:
    return save_versioned(resident, actor=actor, expected_version=expected_version)


def share_resident(*, actor, resident: Resident, user, reason: str, valid_until) -> ResidentShare:
    from wijkteam.privacy.restriction import ensure_may_share

    ensure_may_share(resident)  # restriction of processing (AVG art. 18) forbids sharing
    share = ResidentShare(
        resident=resident, user=user, reason=reason, valid_until=valid_until, granted_by=actor
    )
    return create_audited(share, actor=actor)


def record_consent(*, actor, consent: Consent) -> Consent:
    consent.recorded_by = actor
    return create_audited(consent, actor=actor)


def withdraw_consent(*, actor, consent: Consent, withdrawn_on, note: str = "") -> Consent:
    """Record the withdrawal once; a withdrawn consent cannot be withdrawn again."""
    with transaction.atomic(), set_actor(actor):
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.withdrawn_on is not None:
            raise ValidationError(
                _("This consent has already been withdrawn."), code="already_withdrawn"
            )
        locked.withdrawn_on = withdrawn_on
        locked.withdrawn_by = actor
        locked.withdrawal_note = note
        locked.full_clean()
        locked.save()
    return locked


def create_household(*, actor, household: Household, head: Resident) -> Household:
    """A household starts with its main applicant; one household, one plan, one coordinator."""
    if household.team_id not in actor.active_team_ids():
        raise ValidationError(
            {"team": _("You can only register a household with one of your own teams.")},
            code="team_out_of_scope",
        )
    with transaction.atomic(), set_actor(actor):
        create_audited(household, actor=actor)
        create_audited(
            HouseholdMember(household=household, resident=head, relation="head"), actor=actor
        )
    return household


def update_household(*, actor, household: Household, expected_version: int) -> Household:
    return save_versioned(household, actor=actor, expected_version=expected_version)


def add_household_member(*, actor, household: Household, resident: Resident, relation: str):
    if HouseholdMember.objects.filter(household=household, resident=resident).exists():
        raise ValidationError(
            _("This resident is already a member of the household."), code="already_member"
        )
    return create_audited(
        HouseholdMember(household=household, resident=resident, relation=relation), actor=actor
    )
