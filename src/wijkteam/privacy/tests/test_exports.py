"""The municipality's monitoring export: no direct identifiers, pseudonyms, consented and
not restricted only, small-number safe, recorded and access-logged, for the gemeente."""

import csv
import datetime
import hashlib
import io
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

import pytest

from wijkteam.core.models import AccessLogEntry
from wijkteam.plans.tests.factories import AgeBandFactory, GoalFactory
from wijkteam.privacy import exports
from wijkteam.privacy.models import MunicipalityExport
from wijkteam.residents.tests.factories import ConsentFactory, ResidentFactory
from wijkteam.support.tests.factories import SupportCaseFactory

PERIOD = exports.ExportPeriod(datetime.date(2026, 1, 1), datetime.date(2026, 11, 1))


def make_case(world, n: int, *, consent=True, dob=datetime.date(1990, 3, 14), **case):
    """A resident with every kind of identifier filled, distinct per ``n``, and a case."""
    resident = ResidentFactory(
        team=world.team_a,
        area=world.area,
        first_name=f"Wietske{n}",
        last_name=f"Hoekstra-Bouma{n}",
        date_of_birth=dob + datetime.timedelta(days=n),
        street="Tweebaksmarkt",
        house_number=f"{40 + n}",
        postcode=f"8911K{chr(65 + n % 26)}",
        phone=f"06-5555{n:04d}",
        email=f"wietske{n}@example.nl",
    )
    if consent:
        ConsentFactory(resident=resident, recorded_by=world.worker)
    made = SupportCaseFactory(resident=resident, **case)
    GoalFactory(plan__case=made, plan__created_by=world.worker, life_domain=world.life_domain)
    return made


def identifiers(resident) -> set[str]:
    dob = resident.date_of_birth
    return {
        resident.first_name,
        resident.last_name,
        resident.full_name,
        resident.bsn,
        dob.isoformat(),
        dob.strftime("%d-%m-%Y"),
        dob.strftime("%d%m%Y"),
        f"{resident.street} {resident.house_number}",
        resident.postcode,
        resident.postcode_display,
        resident.phone,
        resident.email,
        str(resident.pk),
    }


def all_cells(export: exports.MonitoringExport) -> list[str]:
    reader = csv.reader(io.StringIO(export.as_csv()))
    cells = [cell for row in reader for cell in row]
    js = json.loads(export.as_json())
    for row in js["rows"]:
        cells.extend(str(v) for v in row.values())
    return cells


@pytest.fixture
def seven_cases(world, settings):
    settings.SMALL_NUMBER_THRESHOLD = 5
    AgeBandFactory(label="28-45", min_age=28, max_age=45)
    return [make_case(world, n) for n in range(7)]


def test_no_column_holds_a_direct_identifier(world, seven_cases):
    export = exports.build_export(PERIOD)
    assert len(export.rows) == 7
    cells = all_cells(export)
    for case in seven_cases:
        for identifier in identifiers(case.resident):
            for cell in cells:
                assert cell != identifier, f"{identifier!r} exported"
                if len(identifier) >= 6:
                    assert identifier not in cell, f"{identifier!r} inside {cell!r}"
    # And no column is named after one either.
    header = next(csv.reader(io.StringIO(export.as_csv())))
    forbidden = ("name", "bsn", "birth", "address", "street", "postcode", "phone", "mail")
    assert not [c for c in header if any(word in c for word in forbidden)]


def test_rows_carry_the_monitoring_fields(world, seven_cases):
    row = exports.build_export(PERIOD).rows[0]
    assert row["age_band"] == "28-45"
    assert row["area"] == world.area.code
    assert row["team"] == world.team_a.code
    assert row["legal_framework"] == "basic"
    assert row["received_month"] == "2026-09"
    assert row["closed_month"] == ""
    assert row["goals_total"] == 1
    assert row["goals_by_life_domain"] == {world.life_domain.code: 1}


def test_pseudonyms_are_keyed_stable_and_not_the_number(world, seven_cases, settings):
    resident = seven_cases[0].resident
    settings.EXPORT_PSEUDONYM_KEY = "k" * 40
    first = exports.pseudonym("resident", resident.pk)
    assert first == exports.pseudonym("resident", resident.pk)
    assert first != exports.pseudonym("case", resident.pk)
    assert str(resident.pk) != first and len(first) == exports.PSEUDONYM_LENGTH
    settings.EXPORT_PSEUDONYM_KEY = "z" * 40
    assert exports.pseudonym("resident", resident.pk) != first


def test_only_consented_residents_are_exported(world, seven_cases):
    without = make_case(world, 20, consent=False)
    withdrawn = make_case(world, 21)
    withdrawn.resident.consents.update(withdrawn_on=datetime.date(2026, 2, 1))
    pseudonyms = {r["resident_pseudonym"] for r in exports.build_export(PERIOD).rows}
    assert exports.pseudonym("resident", without.resident_id) not in pseudonyms
    assert exports.pseudonym("resident", withdrawn.resident_id) not in pseudonyms
    assert exports.pseudonym("resident", seven_cases[0].resident_id) in pseudonyms


def test_cases_in_small_groups_are_left_out(world, seven_cases):
    # Two Wmo cases: a group of two (age band, area, team, framework) stands out.
    rare = [make_case(world, 30 + i, legal_framework="wmo") for i in range(2)]
    export = exports.build_export(PERIOD)
    pseudonyms = {r["case_pseudonym"] for r in export.rows}
    assert not {exports.pseudonym("case", c.pk) for c in rare} & pseudonyms
    assert export.suppressed == 3  # the two, and case_a of the world (alone in its group)
    assert len(export.rows) == 7
    # From five on, the group is exported.
    rare += [make_case(world, 40 + i, legal_framework="wmo") for i in range(3)]
    assert exports.build_export(PERIOD).suppressed == 1


def test_only_cases_received_in_the_period(world, seven_cases):
    make_case(world, 50, received_on=datetime.date(2025, 12, 31))
    assert len(exports.build_export(PERIOD).rows) == 7


def test_export_is_recorded_and_written_to_each_residents_access_log(world, seven_cases):
    export, content = exports.produce_export(
        actor=world.municipality, period=PERIOD, file_format="csv"
    )
    record = MunicipalityExport.objects.get()
    # case_a of the world (its resident consents too) is alone in its group: left out.
    assert record.row_count == 7 and record.suppressed_count == 1
    assert record.sha256 == hashlib.sha256(content.encode()).hexdigest()
    assert record.produced_by == world.municipality
    logged = set(
        AccessLogEntry.objects.filter(context=exports.EXPORT_CONTEXT).values_list(
            "resident_id", flat=True
        )
    )
    assert logged == {c.resident_id for c in seven_cases}


def test_only_the_municipality_may_export(world):
    for user in (world.worker, world.manager, world.quality, world.board):
        with pytest.raises(PermissionDenied):
            exports.produce_export(actor=user, period=PERIOD, file_format="csv")


@pytest.mark.parametrize(
    "period",
    [
        exports.ExportPeriod(datetime.date(2026, 5, 1), datetime.date(2026, 4, 1)),
        exports.ExportPeriod(datetime.date(2026, 1, 1), datetime.date(2099, 1, 1)),
        exports.ExportPeriod(datetime.date(2020, 1, 1), datetime.date(2026, 1, 1)),
    ],
)
def test_bad_period_is_refused_and_nothing_is_recorded(world, period):
    with pytest.raises(ValidationError):
        exports.produce_export(actor=world.municipality, period=period, file_format="csv")
    assert not MunicipalityExport.objects.exists()


@pytest.mark.parametrize("size", [5, 12])
def test_export_takes_a_fixed_number_of_queries(world, settings, size, django_assert_num_queries):
    settings.SMALL_NUMBER_THRESHOLD = 3
    for n in range(size):
        make_case(world, n)
    exports.produce_export(actor=world.municipality, period=PERIOD, file_format="json")  # warm
    # Life domains, age bands, the cases; savepoint, the record, its audit entry, the
    # access-log insert, release (permissions and content types are cached by then).
    with django_assert_num_queries(EXPORT_QUERIES):
        export, _content = exports.produce_export(
            actor=world.municipality, period=PERIOD, file_format="json"
        )
    assert len(export.rows) == size


EXPORT_QUERIES = 8


# --------------------------------------------------------------------------- page and API


def test_municipality_downloads_the_csv(client, world, seven_cases):
    client.force_login(world.municipality)
    url = reverse("privacy:monitoring-export")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"period_from": "2026-01-01", "period_to": "2026-11-01", "file_format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["resident_pseudonym", "case_pseudonym"]
    assert len(rows) == 8


def test_reversed_period_shows_a_dutch_error(client, world):
    client.force_login(world.municipality)
    response = client.post(
        reverse("privacy:monitoring-export"),
        {"period_from": "2026-05-01", "period_to": "2026-04-01", "file_format": "csv"},
    )
    assert response.status_code == 200
    assert "kan niet voor" in response.text
    assert not MunicipalityExport.objects.exists()


def test_api_gives_json_to_the_municipality_only(client, world, seven_cases):
    url = "/api/v1/monitoring-export/?period_from=2026-01-01&period_to=2026-11-01"
    client.force_login(world.worker)
    assert client.get(url).status_code == 403
    client.force_login(world.municipality)
    response = client.get(url)
    assert response.status_code == 200
    body = response.json()
    assert len(body["rows"]) == 7
    assert body["small_number_threshold"] == 5
    assert MunicipalityExport.objects.get().channel == "api"


def test_api_refuses_a_future_period_with_a_dutch_message(client, world):
    client.force_login(world.municipality)
    response = client.get("/api/v1/monitoring-export/?period_from=2026-01-01&period_to=2099-01-01")
    assert response.status_code == 400
    assert "toekomst" in json.dumps(response.json())
