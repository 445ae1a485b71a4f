"""Error pages are Dutch, carry the security headers and leak nothing (no debug page,
no model names, no stack trace)."""

from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

import pytest

from .hostile import looks_english

pytestmark = pytest.mark.django_db


def _assert_dutch_error_page(response, status, *phrases):
    assert response.status_code == status
    html = response.content.decode()
    for phrase in phrases:
        assert phrase in html
    for english in ("Forbidden", "Not Found", "Bad Request", "Traceback", "Server Error"):
        assert english not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_a_page_outside_the_role_is_a_dutch_403(client, world):
    client.force_login(world.municipality)
    response = client.get(reverse("residents:resident-list"))
    _assert_dutch_error_page(response, 403, "Geen toegang")


def test_an_unknown_or_out_of_scope_object_is_a_dutch_404(client, world):
    client.force_login(world.worker)
    out_of_scope = reverse("residents:resident-detail", kwargs={"pk": world.resident_b.pk})
    _assert_dutch_error_page(client.get(out_of_scope), 404, "Pagina niet gevonden")
    _assert_dutch_error_page(client.get("/bestaat-niet/"), 404, "Pagina niet gevonden")
    assert "Resident" not in client.get(out_of_scope).content.decode()


def test_a_malformed_request_is_a_dutch_400(client, world):
    client.force_login(world.worker)
    url = reverse("residents:resident-update", kwargs={"pk": world.resident_a.pk})
    response = client.post(url, {f"f{i}": "1" for i in range(1001)})
    _assert_dutch_error_page(response, 400, "niet worden verwerkt")


def test_the_500_page_renders_on_its_own_in_dutch():
    html = render_to_string("500.html")
    assert "Er ging iets mis" in html
    assert not looks_english(html.split("<body>")[1])


def test_a_server_error_shows_the_dutch_page_not_a_trace(world, monkeypatch):
    from wijkteam.dashboard import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.HomeView, "get", broken)
    client = Client(raise_request_exception=False)
    client.force_login(world.worker)
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html and "boom" not in html and "Traceback" not in html
