"""Writes of residents' data: registration, changes and explicit sharing."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wijkteam.core.services import create_audited, save_versioned
from wijkteam.residents.models import Resident, ResidentShare


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
    share = ResidentShare(
        resident=resident, user=user, reason=reason, valid_until=valid_until, granted_by=actor
    )
    return create_audited(share, actor=actor)
