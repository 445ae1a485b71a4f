"""The register's pages: report, list (query counts), detail, edit, workflow steps."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from wijkteam.breaches.choices import RiskLevel
from wijkteam.breaches.models import BreachTransition, DataBreach
from wijkteam.breaches.tests.factories import DataBreachFactory
from wijkteam.breaches.tests.helpers import breach_in, report
from wijkteam.breaches.workflow import BreachState

pytestmark = pytest.mark.django_db

REPORT = {
    "discovered_at": "2026-03-28T12:00",
    "kind": "misdirected",
    "description": "Brief met schuldenoverzicht in de verkeerde envelop.",
    "data_categories": ["contact", "financial"],
    "persons_affected": "1",
}


def test_worker_reports_a_breach_and_sees_it(client, world):
    client.force_login(world.worker)
    response = client.post(reverse("breaches:breach-create"), {**REPORT, "team": world.team_a.pk})
    breach = DataBreach.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("breaches:breach-detail", args=[breach.pk])
    assert (breach.reported_by, breach.discovered_by) == (world.worker, world.worker)
    assert breach.state == BreachState.REPORTED
    # 28 March 12:00 CET + 72 h = 31 March 13:00 CEST: the page shows local time.
    page = client.get(response["Location"])
    assert "31 maart 2026, 13:00" in page.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("discovered_at", "", "Vul een datum en tijd in."),
        ("discovered_at", "gisteren", "Vul een datum en tijd in, bijvoorbeeld"),
        ("discovered_at", "2099-01-01T10:00", "kan niet in de toekomst liggen"),
        # 29 March 2026, 02:30 does not exist in Amsterdam (the clocks jump to 03:00).
        ("discovered_at", "2026-03-29T02:30", "bestaat deze niet"),
        ("data_categories", [], "Kies ten minste één soort gegevens."),
        ("persons_affected", "-3", "minstens 0"),
    ],
)
def test_bad_report_gets_a_dutch_message_and_saves_nothing(client, world, field, value, message):
    client.force_login(world.worker)
    data = {**REPORT, "team": world.team_a.pk, field: value}
    response = client.post(reverse("breaches:breach-create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert DataBreach.objects.count() == 0


def test_estimate_without_number_is_refused(client, world):
    client.force_login(world.worker)
    data = {**REPORT, "team": world.team_a.pk, "persons_affected": "", "persons_estimated": "on"}
    response = client.post(reverse("breaches:breach-create"), data)
    assert "geschatte aantal" in response.content.decode()
    assert DataBreach.objects.count() == 0


def _make(world, n):
    for i in range(n):
        DataBreachFactory(
            team=world.team_a if i % 2 else world.team_b,
            reported_by=world.worker,
            discovered_at=timezone.now() - datetime.timedelta(hours=i + 1),
        )


@pytest.mark.parametrize("n", [3, 12])
def test_list_uses_a_fixed_number_of_queries(client, world, django_assert_num_queries, n):
    _make(world, n)
    client.force_login(world.quality)
    client.get(reverse("breaches:breach-list"))  # warm the session and permission caches
    # session, user, 2FA device, permissions (2), count, roles in the header, teams, page
    with django_assert_num_queries(9):
        response = client.get(reverse("breaches:breach-list"))
    assert len(response.context["object_list"]) == n


@pytest.mark.parametrize("n", [2, 9])
def test_deadline_list_uses_a_fixed_number_of_queries(client, world, django_assert_num_queries, n):
    for i in range(n):  # half overdue, half due within 24 hours
        DataBreachFactory(
            team=world.team_a,
            discovered_at=timezone.now() - datetime.timedelta(hours=50 + 20 * (i % 2)),
        )
    client.force_login(world.quality)
    client.get(reverse("breaches:breach-overdue"))
    # session, user, 2FA device, permissions (2), roles in the header, overdue, due soon
    with django_assert_num_queries(8):
        response = client.get(reverse("breaches:breach-overdue"))
    assert len(response.context["due_soon"]) + len(response.context["overdue"]) == n


def test_deadline_list_shows_overdue_and_due_soon(client, world):
    now = timezone.now()
    overdue = DataBreachFactory(team=world.team_a, discovered_at=now - datetime.timedelta(hours=80))
    soon = DataBreachFactory(team=world.team_a, discovered_at=now - datetime.timedelta(hours=60))
    DataBreachFactory(team=world.team_a, discovered_at=now - datetime.timedelta(hours=10))
    DataBreachFactory(
        team=world.team_a, discovered_at=now - datetime.timedelta(hours=90), not_notified=True
    )
    client.force_login(world.quality)
    response = client.get(reverse("breaches:breach-overdue"))
    assert list(response.context["overdue"]) == [overdue]
    assert list(response.context["due_soon"]) == [soon]


@pytest.mark.parametrize("filters", [{"state": "assessed"}, {"risk_level": "none"}, {"year": 2026}])
def test_list_filters(client, world, filters):
    assessed = breach_in(BreachState.ASSESSED, world)
    report(world)
    client.force_login(world.quality)
    response = client.get(reverse("breaches:breach-list"), filters)
    expected = [assessed] if "year" not in filters else None
    if expected is not None:
        assert list(response.context["object_list"]) == expected
    else:
        assert len(response.context["object_list"]) == 2


def test_quality_staff_walk_a_breach_to_closed_through_the_pages(client, world):
    breach = report(world)
    client.force_login(world.quality)
    url = reverse("breaches:breach-transition", args=[breach.pk])
    steps = [
        ("assessed", {"risk_level": "risk", "risk_rationale": "Financiële gegevens bij derde."}),
        ("notified", {"ap_notified_at": "2026-03-03T10:00", "ap_reference": "AP-77"}),
        ("closed", {"measures": "Envelop teruggehaald; werkinstructie aangepast."}),
    ]
    for to, data in steps:
        breach.refresh_from_db()
        assert client.get(url, {"to": to}).status_code == 200
        response = client.post(f"{url}?to={to}", {**data, "version": breach.version})
        assert response.status_code == 302, response.content.decode()[:2000]
    breach.refresh_from_db()
    assert breach.state == BreachState.CLOSED
    assert breach.ap_reference == "AP-77"
    assert list(
        BreachTransition.objects.filter(breach=breach).values_list("to_state", flat=True)
    ) == [
        "reported",
        "assessed",
        "notified",
        "closed",
    ]


def test_refused_step_shows_the_reason_and_saves_nothing(client, world):
    breach = breach_in(BreachState.ASSESSED, world, risk_level=RiskLevel.HIGH)
    client.force_login(world.quality)
    url = reverse("breaches:breach-transition", args=[breach.pk]) + "?to=not_notified"
    response = client.post(url, {"no_notification_reason": "Geen zin", "version": breach.version})
    assert response.status_code == 200
    assert "moet dus bij de AP worden gemeld" in response.content.decode()
    breach.refresh_from_db()
    assert breach.state == BreachState.ASSESSED


def test_stale_form_gets_the_conflict_message(client, world):
    breach = report(world)
    client.force_login(world.quality)
    url = reverse("breaches:breach-update", args=[breach.pk])
    form = client.get(url).context["form"]
    data = {**{k: v for k, v in form.initial.items() if v is not None}, "team": world.team_a.pk}
    data.update(
        kind="misdirected",
        description="Nieuw",
        data_categories=["contact"],
        discovered_by=world.worker.pk,
        version=breach.version,
    )
    DataBreach.objects.filter(pk=breach.pk).update(version=breach.version + 1)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "iemand anders" in response.content.decode().lower()
    assert DataBreach.objects.get(pk=breach.pk).description != "Nieuw"


def test_step_page_without_a_target_lists_the_steps(client, world):
    breach = breach_in(BreachState.ASSESSED, world)
    client.force_login(world.quality)
    body = client.get(reverse("breaches:breach-transition", args=[breach.pk])).content.decode()
    assert "?to=notified" in body and "?to=not_notified" in body


def test_detail_offers_an_improvement_plan_to_those_who_may_make_one(client, world):
    breach = report(world)
    client.force_login(world.quality)
    body = client.get(breach.get_absolute_url()).content.decode()
    assert f"?origin=breaches.databreach%3A{breach.pk}" in body
    client.force_login(world.worker)
    body = client.get(breach.get_absolute_url()).content.decode()
    assert "origin=" not in body
