"""A backup restored into an emptied database brings back every record of every table."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

from django.conf import settings

import pytest

REPO = Path(settings.REPO_DIR)


def manage(*args, env):
    result = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


FINGERPRINT = (
    "import json,django;django.setup();"
    "from wijkteam.core.backup import table_fingerprint;"
    "print(json.dumps(table_fingerprint()))"
)


def fingerprint(env):
    out = subprocess.run(
        [sys.executable, "-c", FINGERPRINT],
        env={**env, "DJANGO_SETTINGS_MODULE": "wijkteam.settings"},
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.fixture
def scratch_database(tmp_path):
    """A separate database with demo data: a temp SQLite file, or a scratch PostgreSQL db."""
    base = os.environ.get("DATABASE_URL", "")
    env = {**os.environ, "DEBUG": "1", "WIJKTEAM_VAR_DIR": str(tmp_path)}
    if base.startswith("postgres"):
        import psycopg

        name = f"wijkteam_backup_{uuid.uuid4().hex[:8]}"
        server = base.rsplit("/", 1)[0]
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"{server}/{name}"
        yield env
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        yield env


def test_restore_brings_back_every_record(scratch_database, tmp_path):
    env = scratch_database
    manage("migrate", "--noinput", env=env)
    manage("load_demo_data", "--seed", "3", "--scale", "0.01", env=env)
    before = fingerprint(env)
    assert '"residents_resident": [0' not in before
    out = manage("backup_database", "--dir", str(tmp_path / "backups"), env=env)
    assert "Backup written" in out
    # Change the database after the backup: add a sign-in event and a resident.
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django;django.setup();"
            "from wijkteam.core.models import AuthEvent;"
            "AuthEvent.objects.create(kind='login_failed', username='na-de-backup')",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "wijkteam.settings"},
        check=True,
        cwd=REPO,
        timeout=120,
    )
    assert fingerprint(env) != before
    manage("restore_database", "--dir", str(tmp_path / "backups"), "--yes", env=env)
    assert fingerprint(env) == before


def test_restore_refuses_a_backup_of_the_other_database_kind(scratch_database, tmp_path):
    env = scratch_database
    wrong = tmp_path / ("x.pgdump" if "sqlite" in env["DATABASE_URL"] else "x.sqlite3")
    wrong.write_bytes(b"not a backup")
    result = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "restore_database", str(wrong), "--yes"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert result.returncode != 0
    assert "not a" in result.stderr
