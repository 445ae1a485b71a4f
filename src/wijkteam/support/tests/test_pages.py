"""The support pages: scope, access log, forms with bad input, the htmx contact form."""

import datetime

from django.urls import reverse

import pytest

from wijkteam.core.models import AccessLogEntry
from wijkteam.support.choices import ClosureReason, DeadlineKind, LegalFramework
from wijkteam.support.models import (
    CaseDeadline,
    CaseTransition,
    Contact,
    Conversation,
    Referral,
    SupportCase,
)
from wijkteam.support.tests.factories import ReferralFactory
from wijkteam.support.tests.helpers import TODAY, D, register
from wijkteam.support.workflow import CaseState

pytestmark = pytest.mark.django_db

CASE_PAGES = [
    "support:case-detail",
    "support:case-transition",
    "support:contact-create",
    "support:conversation-create",
    "support:referral-create",
]


def case_url(name, case, **params):
    url = reverse(name, args=[case.pk])
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


# --- Scope ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASE_PAGES)
def test_worker_of_team_a_gets_404_for_a_case_of_team_b(client, world, name):
    client.force_login(world.worker)
    assert client.get(case_url(name, world.case_b)).status_code == 404
    if name != "support:case-detail":  # the case page itself takes no POST
        assert client.post(case_url(name, world.case_b), {}).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_worker_of_team_a_cannot_transition_a_case_of_team_b(client, world):
    client.force_login(world.worker)
    response = client.post(
        case_url("support:case-transition", world.case_b),
        {"to": CaseState.INVESTIGATING, "on": TODAY.isoformat(), "version": 1},
    )
    assert response.status_code == 404
    api = client.post(
        reverse("case-transition", args=[world.case_b.pk]),
        {"to": CaseState.INVESTIGATING},
        content_type="application/json",
    )
    assert api.status_code == 404
    assert SupportCase.objects.get(pk=world.case_b.pk).state == CaseState.REGISTERED
    assert not CaseTransition.objects.filter(case=world.case_b).exists()


def test_referral_answer_of_another_team_answers_404(client, world):
    referral = ReferralFactory(case=world.case_b, recorded_by=world.worker)
    client.force_login(world.worker)
    assert client.get(reverse("support:referral-update", args=[referral.pk])).status_code == 404


def test_case_list_shows_only_the_own_teams_cases(client, world):
    client.force_login(world.worker)
    page = client.get(reverse("support:case-list"), {"state": "all"})
    assert list(page.context["object_list"]) == [world.case_a]
    assert world.resident_b.last_name not in page.content.decode()


def test_creating_a_case_for_another_teams_resident_answers_404(client, world):
    client.force_login(world.worker)
    url = reverse("support:case-create") + f"?resident={world.resident_b.pk}"
    assert client.get(url).status_code == 404


# --- Access log -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASE_PAGES)
def test_every_case_page_writes_the_access_log(client, world, name):
    client.force_login(world.worker)
    assert client.get(case_url(name, world.case_a)).status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.resident_id, entry.action) == (
        world.worker,
        world.resident_a.pk,
        "view",
    )
    assert entry.context


def test_case_list_logs_every_resident_shown(client, world):
    client.force_login(world.worker)
    client.get(reverse("support:case-list"))
    assert list(AccessLogEntry.objects.values_list("resident_id", "action")) == [
        (world.resident_a.pk, "list")
    ]


def test_case_creation_form_logs_the_resident(client, world):
    client.force_login(world.worker)
    client.get(reverse("support:case-create") + f"?resident={world.resident_a.pk}")
    assert AccessLogEntry.objects.get().resident_id == world.resident_a.pk


# --- Registering a request ------------------------------------------------------------------


def case_form_data(world, **changes):
    data = {
        "received_on": "2026-11-20",
        "channel": "walk_in",
        "location": world.location.pk,
        "legal_framework": LegalFramework.WMO,
        "question": "Ik kan het huishouden niet meer aan.",
        "team": world.team_a.pk,
        "coordinator": world.worker.pk,
        "household": world.household_a.pk,
    }
    data.update(changes)
    return data


def test_registering_a_request_stores_the_case_its_history_and_deadlines(client, world):
    client.force_login(world.worker)
    url = reverse("support:case-create") + f"?resident={world.resident_a.pk}"
    response = client.post(url, case_form_data(world))
    case = SupportCase.objects.exclude(pk=world.case_a.pk).get(resident=world.resident_a)
    assert response.status_code == 302
    assert response["Location"] == reverse("support:case-detail", args=[case.pk])
    assert (case.state, case.channel, case.location, case.household) == (
        CaseState.REGISTERED,
        "walk_in",
        world.location,
        world.household_a,
    )
    assert case.transitions.get().actor == world.worker
    research = CaseDeadline.objects.get(case=case)
    assert (research.kind, research.due_on) == (DeadlineKind.WMO_RESEARCH, D(2027, 1, 4))


def test_registering_without_a_resident_explains_where_to_start(client, world):
    client.force_login(world.worker)
    response = client.get(reverse("support:case-create"))
    assert response.status_code == 200
    assert reverse("residents:resident-list") in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("received_on", "2026-12-01", "toekomst"),
        ("question", "", "vereist"),
        ("team", "TEAM_B", "geldige keuze"),
    ],
)
def test_bad_request_input_gets_a_dutch_message_and_saves_nothing(
    client, world, field, value, message
):
    if value == "TEAM_B":
        value = world.team_b.pk
    client.force_login(world.worker)
    url = reverse("support:case-create") + f"?resident={world.resident_a.pk}"
    response = client.post(url, case_form_data(world, **{field: value}))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors.lower()
    assert SupportCase.objects.count() == 2


# --- State changes through the page ---------------------------------------------------------


def transition_data(case, **changes):
    data = {"to": CaseState.INVESTIGATING, "on": TODAY.isoformat(), "version": case.version}
    data.update(changes)
    return data


def test_case_page_offers_exactly_the_allowed_next_steps(client, world):
    case = register(world)
    client.force_login(world.worker)
    page = client.get(case_url("support:case-detail", case))
    assert [state for state, _label in page.context["next_steps"]] == [
        CaseState.INVESTIGATING,
        CaseState.CLOSED,
    ]
    assert f"?to={CaseState.INVESTIGATING}" in page.content.decode()


def test_a_step_chosen_on_the_case_page_is_preselected(client, world):
    client.force_login(world.worker)
    page = client.get(case_url("support:case-transition", world.case_a, to="closed"))
    assert page.context["form"]["to"].value() == "closed"


def test_changing_the_state_through_the_page(client, world):
    case = register(world)
    client.force_login(world.worker)
    response = client.post(case_url("support:case-transition", case), transition_data(case))
    assert response.status_code == 302
    assert SupportCase.objects.get(pk=case.pk).state == CaseState.INVESTIGATING


def test_closing_without_a_reason_in_the_page_shows_a_dutch_message(client, world):
    case = register(world)
    client.force_login(world.worker)
    response = client.post(
        case_url("support:case-transition", case), transition_data(case, to=CaseState.CLOSED)
    )
    assert response.status_code == 200
    assert "reden" in " ".join(response.context["form"].errors["closure_reason"])
    assert SupportCase.objects.get(pk=case.pk).state == CaseState.REGISTERED


def test_an_illegal_step_in_the_page_is_refused(client, world):
    case = register(world)
    client.force_login(world.worker)
    response = client.post(
        case_url("support:case-transition", case), transition_data(case, to=CaseState.EVALUATING)
    )
    assert response.status_code == 200
    assert "to" in response.context["form"].errors
    assert SupportCase.objects.get(pk=case.pk).state == CaseState.REGISTERED


def test_second_worker_changing_the_same_case_is_refused_and_nothing_is_lost(client, world):
    case = register(world)
    read = transition_data(case)  # both read version 1
    client.force_login(world.worker)
    assert client.post(case_url("support:case-transition", case), read).status_code == 302
    client.force_login(world.manager)
    second = dict(read, to=CaseState.CLOSED, closure_reason=ClosureReason.DECLINED)
    response = client.post(case_url("support:case-transition", case), second)
    assert response.status_code == 200
    assert "intussen gewijzigd" in response.content.decode()
    assert response.context["form"]["closure_reason"].value() == ClosureReason.DECLINED
    stored = SupportCase.objects.get(pk=case.pk)
    assert (stored.state, stored.version) == (CaseState.INVESTIGATING, 2)


# --- Contacts: the quick form with and without htmx -----------------------------------------


def quick_contact(**changes):
    data = {"quick": "1", "date": TODAY.isoformat(), "kind": "visit", "duration_minutes": "45"}
    data.update(changes)
    return data


def test_quick_contact_without_javascript_redirects_to_the_case_page(client, world):
    client.force_login(world.worker)
    response = client.post(case_url("support:contact-create", world.case_a), quick_contact())
    assert response.status_code == 302
    assert response["Location"].endswith(f"/ondersteuning/{world.case_a.pk}/#contacts")
    contact = Contact.objects.get()
    assert (contact.kind, contact.duration_minutes, contact.recorded_by) == (
        "visit",
        45,
        world.worker,
    )


def test_quick_contact_with_htmx_returns_the_contact_section_with_the_new_row(client, world):
    client.force_login(world.worker)
    response = client.post(
        case_url("support:contact-create", world.case_a), quick_contact(), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.lstrip().startswith('<section id="contacts"')
    assert "45" in body and TODAY.strftime("%d-%m-%Y") in body
    assert 'name="duration_minutes"' in body and 'value="45"' not in body  # a fresh form
    assert Contact.objects.count() == 1


def test_the_case_page_has_the_quick_form_posting_with_htmx_and_without(client, world):
    client.force_login(world.worker)
    body = client.get(case_url("support:case-detail", world.case_a)).content.decode()
    url = reverse("support:contact-create", args=[world.case_a.pk])
    assert f'method="post" action="{url}"' in body
    assert f'hx-post="{url}"' in body
    assert 'type="radio" name="kind"' in body
    assert f'value="{TODAY.isoformat()}"' in body  # date prefilled with today


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("duration_minutes", "0", "minstens 1 minuut"),
        ("duration_minutes", "-5", "0"),
        ("date", (TODAY + datetime.timedelta(days=1)).isoformat(), "toekomst"),
        ("date", "2026-08-01", "voordat de hulpvraag"),
        ("kind", "", "vereist"),
    ],
)
@pytest.mark.parametrize("htmx", [True, False])
def test_bad_contact_input_gets_a_dutch_message_and_saves_nothing(
    client, world, field, value, message, htmx
):
    client.force_login(world.worker)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post(
        case_url("support:contact-create", world.case_a), quick_contact(**{field: value}), **headers
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert ("<html" in body) is not htmx
    assert message in " ".join(response.context["contact_form" if htmx else "form"].errors[field])
    assert not Contact.objects.exists()


def test_full_contact_form_records_with_whom_and_a_note(client, world):
    client.force_login(world.worker)
    url = case_url("support:contact-create", world.case_a)
    assert 'name="note"' in client.get(url).content.decode()
    data = {"date": TODAY.isoformat(), "kind": "phone", "duration_minutes": "10"}
    response = client.post(url, {**data, "with_whom": "Huisarts", "note": "Overleg medicatie"})
    assert response.status_code == 302
    assert Contact.objects.get().with_whom == "Huisarts"


def test_no_contact_can_be_added_to_a_closed_case(client, world):
    case = register(world)
    from wijkteam.support.services import transition_case

    transition_case(case, CaseState.CLOSED, actor=world.worker, closure_reason="declined")
    client.force_login(world.worker)
    page = client.get(case_url("support:case-detail", case))
    assert 'name="duration_minutes"' not in page.content.decode()
    response = client.post(case_url("support:contact-create", case), quick_contact())
    assert response.status_code == 200
    assert "afgesloten" in response.content.decode()
    assert not Contact.objects.exists()


# --- Conversations and referrals ------------------------------------------------------------


def test_a_conversation_in_the_future_is_refused_in_dutch(client, world):
    client.force_login(world.worker)
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        case_url("support:conversation-create", world.case_a),
        {"held_on": tomorrow, "kind": "research", "outcome": "Onderzoek afgerond"},
    )
    assert response.status_code == 200
    assert "toekomst" in " ".join(response.context["form"].errors["held_on"])
    assert not Conversation.objects.exists()


def test_recording_a_conversation(client, world):
    client.force_login(world.worker)
    response = client.post(
        case_url("support:conversation-create", world.case_a),
        {
            "held_on": TODAY.isoformat(),
            "kind": "kitchen_table",
            "participants": "Inwoner, zoon",
            "outcome": "Hulpvraag helder.",
        },
    )
    assert response.status_code == 302
    assert Conversation.objects.get().recorded_by == world.worker


def test_sending_and_answering_a_referral_once(client, world):
    client.force_login(world.worker)
    response = client.post(
        case_url("support:referral-create", world.case_a),
        {"category": "guidance", "provider": "Windkracht058", "sent_on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    url = reverse("support:referral-update", args=[referral.pk])
    answer = {"status": "accepted", "responded_on": TODAY.isoformat(), "version": 1}
    assert client.post(url, answer).status_code == 302
    again = client.post(url, {**answer, "status": "refused", "version": 2})
    assert again.status_code == 200
    assert "al beantwoord" in " ".join(again.context["form"].errors["status"])
    assert Referral.objects.get().status == "accepted"


def test_an_answer_before_the_referral_was_sent_is_refused(client, world):
    referral = ReferralFactory(case=world.case_a, sent_on=D(2026, 10, 1), recorded_by=world.worker)
    client.force_login(world.worker)
    response = client.post(
        reverse("support:referral-update", args=[referral.pk]),
        {"status": "refused", "responded_on": "2026-09-15", "version": referral.version},
    )
    assert response.status_code == 200
    assert Referral.objects.get().status == "sent"


# --- Links from elsewhere -------------------------------------------------------------------


def test_resident_page_links_to_a_new_request_and_to_each_case(client, world):
    client.force_login(world.worker)
    body = client.get(reverse("residents:resident-detail", args=[world.resident_a.pk]))
    html = body.content.decode()
    assert reverse("support:case-create") + f"?resident={world.resident_a.pk}" in html
    assert reverse("support:case-detail", args=[world.case_a.pk]) in html


@pytest.mark.parametrize(("role", "shown"), [("sociaal_werker", True), ("gemeente", False)])
def test_main_menu_has_support_for_casework_roles(client, world, role, shown):
    client.force_login(world.users[role])
    html = client.get(reverse("dashboard:home")).content.decode()
    assert (f'href="{reverse("support:case-list")}"' in html) is shown


def test_case_page_offers_no_reopening_after_the_period(client, world, settings):
    settings.CASE_REOPEN_DAYS = 5
    from wijkteam.support.tests.helpers import case_in

    case = case_in(CaseState.CLOSED, world)  # closed ten days before TODAY
    client.force_login(world.worker)
    page = client.get(case_url("support:case-detail", case))
    assert page.context["next_steps"] == []
    assert page.context["reopen_period_over"]
    settings.CASE_REOPEN_DAYS = 90
    page = client.get(case_url("support:case-detail", case))
    assert [state for state, _label in page.context["next_steps"]] == [CaseState.INVESTIGATING]
