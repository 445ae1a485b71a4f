"""Rectification (AVG art. 16): requests are recorded with a stored answer date, decided
through the workflow table, and the resident page shows the history of field changes from
the audit trail (who by role and team, when, old -> new)."""

import datetime
import itertools

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijkteam.core.services import ConflictError
from wijkteam.core.workingdays import is_working_day
from wijkteam.privacy import rectification
from wijkteam.privacy.models import RectificationRequest, RectificationTransition
from wijkteam.privacy.rectification_workflow import TRANSITIONS, RectificationState
from wijkteam.privacy.tests.avg_helpers import change_resident
from wijkteam.privacy.tests.factories import RectificationRequestFactory

S = RectificationState


# --------------------------------------------------------------------------- answer date


@given(st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2035, 12, 31)))
def test_answer_is_due_one_month_later_on_a_working_day(requested_on):
    due = rectification.respond_by(requested_on)
    from dateutil.relativedelta import relativedelta

    month_later = requested_on + relativedelta(months=1)
    assert is_working_day(due)
    assert month_later <= due <= month_later + datetime.timedelta(days=5)


def test_answer_date_examples():
    # 31 January: one month later is the last day of February; 28 Feb 2026 is a Saturday.
    assert rectification.respond_by(datetime.date(2026, 1, 31)) == datetime.date(2026, 3, 2)
    # 25 November 2026 (Wednesday) -> Friday 25 December is Christmas -> Monday 28 December.
    assert rectification.respond_by(datetime.date(2026, 11, 25)) == datetime.date(2026, 12, 28)


# --------------------------------------------------------------------------- recording


def test_worker_records_a_request_with_the_stored_answer_date(world):
    made = rectification.record_rectification_request(
        actor=world.worker,
        resident=world.resident_a,
        what_is_wrong="Mijn telefoonnummer is oud.",
        requested_correction="06-12345678",
        requested_on=datetime.date(2026, 11, 2),
    )
    assert made.state == S.OPEN
    assert made.respond_by == datetime.date(2026, 12, 2)
    assert made.recorded_by == world.worker
    assert list(made.transitions.values_list("from_state", "to_state")) == [("", "open")]


@pytest.mark.parametrize(
    ("what", "on", "field"),
    [
        ("  ", None, "what_is_wrong"),
        ("Naam fout", datetime.date(2099, 1, 1), "requested_on"),
    ],
)
def test_bad_request_is_refused_and_saves_nothing(world, what, on, field):
    with pytest.raises(ValidationError) as exc:
        rectification.record_rectification_request(
            actor=world.worker, resident=world.resident_a, what_is_wrong=what, requested_on=on
        )
    assert field in exc.value.message_dict
    assert not RectificationRequest.objects.exists()


def test_request_for_a_resident_out_of_scope_is_refused(world):
    with pytest.raises(PermissionDenied):
        rectification.record_rectification_request(
            actor=world.worker, resident=world.resident_b, what_is_wrong="x"
        )


# --------------------------------------------------------------------------- workflow


def _request_in(state, world):
    request = RectificationRequestFactory(resident=world.resident_a, recorded_by=world.worker)
    if state != S.OPEN:
        RectificationRequest.objects.filter(pk=request.pk).update(
            state=state, decided_on=request.requested_on, decided_by=world.manager
        )
        request.refresh_from_db()
    return request


@pytest.mark.parametrize(("from_state", "to_state"), list(itertools.product(S.values, S.values)))
def test_every_state_pair_is_allowed_exactly_when_the_table_says_so(world, from_state, to_state):
    request = _request_in(from_state, world)
    allowed = to_state in TRANSITIONS[from_state]
    if allowed:
        done = rectification.transition_rectification(
            request, to_state, actor=world.manager, reason="Adres aangepast in het dossier."
        )
        assert done.state == to_state
        assert done.decided_by == world.manager
        assert RectificationTransition.objects.filter(request=request, to_state=to_state).exists()
    else:
        with pytest.raises(ValidationError) as exc:
            rectification.transition_rectification(
                request, to_state, actor=world.manager, reason="x"
            )
        assert "kan niet" in exc.value.messages[0]  # Dutch
        request.refresh_from_db()
        assert request.state == from_state


@pytest.mark.parametrize("to_state", [S.CORRECTED, S.REFUSED])
def test_a_decision_needs_an_explanation(world, to_state):
    request = _request_in(S.OPEN, world)
    with pytest.raises(ValidationError) as exc:
        rectification.transition_rectification(request, to_state, actor=world.manager)
    assert "reason" in exc.value.message_dict
    request.refresh_from_db()
    assert request.state == S.OPEN


def test_worker_may_not_decide(world):
    request = _request_in(S.OPEN, world)
    with pytest.raises(PermissionDenied):
        rectification.transition_rectification(request, S.CORRECTED, actor=world.worker, reason="x")


def test_stale_version_is_a_conflict_and_saves_nothing(world):
    request = _request_in(S.OPEN, world)
    with pytest.raises(ConflictError):
        rectification.transition_rectification(
            request, S.REFUSED, actor=world.manager, reason="x", expected_version=99
        )
    request.refresh_from_db()
    assert request.state == S.OPEN


def test_transitions_are_append_only(world):
    from wijkteam.core.models import AppendOnlyError

    made = rectification.record_rectification_request(
        actor=world.worker, resident=world.resident_a, what_is_wrong="x"
    )
    row = made.transitions.get()
    row.reason = "changed"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        RectificationTransition.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        RectificationTransition.objects.update(reason="x")


# --------------------------------------------------------------------------- history


def test_history_shows_who_by_role_and_team_when_and_old_to_new(world):
    change_resident(world.resident_a, world.worker, street="Voorstreek", house_number="12a")
    changes = rectification.resident_change_history(world.resident_a)
    street = next(c for c in changes if c.field == "street" and c.old != "—")
    assert (street.old, street.new) == ("Nieuwestad", "Voorstreek")
    assert street.who == "Sociaal werker (Wijkteam A)"
    assert world.worker.last_name not in street.who
    assert street.label == "Straat"


def test_history_shows_dates_and_times_readably(world):
    from wijkteam.privacy.restriction import restrict_processing

    restrict_processing(actor=world.manager, resident=world.resident_a, reason="Bezwaar")
    since = next(
        c
        for c in rectification.resident_change_history(world.resident_a)
        if c.field == "processing_restricted_since"
    )
    expected = timezone.localtime(world.resident_a.processing_restricted_since)
    assert since.new == expected.strftime("%d-%m-%Y %H:%M")
    assert since.who == "Teammanager (Wijkteam A)"


def test_history_shows_the_team_by_name(world):
    from wijkteam.accounts.tests.factories import UserFactory

    both = UserFactory(role="sociaal_werker", teams=[world.team_a, world.team_b])
    change_resident(world.resident_a, both, team=world.team_b)
    change = next(
        c for c in rectification.resident_change_history(world.resident_a) if c.field == "team"
    )
    assert (change.old, change.new) == ("Wijkteam A", "Wijkteam B")


def test_resident_page_shows_the_latest_changes_and_links_to_all(client, world):
    change_resident(world.resident_a, world.worker, phone="0581234567")
    client.force_login(world.worker)
    page = client.get(reverse("residents:resident-detail", args=[world.resident_a.pk]))
    assert "0581234567" in page.text
    assert reverse("privacy:resident-history", args=[world.resident_a.pk]) in page.text


@pytest.mark.parametrize("size", [2, 8])
def test_history_page_takes_a_fixed_number_of_queries(
    client, world, size, django_assert_num_queries
):
    for i in range(size):
        change_resident(world.resident_a, world.worker, phone=f"058123456{i}")
    client.force_login(world.worker)
    url = reverse("privacy:resident-history", args=[world.resident_a.pk])
    client.get(url)
    with django_assert_num_queries(HISTORY_QUERIES):
        response = client.get(url)
    assert response.text.count("058123456") >= size


HISTORY_QUERIES = 16


# --------------------------------------------------------------------------- pages


def test_worker_records_a_request_through_the_page(client, world):
    client.force_login(world.worker)
    url = reverse("privacy:rectification-create", args=[world.resident_a.pk])
    response = client.post(
        url,
        {
            "what_is_wrong": "Geboortedatum klopt niet",
            "requested_correction": "17-05-1984",
            "requested_on": timezone.localdate().isoformat(),
        },
    )
    made = RectificationRequest.objects.get()
    assert response["Location"] == reverse("privacy:rectification-detail", args=[made.pk])


def test_empty_request_form_shows_dutch_errors_and_saves_nothing(client, world):
    client.force_login(world.worker)
    url = reverse("privacy:rectification-create", args=[world.resident_a.pk])
    response = client.post(url, {"what_is_wrong": "", "requested_on": ""})
    assert response.status_code == 200
    assert "Dit veld is vereist" in response.text
    assert not RectificationRequest.objects.exists()


def test_teammanager_decides_through_the_page(client, world):
    request = _request_in(S.OPEN, world)
    client.force_login(world.manager)
    url = reverse("privacy:rectification-decide", args=[request.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "to": S.REFUSED,
            "reason": "De gegevens kloppen met de BRP.",
            "on": timezone.localdate().isoformat(),
            "version": request.version,
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == S.REFUSED


def test_decision_with_a_stale_version_shows_the_conflict(client, world):
    request = _request_in(S.OPEN, world)
    client.force_login(world.manager)
    response = client.post(
        reverse("privacy:rectification-decide", args=[request.pk]),
        {"to": S.REFUSED, "reason": "x", "on": timezone.localdate().isoformat(), "version": 0},
    )
    assert response.status_code == 200
    assert "Iemand anders" in response.text
    request.refresh_from_db()
    assert request.state == S.OPEN


@pytest.mark.parametrize("size", [1, 6])
def test_request_list_takes_a_fixed_number_of_queries(
    client, world, size, django_assert_num_queries
):
    for _ in range(size):
        RectificationRequestFactory(resident=world.resident_a, recorded_by=world.worker)
    client.force_login(world.worker)
    url = reverse("privacy:rectification-list")
    client.get(url)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(url)
    assert response.text.count("Mijn huisnummer klopt niet.") == size


LIST_QUERIES = 10


def test_request_list_filters_on_state(client, world):
    open_one = _request_in(S.OPEN, world)
    refused = _request_in(S.REFUSED, world)
    client.force_login(world.worker)
    url = reverse("privacy:rectification-list")
    shown = client.get(url, {"state": S.REFUSED}).text
    assert reverse("privacy:rectification-detail", args=[refused.pk]) in shown
    assert reverse("privacy:rectification-detail", args=[open_one.pk]) not in shown


def test_request_of_another_team_is_not_found(client, world):
    other = RectificationRequestFactory(resident=world.resident_b, recorded_by=world.worker)
    client.force_login(world.manager)
    assert client.get(reverse("privacy:rectification-detail", args=[other.pk])).status_code == 404
