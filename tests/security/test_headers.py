"""Security headers on every page and endpoint of the permission matrix (the test client;
tests/e2e/test_security_headers.py checks one page of each kind in the browser)."""

from django.test import Client
from django.urls import reverse

import pytest

from wijkteam.core.tests.test_permission_matrix import MATRIX, url_kwargs

pytestmark = pytest.mark.django_db

RELAXED_PREFIX = "/api/v1/"  # DRF's browsable API and Swagger UI (docs/security.md)


def header_problems(response, path: str) -> list[str]:
    problems = []
    csp = response.get("Content-Security-Policy", "")
    directives = {p.split()[0]: p.split()[1:] for p in csp.split(";") if p.strip()}
    script_src = directives.get("script-src", [])
    if not script_src or script_src[0] != "'self'":
        problems.append(f"script-src {script_src}")
    html = "text/html" in response.get("Content-Type", "")
    if "'unsafe-inline'" in script_src and not (path.startswith(RELAXED_PREFIX) and html):
        problems.append("'unsafe-inline' scripts")
    if directives.get("frame-ancestors") != ["'none'"] or directives.get("object-src") != [
        "'none'"
    ]:
        problems.append(f"CSP without frame-ancestors/object-src 'none': {csp!r}")
    if response.get("X-Frame-Options") != "DENY":
        problems.append(f"X-Frame-Options {response.get('X-Frame-Options')!r}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("no nosniff")
    if response.get("Referrer-Policy") != "same-origin":
        problems.append(f"Referrer-Policy {response.get('Referrer-Policy')!r}")
    if "camera=()" not in response.get("Permissions-Policy", ""):
        problems.append("no Permissions-Policy")
    if response.get("Cache-Control") != "no-store" and response.status_code == 200:
        problems.append(f"Cache-Control {response.get('Cache-Control')!r} (personal data)")
    return problems


def test_every_page_and_endpoint_sends_the_security_headers(client, matrix_world):
    problems = []
    for (name, method), roles in sorted(MATRIX.items()):
        if method != "GET":
            continue
        role = next((r for r, allowed in roles.items() if allowed), "anonymous")
        client.logout()
        if role != "anonymous":
            client.force_login(matrix_world.users[role])
        path = reverse(name, kwargs=url_kwargs(name, matrix_world))
        response = client.get(path)
        problems += [f"{name} ({path}) as {role}: {p}" for p in header_problems(response, path)]
    assert not problems, "\n".join(problems)


def test_session_and_csrf_cookies_are_http_only_and_same_site(client, world, settings):
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE in {"Lax", "Strict"}
    assert settings.CSRF_COOKIE_SAMESITE in {"Lax", "Strict"}
    response = client.get(reverse("accounts:login"))
    cookie = response.cookies.get(settings.CSRF_COOKIE_NAME)
    assert cookie is not None and cookie["samesite"] in {"Lax", "Strict"}


def test_static_files_from_whitenoise_are_not_sniffed(settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/wijkteam/css/wijkteam.css")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Content-Type"].startswith("text/css")
