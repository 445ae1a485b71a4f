"""Every API endpoint gets random and hostile input: no server error, nothing saved when the
request is refused, and every message in Dutch.

The endpoints come from the permission matrix (its API rows); each is called as a role that
may use it, for an object in the worker's scope. Request bodies are built from the OpenAPI
schema the code generates (so a new serializer's fields are fuzzed as soon as it exists):
each property gets a plausible value, a value of the wrong type (string for a number, list,
object, null), a hostile string (huge, control characters, NUL bytes, SQL, markup), an
out-of-range number, an impossible date, or is left out; the version the client read is
sent wrong or not at all; now and then the body is not an object or not JSON. Query
parameters of list endpoints are fuzzed the same way.
"""

import json

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijkteam.core.tests.test_permission_matrix import MATRIX, url_kwargs

from .hostile import (
    CLASSIC_JSON,
    CLASSIC_TEXT,
    SECURITY,
    changed_tables,
    db_fingerprint,
    hostile_text,
    json_body,
    json_strings,
    log_tables,
    looks_english,
    short,
    tracked_tables,
)
from .openapi import enum_values, find_operation, query_parameters, request_properties

pytestmark = pytest.mark.django_db


def role_for(name: str, method: str) -> str | None:
    roles = MATRIX[(name, method)]
    allowed = [role for role, ok in roles.items() if ok and role != "anonymous"]
    if allowed:
        return allowed[0]
    return "anonymous" if roles.get("anonymous") else None


ENDPOINTS = sorted(
    (name, method)
    for (name, method) in MATRIX
    if ":" not in name and name != "health" and role_for(name, method)
)
# The schema and docs pages take no input worth fuzzing; the token endpoint is rate limited
# and fuzzed by its own test below.
SKIPPED = {"api-schema", "api-docs", "api-root"}
# Filters viewsets often read from the query string without declaring them in the schema.
COMMON_QUERY_PARAMETERS = [
    "page", "ordering", "format", "q", "search", "resident", "case", "team", "state", "status",
    "year", "date_from", "date_to", "from", "to", "user", "person", "kind",
]  # fmt: skip


def echo_free(text: str, body) -> str:
    for value in json_strings(body) if not isinstance(body, str) else [body]:
        if len(value) > 2:
            text = text.replace(value, " ")
    return text


def check(response, body, *, where: str, baseline, tables, read_only: bool):
    status = response.status_code
    assert status < 500, f"{where}: server error {status} for {short(body)}"
    if status >= 400 or read_only:
        changed = changed_tables(baseline, db_fingerprint(tables))
        if read_only and status < 400:
            changed = [t for t in changed if t not in log_tables()]
        assert not changed, f"{where}: status {status} but {changed} changed for {short(body)}"
    if status >= 400 and response.get("Content-Type", "").startswith("application/json"):
        messages = json_strings(response.json())
        english = [m for m in messages if looks_english(echo_free(m, body))]
        assert not english, f"{where}: English message(s) {english} for {short(body)}"


def send(client, method: str, url: str, body, content_type: str, headers: dict):
    if isinstance(body, str) and body.startswith("RAW:"):
        data = body[4:]
    elif content_type == "application/json":
        data = json.dumps(body)
    else:
        data = json.dumps(body) if not isinstance(body, str) else body
    return client.generic(method, url, data, content_type=content_type, headers=headers)


@pytest.mark.parametrize(("name", "method"), ENDPOINTS, ids=[f"{n}-{m}" for n, m in ENDPOINTS])
def test_hostile_api_input_is_refused_in_dutch(client, matrix_world, name, method):
    if name in SKIPPED:
        return
    role = role_for(name, method)
    if role != "anonymous":
        client.force_login(matrix_world.users[role])
        # The session must be fully signed in, or every request below is a bare 401/403.
        assert client.get(reverse("api-me")).status_code == 200
    url = reverse(name, kwargs=url_kwargs(name, matrix_world))
    methods = [method] if method != "PATCH" else ["PATCH", "PUT"]
    tables = tracked_tables()
    baseline = db_fingerprint(tables)
    today = timezone.localdate().isoformat()
    known_ids = sorted({matrix_world.resident_a.pk, matrix_world.case_a.pk, matrix_world.team_a.pk})
    for http_method in methods:
        found = find_operation(url, http_method)
        if found is None:
            assert http_method == "PUT", f"{http_method} {url} is not in the OpenAPI schema"
            continue
        template, operation = found
        where = f"{http_method} {url} ({name} as {role})"
        if http_method == "GET":
            params = query_parameters(operation) + COMMON_QUERY_PARAMETERS
            declared = sorted({*query_parameters(operation), "q"})
            fuzz_query(client, url, params, declared, where=where, baseline=baseline, tables=tables)
            continue
        properties = request_properties(operation)
        enums = {k: enum_values(v) for k, v in properties.items()}
        strategy = json_body(properties, enums=enums, valid_date=today, known_ids=known_ids)
        names = sorted({*properties, "version"})
        fuzz_body(
            client, http_method, url, strategy, names, where=where, baseline=baseline, tables=tables
        )


def fuzz_body(client, method, url, strategy, names, *, where, baseline, tables):
    content_types = st.sampled_from(["application/json"] * 6 + ["text/plain", "application/xml"])

    def attempt(body, content_type):
        with transaction.atomic():
            try:
                try:
                    response = send(client, method, url, body, content_type, {})
                except Exception as exc:
                    raise AssertionError(
                        f"{where}: server error {type(exc).__name__}: {exc} for {short(body)}"
                    ) from exc
                check(
                    response, body, where=where, baseline=baseline, tables=tables, read_only=False
                )
            finally:
                transaction.set_rollback(True)

    attempt({}, "application/json")
    for value in CLASSIC_JSON:
        attempt(dict.fromkeys(names, value), "application/json")
    for value in CLASSIC_JSON[:5:4]:  # one property at a time: a huge string, a huge number
        for name in names:
            attempt({name: value}, "application/json")

    @SECURITY
    @given(body=strategy, content_type=content_types)
    def run(body, content_type):
        attempt(body, content_type)

    run()


def fuzz_query(client, url, params, declared, *, where, baseline, tables):
    names = sorted(set(params))
    query = st.dictionaries(st.sampled_from(names), hostile_text(), max_size=3)

    def attempt(params):
        with transaction.atomic():
            try:
                try:
                    response = client.get(url, params)
                except Exception as exc:
                    raise AssertionError(
                        f"{where}: server error {type(exc).__name__}: {exc} for {short(params)}"
                    ) from exc
                check(
                    response, params, where=where, baseline=baseline, tables=tables, read_only=True
                )
            finally:
                transaction.set_rollback(True)

    for value in CLASSIC_TEXT[:3]:
        attempt(dict.fromkeys(names, value))
    for name in declared:  # one at a time, the huge string: a form-based filter checks all
        attempt({name: CLASSIC_TEXT[0]})

    @SECURITY
    @given(params=query)
    def run(params):
        attempt(params)

    run()
