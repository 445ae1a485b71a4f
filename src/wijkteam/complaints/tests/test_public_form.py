"""The public complaint form: no account, CSRF, rate limit, size limits, honeypot, Dutch
messages, and an acknowledgement that shows the reference number and nothing else."""

from django.test import Client
from django.urls import reverse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkteam.complaints.choices import ComplaintChannel, EventKind
from wijkteam.complaints.models import DESCRIPTION_MAX, NAME_MAX, Complaint
from wijkteam.complaints.tests.helpers import TODAY
from wijkteam.complaints.workflow import ComplaintState

pytestmark = pytest.mark.django_db

FORM = reverse("complaints:complaint-public")
THANKS = reverse("complaints:complaint-public-thanks")


def valid(**changes) -> dict:
    data = {
        "complainant_name": "Anna de Boer",
        "complainant_email": "anna@example.nl",
        "complainant_phone": "",
        "complainant_address": "",
        "team": "",
        "category": "",
        "occurred_on": "2026-11-20",
        "description": "Mijn vraag over huurschuld is drie weken blijven liggen.",
        "desired_outcome": "Een gesprek met de teammanager.",
        "website": "",
    }
    data.update(changes)
    return data


def body(response) -> str:
    return response.content.decode()


# --- Open to everyone, and only what it should be ---------------------------------------------


def test_the_form_opens_without_an_account(client):
    response = client.get(FORM)
    assert response.status_code == 200
    page = body(response)
    assert "Een klacht indienen" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'name="website"' in page  # the honeypot, rendered apart ...
    assert 'class="visually-hidden" aria-hidden="true"' in page  # ... hidden from people
    assert 'tabindex="-1"' in page


def test_a_valid_complaint_is_saved_and_the_acknowledgement_shows_its_reference(client, world):
    response = client.post(FORM, valid(team=world.team_a.pk))
    assert response.status_code == 302 and response["Location"] == THANKS
    complaint = Complaint.objects.get()
    assert complaint.reference == "K-2026-0001"
    assert complaint.channel == ComplaintChannel.WEB_FORM
    assert complaint.registered_by is None and complaint.resident is None
    assert complaint.received_on == TODAY
    assert complaint.state == ComplaintState.RECEIVED
    assert complaint.team == world.team_a
    event = complaint.events.get()
    assert (event.kind, event.actor, event.to_state) == (EventKind.TRANSITION, None, "received")

    thanks = client.get(THANKS)
    page = body(thanks)
    assert "K-2026-0001" in page
    for secret in ("Anna de Boer", "anna@example.nl", "huurschuld", "teammanager"):
        assert secret not in page


def test_the_acknowledgement_shows_the_reference_only_once(client):
    client.post(FORM, valid())
    assert "K-2026-0001" in body(client.get(THANKS))
    assert "K-2026-0001" not in body(client.get(THANKS))


def test_the_acknowledgement_never_looks_a_complaint_up(client):
    Client().post(FORM, valid())  # somebody else's complaint
    page = body(client.get(THANKS + "?reference=K-2026-0001&pk=1"))
    assert "K-2026-0001" not in page
    assert "Anna de Boer" not in page


def test_another_browser_does_not_see_the_reference(client):
    client.post(FORM, valid())
    assert "K-2026-0001" not in body(Client().get(THANKS))


def test_references_count_up_per_year(client):
    for _n in range(3):
        client.post(FORM, valid())
    assert list(Complaint.objects.order_by("pk").values_list("reference", flat=True)) == [
        "K-2026-0001",
        "K-2026-0002",
        "K-2026-0003",
    ]


def test_the_form_never_links_a_resident(client, world):
    client.post(FORM, valid(resident=world.resident_a.pk, registered_by=world.worker.pk))
    complaint = Complaint.objects.get()
    assert complaint.resident is None and complaint.registered_by is None


def test_the_form_offers_only_active_teams_and_categories(client, world):
    from wijkteam.complaints.models import ComplaintCategory

    ended = ComplaintCategory.objects.get(code="overig")
    ended.valid_to = TODAY.replace(day=1)
    ended.save()
    response = client.post(FORM, valid(category=ended.pk))
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in body(response)
    assert Complaint.objects.count() == 0


# --- CSRF ------------------------------------------------------------------------------------


def test_a_post_without_the_csrf_token_is_refused_and_saves_nothing():
    browser = Client(enforce_csrf_checks=True)
    browser.get(FORM)
    response = browser.post(FORM, valid())
    assert response.status_code == 403
    assert Complaint.objects.count() == 0


def test_a_post_with_the_csrf_token_of_the_form_is_accepted():
    browser = Client(enforce_csrf_checks=True)
    browser.get(FORM)
    token = browser.cookies["csrftoken"].value
    response = browser.post(FORM, valid(csrfmiddlewaretoken=token))
    assert response.status_code == 302
    assert Complaint.objects.count() == 1


# --- Rate limit ------------------------------------------------------------------------------


def test_too_many_posts_from_one_address_get_429_in_dutch_and_save_nothing(client, settings):
    settings.COMPLAINT_PUBLIC_RATE = "3/h"
    for _n in range(3):
        assert client.post(FORM, valid()).status_code == 302
    response = client.post(FORM, valid())
    assert response.status_code == 429
    assert "Te veel klachten verstuurd" in body(response)
    assert "niet verstuurd" in body(response)
    assert Complaint.objects.count() == 3


def test_invalid_posts_count_towards_the_limit(client, settings):
    settings.COMPLAINT_PUBLIC_RATE = "2/h"
    client.post(FORM, valid(description=""))
    client.post(FORM, valid(description=""))
    assert client.post(FORM, valid()).status_code == 429
    assert Complaint.objects.count() == 0


def test_the_limit_is_per_address(client, settings):
    settings.COMPLAINT_PUBLIC_RATE = "1/h"
    assert client.post(FORM, valid(), REMOTE_ADDR="192.0.2.1").status_code == 302
    assert client.post(FORM, valid(), REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.post(FORM, valid(), REMOTE_ADDR="192.0.2.2").status_code == 302
    assert Complaint.objects.count() == 2


def test_reading_the_form_does_not_count(client, settings):
    settings.COMPLAINT_PUBLIC_RATE = "1/h"
    for _n in range(5):
        assert client.get(FORM).status_code == 200
    assert client.post(FORM, valid()).status_code == 302


# --- Size limits -----------------------------------------------------------------------------


def test_a_body_above_the_limit_is_refused_with_413_and_saves_nothing(client):
    response = client.post(FORM, valid(description="x" * 25_000))
    assert response.status_code == 413
    assert "te lang" in body(response)
    assert Complaint.objects.count() == 0


def test_the_body_limit_follows_the_setting(client, settings):
    settings.COMPLAINT_PUBLIC_MAX_BYTES = 200
    assert client.post(FORM, valid()).status_code == 413
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "size"),
    [
        ("complainant_name", NAME_MAX + 1),
        ("complainant_address", 301),
        ("description", DESCRIPTION_MAX + 1),
        ("desired_outcome", 2001),
        ("complainant_phone", 31),
    ],
)
def test_a_field_above_its_limit_gets_a_dutch_message_and_saves_nothing(client, field, size):
    value = "1" * size if field == "complainant_phone" else "a" * size
    response = client.post(FORM, valid(**{field: value}))
    assert response.status_code == 200
    assert "niet meer dan" in body(response) or "Vul een telefoonnummer" in body(response)
    assert Complaint.objects.count() == 0


# --- Honeypot and bad input ------------------------------------------------------------------


def test_a_filled_honeypot_saves_nothing(client):
    response = client.post(FORM, valid(website="https://spam.example"))
    assert response.status_code == 200
    assert "Uw klacht kon niet worden verstuurd" in body(response)
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"complainant_name": ""}, "Dit veld is vereist"),
        ({"description": "   "}, "Dit veld is vereist"),
        ({"complainant_email": ""}, "Geef ten minste één manier"),
        ({"complainant_email": "geen-adres"}, "geldig e-mailadres"),
        ({"complainant_phone": "bel me maar"}, "Vul een telefoonnummer in"),
        ({"occurred_on": "2026-12-24"}, "kan niet in de toekomst liggen"),
        ({"occurred_on": "gisteren"}, "geldige datum"),
        ({"team": "999999"}, "Selecteer een geldige keuze"),
        ({"description": "Nul\x00byte"}, "Null-tekens zijn niet toegestaan"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_saves_nothing(client, changes, message):
    response = client.post(FORM, valid(**changes))
    assert response.status_code == 200
    assert message in body(response)
    assert 'role="alert"' in body(response)
    assert Complaint.objects.count() == 0


# --- Any input: a complaint saved exactly as sent, or nothing at all --------------------------

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=300,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=TEXT,
    email=st.one_of(st.emails(), TEXT),
    phone=st.one_of(st.from_regex(r"\A[0-9 +()\-]{6,30}\Z"), TEXT),
    description=st.one_of(TEXT, st.text(min_size=4990, max_size=5010)),
    honeypot=st.one_of(st.just(""), TEXT),
    occurred_on=st.one_of(st.just(""), st.dates().map(str), TEXT),
)
def test_any_input_either_saves_one_complaint_as_sent_or_nothing(
    client, settings, name, email, phone, description, honeypot, occurred_on
):
    settings.COMPLAINT_PUBLIC_RATE = "100000/m"
    before = Complaint.objects.count()
    data = valid(
        complainant_name=name,
        complainant_email=email,
        complainant_phone=phone,
        description=description,
        website=honeypot,
        occurred_on=occurred_on,
    )
    response = client.post(FORM, data)
    assert response.status_code in (200, 302, 413)
    if response.status_code == 302:
        assert Complaint.objects.count() == before + 1
        complaint = Complaint.objects.order_by("-pk").first()
        assert complaint.complainant_name == name.strip()
        assert complaint.description == description.strip()
        assert 0 < len(complaint.complainant_name) <= NAME_MAX
        assert 0 < len(complaint.description) <= DESCRIPTION_MAX
        assert not honeypot.strip()
        assert complaint.complainant_email or complaint.complainant_phone
    else:
        assert Complaint.objects.count() == before


def test_residents_choose_among_the_teams_that_work_with_them(client, world):
    page = body(client.get(FORM))
    assert world.team_a.name in page
    assert world.staff_team.name not in page  # the staff office is no choice for a resident
    response = client.post(FORM, valid(team=world.staff_team.pk))
    assert "Selecteer een geldige keuze" in body(response)
    assert Complaint.objects.count() == 0
