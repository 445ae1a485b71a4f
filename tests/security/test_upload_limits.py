"""Request size and type limits: oversized or overfull requests are refused politely (4xx,
Dutch, nothing saved), never a server error and never written to disk.

No page or endpoint of wijkteam accepts files (checked below), so one ceiling on the whole
body (``core.limits.RequestSizeLimitMiddleware``, ``DATA_UPLOAD_MAX_MEMORY_SIZE``) covers
form posts, multipart uploads and API bodies alike.
"""

import json

from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

import pytest

from .hostile import changed_tables, db_fingerprint, looks_english, tracked_tables

pytestmark = pytest.mark.django_db

LIMIT = settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_limits_are_set_and_small():
    assert LIMIT is not None and LIMIT <= 2_621_440
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS is not None
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 1000
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES is not None
    assert "wijkteam.core.limits.RequestSizeLimitMiddleware" in settings.MIDDLEWARE


def test_no_model_stores_uploaded_files():
    """When a file field arrives, it needs its own type and size checks (and this test)."""
    file_fields = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in {a.rsplit(".", 1)[-1] for a in settings.INSTALLED_APPS}
        and model.__module__.startswith("wijkteam.")
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]
    assert not file_fields, f"file fields without upload checks: {file_fields}"


def _assert_refused_in_dutch(response, status=413):
    assert response.status_code == status
    text = response.content.decode()
    assert "te groot" in text
    assert not looks_english(text)


def test_an_oversized_form_post_is_refused_before_it_is_read(client, world):
    tables = tracked_tables()
    before = db_fingerprint(tables)
    response = client.post(
        reverse("accounts:login"), {"username": "x" * (LIMIT + 10), "password": "y"}
    )
    _assert_refused_in_dutch(response)
    assert not changed_tables(before, db_fingerprint(tables))


def test_an_oversized_file_upload_is_refused_and_not_stored(client, world, tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    client.force_login(world.worker)
    url = reverse("residents:resident-update", kwargs={"pk": world.resident_a.pk})
    upload = SimpleUploadedFile("paspoort.pdf", b"%PDF-" + b"0" * (LIMIT + 1))
    tables = tracked_tables()
    before = db_fingerprint(tables)
    response = client.post(url, {"first_name": "Piet", "attachment": upload})
    _assert_refused_in_dutch(response)
    assert not changed_tables(before, db_fingerprint(tables))
    assert not list(tmp_path.iterdir()), "the upload was written to disk"


def test_an_oversized_api_body_is_refused_with_json(client, world):
    client.force_login(world.worker)
    url = reverse("resident-detail", kwargs={"pk": world.resident_a.pk})
    body = json.dumps({"first_name": "P" * (LIMIT + 1), "version": 1})
    response = client.patch(url, body, content_type="application/json")
    _assert_refused_in_dutch(response)
    assert "te groot" in response.json()["detail"]
    world.resident_a.refresh_from_db()
    assert world.resident_a.first_name != "P"


def test_too_many_fields_is_a_client_error(client, world):
    client.force_login(world.worker)
    url = reverse("residents:resident-update", kwargs={"pk": world.resident_a.pk})
    fields = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(url, fields)
    assert response.status_code == 400


def test_too_many_files_is_a_client_error(client, world):
    client.force_login(world.worker)
    url = reverse("residents:resident-update", kwargs={"pk": world.resident_a.pk})
    files = {
        f"file{i}": SimpleUploadedFile(f"{i}.txt", b"x")
        for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    }
    response = client.post(url, files)
    assert response.status_code == 400


def test_a_file_sent_to_a_form_without_uploads_is_ignored(client, world):
    """A small stray file changes nothing: the form has no file field to take it."""
    client.force_login(world.worker)
    url = reverse("residents:resident-update", kwargs={"pk": world.resident_a.pk})
    payload = {"first_name": "", "evil": SimpleUploadedFile("x.exe", b"MZ\x90\x00")}
    tables = tracked_tables()
    before = db_fingerprint(tables)
    response = client.post(url, payload)
    assert response.status_code == 200  # the form again, with its errors
    assert not changed_tables(before, db_fingerprint(tables))
