"""Breaking the glass: the search says only that a file exists elsewhere; the grant needs an
exact term, a category and a reason; bad input saves nothing and leaks nothing."""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from wijkteam.core.models import AccessAction, AccessLogEntry
from wijkteam.core.workingdays import add_working_days
from wijkteam.oversight import services
from wijkteam.oversight.choices import BreakGlassCategory, LookupKind
from wijkteam.oversight.models import BreakGlassGrant
from wijkteam.residents.models import Resident
from wijkteam.residents.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db

REASON = "Politie belt: acute zorgen over de veiligheid van de kinderen op dit adres."
NOTICE = "Er is een dossier buiten je team"
BREAK_GLASS = reverse("oversight:break-glass")
SEARCH = reverse("residents:resident-list")


def secrets_of(resident) -> list[str]:
    """What must not appear on any page before the grant exists."""
    return [
        resident.first_name,
        resident.last_name,
        resident.date_of_birth.strftime("%d-%m-%Y"),
        resident.postcode,
        resident.street,
        f"/inwoners/{resident.pk}/",
    ]


def assert_no_leak(response, resident):
    page = response.content.decode()
    for secret in secrets_of(resident):
        assert not re.search(rf"(?<!\w){re.escape(secret)}(?!\w)", page), f"{secret!r} leaked"


def dob(resident) -> str:
    return resident.date_of_birth.strftime("%d-%m-%Y")


def post(client, **data):
    payload = {
        "term": "",
        "category": BreakGlassCategory.ACUTE_SAFETY,
        "reason": REASON,
        "acknowledge": "on",
    }
    payload.update(data)
    return client.post(BREAK_GLASS, {k: v for k, v in payload.items() if v is not None})


# --- The search ------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_exact_bsn_outside_the_team_says_a_file_exists_and_nothing_more(client, world, htmx):
    client.force_login(world.worker)
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(SEARCH, {"q": world.resident_b.bsn}, headers=headers)
    assert response.status_code == 200
    assert NOTICE in response.content.decode()
    assert f"{BREAK_GLASS}?q={world.resident_b.bsn}" in response.content.decode()
    assert list(response.context["object_list"]) == []
    assert_no_leak(response, world.resident_b)
    assert not AccessLogEntry.objects.filter(resident_id=world.resident_b.pk).exists()


@pytest.mark.parametrize(
    "term",
    [
        "{last} {dob}",
        "{first} {last} {dob}",
        "{dob} {last}",
        "{last}, {dob}",
    ],
)
def test_name_and_date_of_birth_outside_the_team_offers_break_the_glass(client, world, term):
    r = world.resident_b
    client.force_login(world.worker)
    text = term.format(first=r.first_name, last=r.last_name.upper(), dob=dob(r))
    response = client.get(SEARCH, {"q": text})
    assert NOTICE in response.content.decode()


@pytest.mark.parametrize(
    "term",
    ["Bakker", "8911AB", "17-05-1985", "Bakker 01-01-2000", "99990001"],
)
def test_inexact_or_unmatched_terms_offer_nothing(client, world, term):
    client.force_login(world.worker)
    response = client.get(SEARCH, {"q": term})
    assert NOTICE not in response.content.decode()


def test_a_file_in_scope_is_just_found(client, world):
    client.force_login(world.worker)
    response = client.get(SEARCH, {"q": world.resident_a.bsn})
    assert list(response.context["object_list"]) == [world.resident_a]
    assert NOTICE not in response.content.decode()


def test_search_with_an_exact_term_runs_a_fixed_number_of_queries(
    client, world, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.worker)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(SEARCH, {"q": world.resident_b.bsn}).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    ResidentFactory.create_batch(15, team=world.team_b)
    ResidentFactory.create_batch(15, team=world.team_a)
    assert count() == small


# --- The form and the service ----------------------------------------------------------------


def test_break_glass_opens_the_file_and_logs_it(client, world, frozen_now, settings):
    settings.BREAK_GLASS_HOURS = 8
    settings.BREAK_GLASS_REVIEW_WORKING_DAYS = 2
    now = frozen_now(datetime.datetime(2026, 11, 27, 10, 0, tzinfo=datetime.UTC))  # a Friday
    client.force_login(world.worker)
    response = post(client, term=world.resident_b.bsn)

    grant = BreakGlassGrant.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("residents:resident-detail", args=[world.resident_b.pk])
    assert grant.user == world.worker
    assert grant.resident_id == world.resident_b.pk
    assert grant.resident_team == world.team_b
    assert grant.lookup_kind == LookupKind.BSN
    assert grant.category == BreakGlassCategory.ACUTE_SAFETY
    assert grant.reason == REASON
    assert grant.granted_at == now
    assert grant.expires_at == now + datetime.timedelta(hours=8)
    assert grant.review_due_on == add_working_days(datetime.date(2026, 11, 27), 2)
    assert grant.review_due_on == datetime.date(2026, 12, 1)
    first = AccessLogEntry.objects.get(resident_id=world.resident_b.pk)
    assert first.action == AccessAction.SEARCH
    assert first.context == f"Noodtoegang #{grant.pk}"

    detail = client.get(response["Location"])
    assert detail.status_code == 200
    page = detail.content.decode()
    assert world.resident_b.last_name in page
    assert f"noodtoegang (#{grant.pk})" in page
    viewed = AccessLogEntry.objects.filter(resident_id=world.resident_b.pk).order_by("id").last()
    assert viewed.action == AccessAction.VIEW
    assert f"Noodtoegang #{grant.pk}" in viewed.context


def test_break_glass_by_name_and_date_of_birth(world):
    r = world.resident_b
    grant = services.break_glass(
        actor=world.manager,
        term=f"{r.first_name} {r.last_name} {dob(r)}",
        category=BreakGlassCategory.CONTINUITY,
        reason=REASON,
    )
    assert grant.resident_id == r.pk
    assert grant.lookup_kind == LookupKind.NAME_AND_BIRTH_DATE


BAD_INPUT = [
    pytest.param({"reason": ""}, "reason", "Dit veld is vereist.", id="no-reason"),
    pytest.param(
        {"reason": "Even kijken.       "}, "reason", "minstens 20 tekens", id="short-reason"
    ),
    pytest.param({"category": ""}, "category", "Dit veld is vereist.", id="no-category"),
    pytest.param({"category": "nieuwsgierig"}, "category", "geldige keuze", id="bad-category"),
    pytest.param({"acknowledge": None}, "acknowledge", "Bevestig", id="not-acknowledged"),
    pytest.param({"term": "Pietersen"}, "term", "volledig BSN", id="inexact-term"),
    pytest.param({"term": "999999990"}, "term", "Geen dossier buiten uw teams", id="unknown-bsn"),
]


@pytest.mark.parametrize(("data", "field", "message"), BAD_INPUT)
def test_bad_input_gets_a_dutch_message_saves_nothing_and_leaks_nothing(
    client, world, data, field, message
):
    client.force_login(world.worker)
    data = {"term": world.resident_b.bsn, **data}
    if data["term"] == "999999990":
        Resident.objects.filter(bsn="999999990").delete()
    response = post(client, **data)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert "Er is niets opgeslagen" in response.content.decode() or errors
    assert not BreakGlassGrant.objects.exists()
    assert not AccessLogEntry.objects.filter(resident_id=world.resident_b.pk).exists()
    assert_no_leak(response, world.resident_b)
    assert world.resident_b not in Resident.objects.visible_for(world.worker)


def test_a_file_already_in_scope_needs_no_break_the_glass(world):
    with pytest.raises(ValidationError) as exc:
        services.break_glass(
            actor=world.worker, term=world.resident_a.bsn, category="continuity", reason=REASON
        )
    assert "dossier al openen" in str(exc.value.message_dict["term"])
    assert not BreakGlassGrant.objects.exists()


def test_two_files_with_the_same_name_and_birth_date_ask_for_the_bsn(world):
    twin = ResidentFactory(
        team=world.team_b,
        first_name=world.resident_b.first_name,
        last_name=world.resident_b.last_name,
        date_of_birth=world.resident_b.date_of_birth,
    )
    term = f"{twin.last_name} {dob(twin)}"
    with pytest.raises(ValidationError) as exc:
        services.break_glass(actor=world.worker, term=term, category="continuity", reason=REASON)
    assert "Zoek op BSN" in str(exc.value.message_dict["term"])
    assert str(twin.pk) not in str(exc.value)
    assert not BreakGlassGrant.objects.exists()


def test_all_errors_come_together(world):
    with pytest.raises(ValidationError) as exc:
        services.break_glass(actor=world.worker, term="Bakker", category="", reason="kort")
    assert set(exc.value.message_dict) == {"term", "category", "reason"}


@pytest.mark.parametrize("role", ["kwaliteitsmedewerker", "functioneel_beheerder", "gemeente"])
def test_roles_without_resident_access_cannot_break_the_glass(client, world, role):
    user = world.users[role]
    with pytest.raises(PermissionDenied):
        services.break_glass(
            actor=user, term=world.resident_b.bsn, category="acute_safety", reason=REASON
        )
    client.force_login(user)
    assert client.get(BREAK_GLASS).status_code == 403
    assert post(client, term=world.resident_b.bsn).status_code == 403
    assert not BreakGlassGrant.objects.exists()


def test_the_form_is_prefilled_from_the_search_and_shows_nothing_of_the_file(client, world):
    client.force_login(world.worker)
    response = client.get(BREAK_GLASS, {"q": world.resident_b.bsn})
    assert response.status_code == 200
    assert response.context["form"].initial["term"] == world.resident_b.bsn
    assert_no_leak(response, world.resident_b)
    assert "8 uur" in response.content.decode()


def test_grant_rows_are_append_only(world):
    from wijkteam.core.models import AppendOnlyError
    from wijkteam.oversight.tests.factories import BreakGlassGrantFactory

    grant = BreakGlassGrantFactory.for_resident(world.resident_b, user=world.worker)
    grant.expires_at = timezone.now() + datetime.timedelta(days=30)
    with pytest.raises(AppendOnlyError):
        grant.save()
    with pytest.raises(AppendOnlyError):
        grant.delete()
    with pytest.raises(AppendOnlyError):
        BreakGlassGrant.objects.filter(pk=grant.pk).update(reason="x" * 30)
    with pytest.raises(AppendOnlyError):
        BreakGlassGrant.objects.all().delete()


def test_the_database_refuses_to_change_a_grant(world):
    from django.db import DatabaseError, connection, transaction

    from wijkteam.oversight.tests.factories import BreakGlassGrantFactory

    grant = BreakGlassGrantFactory.for_resident(world.resident_b, user=world.worker)
    for sql in (
        "UPDATE oversight_breakglassgrant SET reason = 'weg' WHERE id = %s",
        "DELETE FROM oversight_breakglassgrant WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [grant.pk])
    assert BreakGlassGrant.objects.get(pk=grant.pk).reason == grant.reason
