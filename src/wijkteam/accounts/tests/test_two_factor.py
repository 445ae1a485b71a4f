"""Two-step verification: enforced on every URL, enrolment, codes, recovery codes, reset, API."""

import datetime
import re
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import timezone

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from wijkteam.accounts import twofactor
from wijkteam.accounts.tests.factories import PASSWORD, UserFactory
from wijkteam.accounts.tests.otp import authenticator, pass_second_step, valid_code
from wijkteam.core.models import AuthEvent

pytestmark = pytest.mark.django_db

VERIFY = "/account/tweestaps/"
ENROL = "/account/tweestaps/instellen/"
WRONG = "Deze code klopt niet of is al gebruikt"
# Reachable before the second step besides every login_not_required view.
OTP_EXEMPT = {
    "accounts:otp-verify",
    "accounts:otp-enrol",
    "accounts:logout",
    "accounts:keep-alive",
    "api-token",
}


def sign_in_with_password(client, user, address="192.0.2.50"):
    response = client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR=address,
    )
    assert response.status_code == 302
    return response


def submit(client, code, url=VERIFY, address="192.0.2.50", **data):
    return client.post(url, {"otp_token": code, **data}, REMOTE_ADDR=address)


def code_at(device, offset_steps=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp() + offset_steps * device.step
    return f"{totp.token():06d}"


def wrong_code(device):
    valid = {code_at(device, offset) for offset in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def unthrottle(device):
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(hours=1)
    )


def kinds(user=None):
    rows = AuthEvent.objects.order_by("id")
    if user is not None:
        rows = rows.filter(username=user.username)
    return [e.kind for e in rows]


# --- Enforcement ------------------------------------------------------------------------------


def test_password_alone_leads_to_the_second_step_and_nothing_else(client, world):
    authenticator(world.worker)
    response = sign_in_with_password(client, world.worker)
    assert response["Location"] == f"{VERIFY}?next=%2F"
    response = client.get(reverse("residents:resident-detail", args=[world.resident_a.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY + "?next=")
    assert client.get(reverse("api-me")).status_code == 403
    assert pass_second_step(client, world.worker).status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 200
    assert client.get(reverse("api-me")).status_code == 200


def test_force_login_gives_a_verified_session_in_tests(client, world, force_login_unverified):
    client.force_login(world.worker)
    assert client.get(reverse("dashboard:home")).status_code == 200
    other = Client()
    force_login_unverified(other, world.worker)
    assert other.get(reverse("dashboard:home")).status_code == 302


@pytest.mark.unverified_2fa
def test_the_marker_leaves_force_login_unverified(client, world):
    client.force_login(world.worker)
    assert client.get(reverse("dashboard:home"))["Location"].startswith(VERIFY)


def test_unverified_session_is_refused_on_every_url_of_the_matrix(
    world, force_login_unverified, monkeypatch
):
    """Every page redirects to the second step, every API call gets 403, nothing is served."""
    from auditlog.models import LogEntry

    from wijkteam.core.accesslog import record_access
    from wijkteam.core.tests import test_permission_matrix as matrix

    world.access_entry = record_access(
        user=world.worker, resident_ids=[world.resident_a.pk], action="view", context="test"
    )[0]
    world.audit_entry = LogEntry.objects.get_for_object(world.resident_a).first()
    world.referral_a, world.contact_a, world.conversation_a = matrix.support_objects(world)
    app_objects = list(matrix.app_url_objects(world))
    monkeypatch.setattr(matrix, "app_url_objects", lambda _world: app_objects)

    clients = {}
    failures = []
    unreachable = []
    checked = 0
    for (name, method), allowed in sorted(matrix.MATRIX.items()):
        role = next((r for r, ok in allowed.items() if ok and r != "anonymous"), "sociaal_werker")
        if role not in clients:
            clients[role] = Client()
            force_login_unverified(clients[role], world.users[role])
        client = clients[role]
        try:
            url = reverse(name, kwargs=matrix.url_kwargs(name, world))
        except NoReverseMatch:  # an app still without objects for the matrix test
            unreachable.append(name)
            continue
        view = resolve(url).func
        # API views are all login_not_required for Django (DRF authenticates itself).
        public = not url.startswith("/api/") and not getattr(view, "login_required", True)
        if name in OTP_EXEMPT or public:
            assert public or not getattr(view, "otp_required", True), name
            continue
        assert getattr(view, "otp_required", True), f"{name} is exempt without being listed"
        if method == "GET":
            response = client.get(url)
        elif url.startswith("/api/"):
            response = client.generic(method, url, "{}", content_type="application/json")
        else:
            response = client.post(url, {})
        checked += 1
        if url.startswith("/api/"):
            if response.status_code != 403:
                failures.append(f"{method} {url}: {response.status_code}, expected 403")
        elif response.status_code != 302 or not response["Location"].startswith(VERIFY):
            where = response.get("Location", "")
            failures.append(f"{method} {url}: {response.status_code} {where}")
    assert checked > 100
    assert len(unreachable) < 10, unreachable
    assert not failures, "\n".join(failures)
    # Still not verified, nothing was changed on the way.
    assert clients["sociaal_werker"].get(reverse("dashboard:home")).status_code == 302


def test_public_pages_stay_reachable_before_the_second_step(client, world, force_login_unverified):
    force_login_unverified(client, world.worker)
    assert client.get(reverse("health")).status_code == 200
    assert client.post(reverse("accounts:keep-alive")).status_code == 204
    # Signing in again is not offered; the login page sends on to the second step.
    assert client.get(reverse("accounts:login"))["Location"].startswith(VERIFY)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_htmx_requests_are_sent_to_the_second_step_except_from_its_own_page(
    client, world, force_login_unverified
):
    force_login_unverified(client, world.worker)
    url = reverse("notifications:notification-badge")
    response = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://x/inwoners/")
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{VERIFY}?next=%2Finwoners%2F"
    response = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=f"http://x{VERIFY}")
    assert response.status_code == 204
    assert "HX-Redirect" not in response


def test_api_refuses_an_unverified_session_with_a_dutch_message(
    client, world, force_login_unverified
):
    force_login_unverified(client, world.worker)
    response = client.get(reverse("resident-list"))
    assert response.status_code == 403
    assert "tweestapsverificatie" in response.json()["detail"]


# --- Enrolment --------------------------------------------------------------------------------


def test_first_sign_in_enrols_an_authenticator_and_shows_recovery_codes_once(client, world):
    user = world.worker
    assert not TOTPDevice.objects.filter(user=user).exists()
    sign_in_with_password(client, user)
    response = client.get(f"{VERIFY}?next=/inwoners/")
    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next=%2Finwoners%2F"
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert '<img src="data:image/svg+xml' in body
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert twofactor.secret_groups(device) in body
    assert "Tweestapsverificatie instellen" in body
    # The QR code holds the standard otpauth address with issuer and the same secret.
    uri = twofactor.provisioning_uri(device)
    assert uri.startswith(f"otpauth://totp/wijkteam%3A{user.username}?secret=")
    assert f"secret={twofactor.secret_base32(device)}&issuer=wijkteam" in uri
    # Showing the page again keeps the same secret.
    client.get(ENROL)
    assert TOTPDevice.objects.get(user=user).key == device.key

    response = submit(client, code_at(device), url=ENROL, next="/inwoners/")
    assert response.status_code == 302
    assert response["Location"] == "/account/tweestaps/herstelcodes/?next=%2Finwoners%2F"
    device.refresh_from_db()
    assert device.confirmed
    shown = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", shown)
    assert len(codes) == 10
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert {c.replace("-", "") for c in codes} == stored
    assert 'href="/inwoners/"' in shown
    again = client.get(reverse("accounts:otp-recovery-codes")).content.decode()
    assert codes[0] not in again
    assert "10 ongebruikte herstelcodes" in again
    assert client.get(reverse("residents:resident-list")).status_code == 200
    assert kinds(user) == ["login", "otp_enrolled"]


def test_enrolment_refuses_a_wrong_code_in_dutch_and_stays_unverified(client, world):
    sign_in_with_password(client, world.worker)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=world.worker)
    response = submit(client, wrong_code(device), url=ENROL)
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    response = submit(client, "abc", url=ENROL)
    assert "Vul de 6 cijfers in" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(reverse("dashboard:home")).status_code == 302
    assert "otp_failed" in kinds(world.worker)


def test_an_enrolled_user_cannot_enrol_again_before_verifying(client, world):
    authenticator(world.worker)
    sign_in_with_password(client, world.worker)
    assert client.get(ENROL)["Location"].startswith(VERIFY)


# --- Verification -----------------------------------------------------------------------------


def test_wrong_code_is_refused_with_a_dutch_message_and_logged(client, world):
    device = authenticator(world.worker)
    sign_in_with_password(client, world.worker)
    response = submit(client, wrong_code(device))
    assert response.status_code == 200
    body = response.content.decode()
    assert WRONG in body
    assert 'role="alert"' in body
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(reverse("dashboard:home")).status_code == 302
    event = AuthEvent.objects.get(kind="otp_failed")
    assert (event.user, event.ip_address) == (world.worker, "192.0.2.50")
    unthrottle(device)
    assert submit(client, code_at(device)).status_code == 302
    assert kinds(world.worker) == ["login", "otp_failed", "otp_verified"]


def test_a_code_is_accepted_only_once(client, world):
    device = authenticator(world.worker)
    code = code_at(device)
    sign_in_with_password(client, world.worker)
    assert submit(client, code).status_code == 302
    other = Client()
    sign_in_with_password(other, world.worker)
    assert WRONG in submit(other, code).content.decode()


def test_repeated_wrong_codes_are_throttled(client, world):
    device = authenticator(world.worker)
    sign_in_with_password(client, world.worker)
    submit(client, wrong_code(device))
    # Right away even the right code waits (django-otp: 1, 2, 4, ... seconds).
    response = submit(client, code_at(device))
    assert "Wacht 1 seconde en" in response.content.decode()
    assert client.get(reverse("dashboard:home")).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    unthrottle(device)
    assert submit(client, code_at(device)).status_code == 302


def test_wrong_codes_count_towards_the_lockout(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    device = authenticator(world.worker)
    sign_in_with_password(client, world.worker)
    for _attempt in range(2):
        assert submit(client, wrong_code(device)).status_code == 200
        unthrottle(device)
    response = submit(client, wrong_code(device))
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Now even the password is refused, also from elsewhere.
    again = Client().post(
        reverse("accounts:login"),
        {"username": world.worker.username, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.3",
    )
    assert again.status_code == 429


def test_recovery_code_works_once_only(client, world):
    authenticator(world.worker)
    sign_in_with_password(client, world.worker)
    client.get(VERIFY)
    from wijkteam.accounts import services

    codes = services.regenerate_recovery_codes(actor=world.worker)
    other = Client()
    sign_in_with_password(other, world.worker)
    typed = twofactor.format_recovery_code(codes[0]).upper()  # case and dash do not matter
    response = submit(other, typed)
    assert response.status_code == 302
    start = other.get(reverse("dashboard:home"))
    assert start.status_code == 200
    assert "9 herstelcodes over" in start.content.decode()
    assert StaticToken.objects.filter(device__user=world.worker).count() == 9

    third = Client()
    sign_in_with_password(third, world.worker)
    assert WRONG in submit(third, codes[0]).content.decode()
    assert "otp_recovery" in kinds(world.worker)


def test_user_makes_new_recovery_codes_and_the_old_ones_stop_working(client, world):
    from wijkteam.accounts import services

    old = services.regenerate_recovery_codes(actor=world.worker)
    client.force_login(world.worker)
    start = client.get(reverse("dashboard:home")).content.decode()
    assert reverse("accounts:otp-recovery-codes") in start
    response = client.post(reverse("accounts:otp-recovery-regenerate"))
    assert response["Location"] == reverse("accounts:otp-recovery-codes")
    shown = client.get(response["Location"]).content.decode()
    new = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", shown)
    assert len(new) == 10
    stored = set(
        StaticToken.objects.filter(device__user=world.worker).values_list("token", flat=True)
    )
    assert not stored & set(old)
    assert AuthEvent.objects.filter(kind="otp_codes", user=world.worker).exists()
    assert client.get(reverse("accounts:otp-recovery-regenerate")).status_code == 405


def test_next_must_stay_on_the_site(client, world):
    device = authenticator(world.worker)
    sign_in_with_password(client, world.worker)
    response = submit(client, code_at(device), next="https://evil.example/")
    assert response["Location"] == reverse("dashboard:home")


def test_verification_cycles_the_session_key(client, world):
    device = authenticator(world.worker)
    sign_in_with_password(client, world.worker)
    before = client.session.session_key
    submit(client, code_at(device))
    assert client.session.session_key != before


# --- Reset by functioneel beheer --------------------------------------------------------------


def test_beheer_resets_a_lost_phone_after_which_the_user_enrols_again(world):
    user = world.worker
    phone = Client()
    phone.force_login(user)
    assert phone.get(reverse("dashboard:home")).status_code == 200
    StaticDevice.objects.create(user=user, name="recovery")

    beheer = Client()
    beheer.force_login(world.admin)
    page = beheer.get(reverse("accounts:staff-detail", args=[user.pk])).content.decode()
    assert "Tweestapsverificatie resetten" in page
    response = beheer.post(reverse("accounts:otp-reset", args=[user.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    event = AuthEvent.objects.get(kind="otp_reset")
    assert (event.user, event.username) == (world.admin, user.username)
    # The old session has ended; the next sign-in sets up a new authenticator.
    assert phone.get(reverse("dashboard:home"))["Location"].startswith(reverse("accounts:login"))
    fresh = Client()
    sign_in_with_password(fresh, user)
    assert fresh.get(VERIFY)["Location"].startswith(ENROL)


def test_beheer_cannot_reset_their_own_verification(client, world):
    client.force_login(world.admin)
    client.post(reverse("accounts:otp-reset", args=[world.admin.pk]))
    assert TOTPDevice.objects.filter(user=world.admin).exists()
    assert not AuthEvent.objects.filter(kind="otp_reset").exists()


@pytest.mark.parametrize(
    "role", ["sociaal_werker", "teammanager", "kwaliteitsmedewerker", "gemeente", "bestuurder"]
)
def test_other_roles_cannot_reset(client, world, role):
    authenticator(world.worker)
    client.force_login(world.users[role])
    assert client.post(reverse("accounts:otp-reset", args=[world.worker.pk])).status_code == 403
    assert TOTPDevice.objects.filter(user=world.worker).exists()
    page = client.get(reverse("accounts:staff-detail", args=[world.worker.pk]))
    assert "Tweestapsverificatie resetten" not in page.content.decode()


# --- API token --------------------------------------------------------------------------------


def ask_token(client, user, **extra):
    data = {"username": user.username, "password": PASSWORD, **extra}
    return client.post(reverse("api-token"), data, content_type="application/json")


def test_token_endpoint_needs_a_valid_code(client, world):
    device = authenticator(world.worker)
    response = ask_token(client, world.worker)
    assert response.status_code == 400
    assert "token" not in response.json()
    response = ask_token(client, world.worker, otp_token=wrong_code(device))
    assert response.status_code == 400
    assert "token" not in response.json()
    assert WRONG in response.content.decode()
    unthrottle(device)
    response = ask_token(client, world.worker, otp_token=valid_code(world.worker))
    assert response.status_code == 200
    assert Token.objects.get(key=response.json()["token"]).user == world.worker
    assert kinds(world.worker)[-2:] == ["otp_failed", "otp_verified"]


def test_token_endpoint_refuses_an_account_without_authenticator(client, world):
    response = ask_token(client, world.worker, otp_token="123456")
    assert response.status_code == 400
    assert "token" not in response.json()
    assert "webapplicatie" in response.content.decode()


def test_token_authenticated_calls_are_not_blocked_by_an_unverified_session(
    client, world, force_login_unverified
):
    token = Token.objects.create(user=world.worker)
    force_login_unverified(client, world.worker)
    response = client.get(reverse("resident-list"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200


# --- Demo accounts ----------------------------------------------------------------------------


def demo_user(**kwargs):
    user = UserFactory(**kwargs)
    user.is_demo_account = True
    user.save(update_fields=["is_demo_account"])
    return user


def test_demo_otp_prints_a_code_that_signs_in_even_twice_within_one_step(client, settings):
    settings.DEBUG = True
    user = demo_user()
    authenticator(user)
    for _attempt in range(3):
        out = StringIO()
        call_command("demo_otp", user.username, stdout=out)
        code = out.getvalue().strip()
        assert re.fullmatch(r"\d{6}", code)
        session = Client()
        sign_in_with_password(session, user)
        assert submit(session, code).status_code == 302, f"attempt {_attempt}"


def test_demo_data_gives_every_demo_account_a_confirmed_authenticator(settings):
    from wijkteam.accounts.models import User

    settings.DEBUG = True
    call_command("load_demo_data", "--seed", "1", "--scale", "0.01", stdout=StringIO())
    demo = User.objects.filter(is_demo_account=True)
    assert demo.count() == 6
    for user in demo:
        assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    out = StringIO()
    call_command("demo_otp", "sociaalwerker", stdout=out)
    assert re.fullmatch(r"\d{6}", out.getvalue().strip())


def test_demo_otp_refuses_other_accounts(settings, world):
    settings.DEBUG = True
    authenticator(world.worker)
    with pytest.raises(CommandError, match="not a demo account"):
        call_command("demo_otp", world.worker.username, stdout=StringIO())
    with pytest.raises(CommandError, match="not a demo account"):
        call_command("demo_otp", "bestaat-niet", stdout=StringIO())


def test_demo_otp_refuses_without_debug(settings):
    settings.DEBUG = False
    user = demo_user()
    authenticator(user)
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_otp", user.username, stdout=StringIO())


def test_demo_accounts_explains_the_second_step(settings, world):
    settings.DEBUG = True
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    assert "demo_otp" in out.getvalue()


# --- Typing codes -----------------------------------------------------------------------------


@given(token=st.text(alphabet="abcdefghijklmnopqrstuvwxyz234567", min_size=8, max_size=8))
def test_a_recovery_code_is_read_back_whatever_the_case_dashes_and_spaces(token):
    shown = twofactor.format_recovery_code(token)
    assert twofactor.normalise_code(shown) == token
    assert twofactor.normalise_code(f" {shown.upper()} ") == token
    assert not twofactor.is_totp_code(twofactor.normalise_code(shown))


@given(digits=st.text(alphabet="0123456789", min_size=6, max_size=6))
def test_six_digits_with_spaces_are_an_app_code(digits):
    assert twofactor.is_totp_code(twofactor.normalise_code(f"{digits[:3]} {digits[3:]}"))
