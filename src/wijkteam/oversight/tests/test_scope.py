"""A grant puts its resident in the user's scope while it is active, and only then."""

import datetime

from django.urls import reverse

import pytest

from wijkteam.oversight import services
from wijkteam.oversight.models import BreakGlassGrant, BreakGlassReview
from wijkteam.oversight.tests.factories import BreakGlassGrantFactory, BreakGlassReviewFactory
from wijkteam.residents.models import Household, HouseholdMember, Resident
from wijkteam.residents.scoping import resident_scope
from wijkteam.residents.tests.factories import HouseholdMemberFactory

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)
REASON = "Zorgmelding van de huisarts; eigen team van de inwoner niet bereikbaar."


def test_the_resident_is_in_scope_exactly_while_the_grant_is_active(world, frozen_now, settings):
    settings.BREAK_GLASS_HOURS = 8
    frozen_now(T0)
    grant = services.break_glass(
        actor=world.worker, term=world.resident_b.bsn, category="continuity", reason=REASON
    )
    moments = {
        T0 - datetime.timedelta(seconds=1): False,
        T0: True,
        T0 + 7 * HOUR: True,
        grant.expires_at - datetime.timedelta(seconds=1): True,
        grant.expires_at: False,
        T0 + 30 * HOUR: False,
    }
    for moment, expected in moments.items():
        frozen_now(moment)
        visible = Resident.objects.visible_for(world.worker)
        assert (world.resident_b in visible) is expected, moment
        via_q = Resident.objects.filter(resident_scope(world.worker)).distinct()
        assert (world.resident_b in via_q) is expected, moment
        assert grant.is_active(moment) is expected


def test_a_grant_opens_the_file_for_its_user_only(world):
    BreakGlassGrantFactory.for_resident(world.resident_b, user=world.worker)
    assert world.resident_b in Resident.objects.visible_for(world.worker)
    assert world.resident_b not in Resident.objects.visible_for(world.manager)


def test_an_expired_grant_no_longer_opens_the_file_page(client, world):
    BreakGlassGrantFactory.for_resident(world.resident_b, user=world.worker, expired=True)
    client.force_login(world.worker)
    url = reverse("residents:resident-detail", args=[world.resident_b.pk])
    assert client.get(url).status_code == 404


def test_an_active_grant_opens_the_file_page_with_a_banner(client, world):
    grant = BreakGlassGrantFactory.for_resident(world.resident_b, user=world.worker)
    client.force_login(world.worker)
    response = client.get(reverse("residents:resident-detail", args=[world.resident_b.pk]))
    assert response.status_code == 200
    assert f"noodtoegang (#{grant.pk})" in response.content.decode()


def test_the_own_teams_file_has_no_banner(client, world):
    client.force_login(world.worker)
    response = client.get(reverse("residents:resident-detail", args=[world.resident_a.pk]))
    assert "noodtoegang" not in response.content.decode()


def test_the_household_of_the_opened_resident_follows_the_resident(world):
    member = HouseholdMemberFactory(resident=world.resident_b, household__team=world.team_b)
    assert member.household not in Household.objects.visible_for(world.worker)
    BreakGlassGrantFactory.for_resident(world.resident_b, user=world.worker)
    assert member.household in Household.objects.visible_for(world.worker)
    assert member in HouseholdMember.objects.visible_for(world.worker)


@pytest.mark.parametrize("role", ["kwaliteitsmedewerker", "functioneel_beheerder", "gemeente"])
def test_a_grant_never_opens_a_file_for_roles_without_resident_access(world, role):
    BreakGlassGrantFactory.for_resident(world.resident_b, user=world.users[role])
    assert not Resident.objects.visible_for(world.users[role]).exists()


# --- Who sees grants and reviews -----------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("sociaal_werker", "own"),
        ("teammanager", "none"),
        ("kwaliteitsmedewerker", "all"),
        ("functioneel_beheerder", "all"),
        ("gemeente", "none"),
        ("bestuurder", "none"),
    ],
)
def test_grants_are_visible_to_reviewers_and_to_their_own_worker(world, role, sees):
    own = BreakGlassGrantFactory.for_resident(world.resident_b, user=world.worker)
    other = BreakGlassGrantFactory()
    BreakGlassReviewFactory(grant=own, reviewer=world.quality)
    visible = set(BreakGlassGrant.objects.visible_for(world.users[role]))
    expected = {"own": {own}, "none": set(), "all": {own, other}}[sees]
    assert visible == expected
    reviews = BreakGlassReview.objects.visible_for(world.users[role]).count()
    assert reviews == (1 if sees == "all" else 0)


def test_the_access_log_links_entries_made_under_a_grant(client, world):
    from wijkteam.oversight.tests.factories import AccessLogEntryFactory

    grant = BreakGlassGrantFactory.for_resident(world.resident_b, user=world.worker)
    under = AccessLogEntryFactory(
        user=world.worker, resident_id=world.resident_b.pk, at=grant.granted_at
    )
    before = AccessLogEntryFactory(
        user=world.worker,
        resident_id=world.resident_b.pk,
        at=grant.granted_at - datetime.timedelta(seconds=1),
    )
    other_user = AccessLogEntryFactory(
        user=world.manager, resident_id=world.resident_b.pk, at=grant.granted_at
    )
    client.force_login(world.quality)
    response = client.get(reverse("core:access-log"))
    linked = {e.pk: e.break_glass_id for e in response.context["object_list"]}
    assert linked[under.pk] == grant.pk
    assert linked[before.pk] is None
    assert linked[other_user.pk] is None
    assert reverse("oversight:grant-detail", args=[grant.pk]) in response.content.decode()
