"""schemathesis against the OpenAPI schema: no server errors, and every documented response
matches its schema.

Every operation of the schema the code generates is called in-process through the WSGI
application (the test database, no server), authenticated with a DRF token as the role the
permission matrix allows, and for detail URLs with an object in that role's scope. Checks:
``not_a_server_error``, ``response_schema_conformance`` (a documented status must have the
documented body) and ``content_type_conformance``. ``status_code_conformance`` is left out:
drf-spectacular documents only the success status, so every 400/403/404 would count as a
deviation (see docs/security.md).
"""

import re

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.urls import Resolver404, resolve, reverse

import pytest
import schemathesis
from hypothesis import given
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from wijkteam.core.tests.test_permission_matrix import MATRIX, url_kwargs

from .hostile import SECURITY
from .openapi import current_schema

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
# Operations not worth fuzzing through the schema: the schema itself and the token
# exchange (rate limited; fuzzed in test_hostile_api.py).
SKIPPED_PATHS = {"/api/v1/schema/", "/api/v1/auth/token/"}


def schema_operations() -> list[tuple[str, str]]:
    """(METHOD, path template) of every operation; read from the committed schema file so
    collection needs no database (the test itself uses the schema the code generates)."""
    from django.conf import settings

    import yaml

    committed = settings.REPO_DIR / "docs" / "api" / "openapi.yaml"
    paths = yaml.safe_load(committed.read_text(encoding="utf-8"))["paths"]
    return sorted(
        (method.upper(), path)
        for path, operations in paths.items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"} and path not in SKIPPED_PATHS
    )


OPERATIONS = schema_operations()


@pytest.fixture
def wsgi_app():
    """The Django WSGI application, sharing the test's database connection.

    Django closes "old" connections around every request; inside a test transaction that
    would end the transaction, so the test client switches it off in the same way.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def url_name_for(template: str) -> str | None:
    try:
        return resolve(re.sub(r"\{[^}]+\}", "1", template)).url_name
    except Resolver404:
        return None


def role_for(name: str | None, method: str) -> str | None:
    row = MATRIX.get((name, "PATCH" if method == "PUT" else method))
    if not row:
        return None
    return next((role for role, allowed in row.items() if allowed and role != "anonymous"), None)


@pytest.mark.parametrize(
    ("method", "template"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS]
)
def test_api_conforms_to_its_openapi_schema(wsgi_app, matrix_world, method, template):
    schema = schemathesis.openapi.from_dict(current_schema())
    schema.app = wsgi_app
    if template not in schema or method.lower() not in schema[template]:
        pytest.fail(f"{method} {template} is in docs/api/openapi.yaml but not in the code's schema")
    operation = schema[template][method]
    name = url_name_for(template)
    role = role_for(name, method)
    assert role is not None, f"{method} {template} ({name}) has no role in the permission matrix"
    token, _ = Token.objects.get_or_create(user=matrix_world.users[role])
    path_parameters = {}
    if "{" in template:
        url = reverse(name, kwargs=url_kwargs(name, matrix_world))
        path_parameters = dict(
            zip(re.findall(r"\{([^}]+)\}", template), _path_values(template, url), strict=True)
        )
    strategy = operation.as_strategy(
        path_parameters=path_parameters, headers={"Authorization": f"Token {token.key}"}
    )

    @SECURITY
    @given(case=strategy)
    def run(case):
        with transaction.atomic():
            try:
                case.call_and_validate(checks=CHECKS)
            finally:
                transaction.set_rollback(True)

    run()


def _path_values(template: str, url: str) -> list[str]:
    pattern = re.escape(template)
    pattern = re.sub(r"\\\{[^}]+\\\}", "([^/]+)", pattern)
    match = re.fullmatch(pattern, url)
    assert match, f"{url} does not fit {template}"
    return list(match.groups())
