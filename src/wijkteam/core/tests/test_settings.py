"""Settings: safe production defaults, documented variables, Django's deploy check."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

import pytest

from wijkteam.core.env import ENV_VARS, ImproperlyConfiguredEnv, env

REPO = Path(settings.REPO_DIR)
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "production-grade-secret-key-for-the-check-only-7Qz!",
    "ALLOWED_HOSTS": "wijkteam.example.nl",
    "DATABASE_URL": "postgres://wijkteam@127.0.0.1:5432/wijkteam",
    "EXPORT_PSEUDONYM_KEY": "p" * 20 + "pseudonym-key-for-the-check-only-9Xw!",
    "PATH": os.environ.get("PATH", ""),
}


def run_manage(*args, env_vars):
    return subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *args],
        env=env_vars,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )


def test_check_deploy_passes_with_production_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_vars=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key():
    env_vars = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env_vars=env_vars)
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_debug_is_off_and_cookies_secure_by_default():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='wijkteam.settings';"
            "from django.conf import settings as s;"
            "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
            " s.SECURE_HSTS_SECONDS > 0)",
        ],
        env={"SECRET_KEY": "k" * 50, "PATH": os.environ.get("PATH", "")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["False", "True", "True", "True", "True"], result.stderr


def test_every_environment_variable_is_documented():
    doc = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", doc, flags=re.MULTILINE))
    assert set(ENV_VARS) == documented


@pytest.mark.parametrize(
    ("raw", "default", "expected"),
    [("1", False, True), ("nee", True, False), ("7", 3, 7), ("a, b,", [], ["a", "b"])],
)
def test_env_casts_like_the_default(monkeypatch, raw, default, expected):
    monkeypatch.setenv("WIJKTEAM_TEST_VAR", raw)
    assert env("WIJKTEAM_TEST_VAR", default) == expected


def test_env_rejects_an_unreadable_boolean(monkeypatch):
    monkeypatch.setenv("WIJKTEAM_TEST_VAR", "misschien")
    with pytest.raises(ImproperlyConfiguredEnv):
        env("WIJKTEAM_TEST_VAR", False)


def test_security_headers_on_a_page(client, world):
    client.force_login(world.worker)
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
