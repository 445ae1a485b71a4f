"""The staff pages: register, list with filters, terms, the complaint page and its steps,
edits with version checks, categories; query counts at two sizes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

import pytest

from wijkteam.complaints import services, views
from wijkteam.complaints.choices import ComplaintChannel, HandlingRoute, Outcome
from wijkteam.complaints.models import Complaint, ComplaintCategory
from wijkteam.complaints.tests.factories import ComplaintFactory
from wijkteam.complaints.tests.helpers import TODAY, D, complaint_in, register
from wijkteam.complaints.workflow import ComplaintState

pytestmark = pytest.mark.django_db
S = ComplaintState
LIST = reverse("complaints:complaint-list")
DUE = reverse("complaints:complaint-due")


def page(response) -> str:
    return response.content.decode()


def detail_url(complaint) -> str:
    return reverse("complaints:complaint-detail", args=[complaint.pk])


# --- Register --------------------------------------------------------------------------------


def test_a_worker_registers_a_complaint_received_by_phone(client, world):
    client.force_login(world.worker)
    form = client.get(reverse("complaints:complaint-create"), {"resident": world.resident_a.pk})
    assert f'value="{world.resident_a.pk}"' in page(form)
    assert "web_form" not in page(form)  # the public form is not a staff channel
    response = client.post(
        reverse("complaints:complaint-create"),
        {
            "received_on": "2026-11-26",
            "channel": ComplaintChannel.PHONE,
            "resident": world.resident_a.pk,
            "complainant_name": "J. Jansen",
            "complainant_phone": "06 12345678",
            "team": world.team_a.pk,
            "category": ComplaintCategory.objects.get(code="communicatie").pk,
            "description": "Ik word niet teruggebeld.",
        },
        follow=True,
    )
    complaint = Complaint.objects.get()
    assert response.redirect_chain[-1][0] == detail_url(complaint)
    assert "K-2026-0001" in page(response)
    assert (complaint.registered_by, complaint.resident) == (world.worker, world.resident_a)
    assert complaint.acknowledge_by == D(2026, 12, 3)


def test_registering_a_complaint_in_the_future_is_refused_in_dutch(client, world):
    client.force_login(world.worker)
    response = client.post(
        reverse("complaints:complaint-create"),
        {
            "received_on": "2026-12-01",
            "channel": ComplaintChannel.LETTER,
            "complainant_name": "J. Jansen",
            "complainant_address": "Nieuwestad 1, Leeuwarden",
            "description": "Klacht.",
        },
    )
    assert "niet in de toekomst" in page(response)
    assert Complaint.objects.count() == 0


# --- List ------------------------------------------------------------------------------------


def test_the_list_shows_open_complaints_by_default_and_filters(client, world):
    open_a = register(world)
    closed = complaint_in(S.CLOSED, world)
    other_team = register(world, team=world.team_b)
    avg = ComplaintCategory.objects.get(code="avg-gegevensdeling")
    old = register(world, received_on=D(2026, 1, 15), category=avg)
    client.force_login(world.quality)

    def refs(**params):
        response = client.get(LIST, params)
        assert response.status_code == 200
        return {c.reference for c in response.context["object_list"]}

    assert refs() == {open_a.reference, other_team.reference, old.reference}
    assert closed.reference in refs(state="all")
    assert refs(state="closed") == {closed.reference}
    assert refs(team=world.team_b.pk) == {other_team.reference}
    assert refs(category=avg.pk) == {old.reference}
    assert refs(received_from="2026-01-01", received_to="2026-01-31") == {old.reference}
    services.transition_complaint(open_a, S.ACKNOWLEDGED, actor=world.quality, on=TODAY)
    # Acknowledgement overdue (since 9 November and since January); open_a is acknowledged
    # and its decision is not due before 14 December.
    assert refs(state="overdue") == {other_team.reference, old.reference}


def test_a_reversed_period_gets_a_dutch_message(client, world):
    client.force_login(world.quality)
    response = client.get(LIST, {"received_from": "2026-02-01", "received_to": "2026-01-01"})
    assert "begindatum liggen" in page(response)


def _many(world, n):
    for _i in range(n):
        ComplaintFactory(team=world.team_a, registered_by=world.worker)


@pytest.mark.parametrize("url", [LIST, DUE, reverse("complaint-list")])
def test_lists_use_the_same_number_of_queries_at_two_sizes(
    client, world, django_assert_num_queries, url
):
    client.force_login(world.quality)
    _many(world, 3)
    client.get(url)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _many(world, 20)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_list_writes_one_access_log_insert_for_many_linked_complaints(
    client, world, django_assert_max_num_queries
):
    for _i in range(5):
        register(world, resident=world.resident_a)
    client.force_login(world.manager)
    client.get(LIST)
    from wijkteam.core.models import AccessLogEntry

    before = AccessLogEntry.objects.count()
    with django_assert_max_num_queries(12):
        client.get(LIST)
    assert AccessLogEntry.objects.count() == before + 1  # de-duplicated per resident


# --- Terms -----------------------------------------------------------------------------------


def test_the_terms_page_lists_overdue_and_due_this_week(client, world):
    ack_late = register(world, received_on=D(2026, 11, 10))  # acknowledge by 17 Nov
    ack_soon = register(world, received_on=D(2026, 11, 24))  # acknowledge by 1 Dec
    decision_late = complaint_in(S.IN_HANDLING, world, received_on=D(2026, 10, 5))  # 16 Nov
    decision_soon = complaint_in(S.IN_HANDLING, world, received_on=D(2026, 10, 20))  # 1 Dec
    decided = complaint_in(S.DECIDED, world, received_on=D(2026, 10, 5))
    client.force_login(world.quality)
    response = client.get(DUE)
    ctx = response.context
    assert [c.pk for c in ctx["ack_overdue"]] == [ack_late.pk]
    assert [c.pk for c in ctx["decision_overdue"]] == [decision_late.pk]
    assert {c.pk for c in ctx["due"]} == {ack_soon.pk, decision_soon.pk}
    assert decided.reference not in page(response)
    later = client.get(DUE, {"on": "2026-12-02"}).context
    assert {c.pk for c in later["ack_overdue"]} == {ack_late.pk, ack_soon.pk}


def test_the_terms_page_filters_by_team(client, world):
    register(world, received_on=D(2026, 11, 10))
    other = register(world, received_on=D(2026, 11, 10), team=world.team_b)
    client.force_login(world.quality)
    ctx = client.get(DUE, {"team": world.team_b.pk}).context
    assert [c.pk for c in ctx["ack_overdue"]] == [other.pk]


# --- The complaint page ----------------------------------------------------------------------


def test_quality_staff_see_the_next_steps_and_a_worker_does_not(client, world):
    complaint = register(world)
    client.force_login(world.quality)
    body = page(client.get(detail_url(complaint)))
    assert "Ontvangst bevestigen" in body and "Intrekking vastleggen" in body
    assert "Beslistermijn verlengen" in body
    client.force_login(world.worker)
    body = page(client.get(detail_url(complaint)))
    assert "Ontvangst bevestigen" not in body and "Beslistermijn verlengen" not in body
    assert "Gegevens wijzigen" not in body


def test_the_improvement_plan_link_needs_the_page_and_the_permission(client, world, monkeypatch):
    complaint = register(world)
    expected = f"/verbeterplannen/nieuw/?origin=complaints.complaint:{complaint.pk}"
    client.force_login(world.quality)
    assert expected in page(client.get(detail_url(complaint)))
    client.force_login(world.worker)  # no improvements.add_improvementplan
    assert "?origin=complaints.complaint" not in page(client.get(detail_url(complaint)))

    def no_such_page(name, *args, **kwargs):
        if name == "improvements:plan-create":
            raise NoReverseMatch(name)
        return reverse(name, *args, **kwargs)

    monkeypatch.setattr(views, "reverse", no_such_page)
    assert views.improvement_plan_url(world.quality, complaint) is None


def test_a_step_page_for_one_step_shows_only_its_fields(client, world):
    complaint = complaint_in(S.ACKNOWLEDGED, world)
    client.force_login(world.quality)
    url = reverse("complaints:complaint-transition", args=[complaint.pk])
    body = page(client.get(url, {"to": S.IN_HANDLING}))
    assert 'name="handler"' in body and 'name="route"' in body
    assert 'name="outcome"' not in body
    assert "In behandeling nemen" in body


def test_the_whole_cycle_through_the_pages(client, world):
    complaint = register(world)
    client.force_login(world.quality)
    url = reverse("complaints:complaint-transition", args=[complaint.pk])

    def step(to, **data):
        complaint.refresh_from_db()
        response = client.post(
            f"{url}?to={to}",
            {"to": to, "on": "2026-11-27", "version": complaint.version, **data},
        )
        assert response.status_code == 302, page(response)

    step(S.ACKNOWLEDGED)
    step(S.IN_HANDLING, handler=world.manager.pk, route=HandlingRoute.FORMAL)
    step(S.DECIDED, outcome=Outcome.FOUNDED, decision_summary="Excuses en een nieuw gesprek.")
    step(S.CLOSED)
    complaint.refresh_from_db()
    assert (complaint.state, complaint.outcome, complaint.handler) == (
        S.CLOSED,
        Outcome.FOUNDED,
        world.manager,
    )
    body = page(client.get(detail_url(complaint)))
    assert "Gegrond" in body and "Excuses en een nieuw gesprek." in body


def test_a_refused_step_shows_the_dutch_reason_and_saves_nothing(client, world):
    complaint = complaint_in(S.IN_HANDLING, world, category=None)
    client.force_login(world.quality)
    url = reverse("complaints:complaint-transition", args=[complaint.pk])
    response = client.post(
        f"{url}?to={S.DECIDED}",
        {
            "to": S.DECIDED,
            "on": "2026-11-27",
            "outcome": Outcome.UNFOUNDED,
            "decision_summary": "x",
            "version": complaint.version,
        },
    )
    assert response.status_code == 200
    assert "Geef de klacht een categorie" in page(response)
    complaint.refresh_from_db()
    assert complaint.state == S.IN_HANDLING


def test_a_stale_form_gets_the_conflict_message_and_keeps_the_input(client, world):
    complaint = register(world)
    client.force_login(world.quality)
    url = reverse("complaints:complaint-update", args=[complaint.pk])
    data = {
        "complainant_name": "Nieuwe naam",
        "complainant_phone": "058 123 45 67",
        "description": "Aangevuld.",
        "version": complaint.version,
    }
    services.transition_complaint(complaint, S.ACKNOWLEDGED, actor=world.manager, on=TODAY)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "iemand anders" in page(response).lower()
    assert "Nieuwe naam" in page(response)
    assert Complaint.objects.get(pk=complaint.pk).complainant_name == "M. de Vries"


def test_editing_saves_the_details(client, world):
    complaint = register(world)
    client.force_login(world.manager)
    url = reverse("complaints:complaint-update", args=[complaint.pk])
    response = client.post(
        url,
        {
            "complainant_name": "M. de Vries",
            "complainant_email": "mdv@example.nl",
            "team": world.team_a.pk,
            "category": ComplaintCategory.objects.get(code="bereikbaarheid").pk,
            "description": "De medewerker kwam niet.",
            "version": complaint.version,
        },
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.category.code == "bereikbaarheid"
    assert complaint.complainant_email == "mdv@example.nl"


def test_extending_through_the_page_and_the_second_time_refused(client, world):
    complaint = complaint_in(S.IN_HANDLING, world)
    client.force_login(world.quality)
    url = reverse("complaints:complaint-extend", args=[complaint.pk])
    response = client.post(
        url, {"on": "2026-11-27", "reason": "Advies nodig.", "version": complaint.version}
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.decision_due_on == D(2027, 1, 11)
    response = client.post(
        url, {"on": "2026-11-27", "reason": "Nog eens.", "version": complaint.version}
    )
    assert "maar één keer" in page(response)


def test_changing_the_handler_through_the_page(client, world):
    complaint = complaint_in(S.IN_HANDLING, world)
    client.force_login(world.quality)
    url = reverse("complaints:complaint-handling", args=[complaint.pk])
    response = client.post(
        url,
        {
            "handler": world.manager.pk,
            "route": HandlingRoute.MEDIATION,
            "reason": "Eerst bemiddelen.",
            "version": complaint.version,
        },
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.handler, complaint.route) == (world.manager, HandlingRoute.MEDIATION)
    assert complaint.events.order_by("-id").first().kind == "handling"


# --- Categories ------------------------------------------------------------------------------


def test_functioneel_beheer_adds_and_ends_a_category(client, world):
    client.force_login(world.admin)
    response = client.post(
        reverse("complaints:category-create"),
        {
            "name": "Wachttijd",
            "code": "wachttijd",
            "description": "",
            "sort_order": 80,
            "valid_from": "2021-01-01",
        },
    )
    assert response.status_code == 302
    category = ComplaintCategory.objects.get(code="wachttijd")
    form = client.get(reverse("complaints:complaint-public"))
    assert "Wachttijd" in page(form)
    response = client.post(
        reverse("complaints:category-update", args=[category.pk]),
        {
            "name": "Wachttijd",
            "code": "wachttijd",
            "sort_order": 80,
            "valid_from": "2021-01-01",
            "valid_to": "2026-11-01",
            "version": category.version,
        },
    )
    assert response.status_code == 302
    assert "Wachttijd" not in page(client.get(reverse("complaints:complaint-public")))
    assert "Wachttijd" in page(client.get(reverse("complaints:category-list")))


def test_a_duplicate_category_code_is_refused_in_dutch(client, world):
    client.force_login(world.admin)
    response = client.post(
        reverse("complaints:category-create"),
        {"name": "Dubbel", "code": "bejegening", "sort_order": 1, "valid_from": "2021-01-01"},
    )
    assert response.status_code == 200
    assert "bestaat al" in page(response)


def test_the_reference_list_of_categories_is_loaded_by_the_migration():
    codes = set(ComplaintCategory.objects.values_list("code", flat=True))
    assert {"avg-gegevensdeling", "ketensamenwerking", "agressie-verbaal", "bejegening"} <= codes


def test_the_terms_page_filters_by_category(client, world):
    avg = ComplaintCategory.objects.get(code="avg-gegevensdeling")
    register(world, received_on=D(2026, 11, 10))
    wanted = register(world, received_on=D(2026, 11, 10), category=avg)
    client.force_login(world.quality)
    ctx = client.get(DUE, {"category": avg.pk}).context
    assert [c.pk for c in ctx["ack_overdue"]] == [wanted.pk]
