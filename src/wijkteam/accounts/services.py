"""Writes of staff accounts and team memberships."""

from django.db import transaction

from auditlog.context import set_actor

from wijkteam.accounts.models import TeamMembership, User
from wijkteam.core.services import create_audited, save_versioned


def create_staff(*, actor, user: User, roles=(), password: str | None = None) -> User:
    with transaction.atomic(), set_actor(actor):
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        create_audited(user, actor=actor)
        user.groups.set(roles)
    return user


def update_staff(*, actor, user: User, expected_version: int, roles=None) -> User:
    with transaction.atomic(), set_actor(actor):
        save_versioned(user, actor=actor, expected_version=expected_version, exclude=["password"])
        if roles is not None:
            user.groups.set(roles)
    return user


def add_membership(*, actor, membership: TeamMembership) -> TeamMembership:
    return create_audited(membership, actor=actor)


def end_membership(*, actor, membership: TeamMembership, end_date) -> TeamMembership:
    with transaction.atomic(), set_actor(actor):
        membership.end_date = end_date
        membership.full_clean()
        membership.save(update_fields=["end_date"])
    return membership
