"""Writes of master data. Teams are succeeded, not renamed, so history keeps its meaning."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from auditlog.context import set_actor

from wijkteam.core.services import create_audited, save_versioned
from wijkteam.organisation.models import Team


def create_master_data(*, actor, instance):
    if hasattr(instance, "_save_m2m"):
        raise TypeError("pass the instance, not the form")
    return create_audited(instance, actor=actor)


def update_master_data(*, actor, instance, expected_version: int):
    return save_versioned(instance, actor=actor, expected_version=expected_version)


def _unique_code(base: str) -> str:
    code = slugify(base)[:55] or "team"
    candidate, n = code, 2
    while Team.objects.filter(code=candidate).exists():
        candidate, n = f"{code}-{n}", n + 1
    return candidate


def succeed_team(*, actor, team: Team, end_date: datetime.date, successor_names: list[str]):
    """End ``team`` on ``end_date`` and start one successor per name the next day.

    One name is a rename, several a split. Successors take over the areas; memberships and
    residents stay with the old team until moved, so figures up to ``end_date`` keep it.
    """
    if team.valid_to is not None and team.valid_to < end_date:
        raise ValidationError(_("This team had already ended."), code="already_ended")
    if end_date < team.valid_from:
        raise ValidationError(
            _("The last day cannot be before the team started."), code="period_reversed"
        )
    with transaction.atomic(), set_actor(actor):
        locked = Team.objects.select_for_update().get(pk=team.pk)
        areas = list(locked.areas.all())
        locked.valid_to = end_date
        locked.version += 1
        locked.full_clean()
        locked.save()
        successors = []
        for name in successor_names:
            successor = Team(
                code=_unique_code(name),
                name=name,
                kind=locked.kind,
                description=locked.description,
                valid_from=end_date + datetime.timedelta(days=1),
            )
            successor.full_clean()
            successor.save()
            successor.areas.set(areas)
            successor.predecessors.add(locked)
            successors.append(successor)
    return successors
