"""The municipality's monitoring export: case-level data without direct identifiers.

Data minimisation (AVG art. 5(1)(c) and art. 89): the municipality gets what it needs to
monitor the contract, per support case, and nothing that names a person:

* no name, BSN, date of birth, address, postcode, phone, e-mail, free text or staff name;
* the resident and the case appear as *pseudonyms*: HMAC-SHA256 with the secret
  ``EXPORT_PSEUDONYM_KEY`` of the internal number, so the same resident has the same
  pseudonym in every export (the municipality can follow cases over time) but only someone
  holding the key can link it back;
* age as an age band (``plans.AgeBand`` in use on the last day of the period, age on that
  day), place as the area, dates as months;
* only residents whose consent "sharing with the municipality for monitoring" holds on the
  day of the export (``dashboard.aggregates.consent_filter``) and whose processing is not
  restricted (AVG art. 18);
* small-number safe: a case is left out when fewer than ``SMALL_NUMBER_THRESHOLD`` exported
  cases share its age band, area, team and legal framework (k-anonymity on those
  quasi-identifiers), so no row stands out.

Each export is recorded (``MunicipalityExport``: who, when, period, rows, SHA-256) and
written to the access log of every resident in it (action "export"), so the resident's
inzage shows that pseudonymised data about them went to the municipality.

The whole export is a fixed number of queries whatever its size (life domains, age bands,
one aggregate query over the cases, the record and one bulk insert into the access log).
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import hmac
import io
import json
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Case as CaseWhen
from django.db.models import CharField, Count, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from auditlog.context import set_actor

from wijkteam.core.accesslog import record_access
from wijkteam.core.models import AccessAction, AccessChannel
from wijkteam.privacy.models import MunicipalityExport

EXPORT_CONTEXT = "municipality export (pseudonymised)"
MIN_KEY_LENGTH = 32
PSEUDONYM_LENGTH = 20  # hex characters = 80 bits

# The columns, in order. ``goals_<life domain code>`` columns follow ``goals_total`` in CSV;
# JSON carries them as the object ``goals_by_life_domain``.
COLUMNS = (
    "resident_pseudonym",
    "case_pseudonym",
    "age_band",
    "area",
    "team",
    "legal_framework",
    "received_month",
    "closed_month",
    "state",
    "closure_reason",
    "goals_total",
)
QUASI_IDENTIFIERS = ("age_band", "area", "team", "legal_framework")
NO_BAND = "onbekend"


def _key() -> bytes:
    key = settings.EXPORT_PSEUDONYM_KEY
    if key:
        return key.encode()
    # Development fallback: a key derived from SECRET_KEY, never SECRET_KEY itself.
    return hmac.new(
        settings.SECRET_KEY.encode(), b"wijkteam.privacy.export-pseudonym", hashlib.sha256
    ).digest()


def pseudonym(kind: str, number: int) -> str:
    """The keyed pseudonym of a resident or case number (stable while the key is)."""
    digest = hmac.new(_key(), f"{kind}:{number}".encode(), hashlib.sha256).hexdigest()
    return digest[:PSEUDONYM_LENGTH]


@register()
def check_pseudonym_key_length(app_configs, **kwargs):
    key = settings.EXPORT_PSEUDONYM_KEY
    if key and len(key) < MIN_KEY_LENGTH:
        return [
            Error(
                f"EXPORT_PSEUDONYM_KEY must be at least {MIN_KEY_LENGTH} characters.",
                id="wijkteam.E601",
            )
        ]
    return []


@register(deploy=True)
def check_pseudonym_key_set(app_configs, **kwargs):
    """``check --deploy``: production should not derive the pseudonyms from SECRET_KEY."""
    if not settings.EXPORT_PSEUDONYM_KEY:
        return [
            Warning(
                "EXPORT_PSEUDONYM_KEY is empty: the municipality export derives its "
                "pseudonyms from SECRET_KEY. Set a separate key in production.",
                id="wijkteam.W601",
            )
        ]
    return []


@dataclass(frozen=True)
class ExportPeriod:
    start: datetime.date
    end: datetime.date

    @classmethod
    def year_to_date(cls, today: datetime.date | None = None) -> ExportPeriod:
        today = today or timezone.localdate()
        return cls(datetime.date(today.year, 1, 1), today)

    def validate(self) -> None:
        errors = {}
        if self.end < self.start:
            errors["period_to"] = _("The end of the period cannot be before its start.")
        if self.end > timezone.localdate():
            errors["period_to"] = _("The period cannot end in the future.")
        if (self.end - self.start).days > 366 * 3:
            errors["period_from"] = _("Export at most three years at a time.")
        if errors:
            raise ValidationError(errors, code="invalid_period")


@dataclass
class MonitoringExport:
    period: ExportPeriod
    generated_at: datetime.datetime
    life_domains: list[tuple[str, str]]  # (code, name)
    rows: list[dict] = field(default_factory=list)
    suppressed: int = 0
    resident_ids: list[int] = field(default_factory=list)  # for the access log, never output

    @property
    def csv_columns(self) -> list[str]:
        return [*COLUMNS, *(f"goals_{code}" for code, _name in self.life_domains)]

    def as_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.csv_columns)
        for row in self.rows:
            per_domain = row["goals_by_life_domain"]
            writer.writerow(
                [row[c] for c in COLUMNS] + [per_domain[code] for code, _n in self.life_domains]
            )
        return out.getvalue()

    def as_dict(self) -> dict:
        return {
            "generated_at": self.generated_at,
            "period": {"from": self.period.start, "to": self.period.end},
            "small_number_threshold": settings.SMALL_NUMBER_THRESHOLD,
            "quasi_identifiers": list(QUASI_IDENTIFIERS),
            "life_domains": [{"code": c, "name": n} for c, n in self.life_domains],
            "rows": self.rows,
        }

    def as_json(self) -> str:
        return json.dumps(self.as_dict(), cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    from wijkteam.plans.reports import years_before

    return years_before(day, years)


def _age_band_expression(bands, on: datetime.date):
    whens = []
    for band in bands:
        condition = Q(resident__date_of_birth__lte=_years_before(on, band.min_age))
        if band.max_age is not None:
            condition &= Q(resident__date_of_birth__gt=_years_before(on, band.max_age + 1))
        whens.append(When(condition, then=Value(band.label)))
    if not whens:
        return Value(NO_BAND, output_field=CharField())
    return CaseWhen(*whens, default=Value(NO_BAND), output_field=CharField())


def exportable_cases(period: ExportPeriod, on: datetime.date | None = None):
    """Cases received in ``period`` of residents who consent (on ``on``, default today) and
    whose processing is not restricted."""
    from wijkteam.dashboard.aggregates import consent_filter
    from wijkteam.support.models import SupportCase

    return SupportCase.objects.filter(
        consent_filter("", on or timezone.localdate()),
        received_on__gte=period.start,
        received_on__lte=period.end,
        resident__processing_restricted=False,
    )


def build_export(period: ExportPeriod, *, on: datetime.date | None = None) -> MonitoringExport:
    """The export rows (nothing is written); three queries."""
    from wijkteam.plans.models import AgeBand, LifeDomain

    life_domains = list(
        LifeDomain.objects.order_by("sort_order", "name", "id").values_list("id", "code", "name")
    )
    bands = list(AgeBand.objects.active(period.end).order_by("min_age"))
    goal_counts = {
        f"goals_{pk}": Count("plans__goals", filter=Q(plans__goals__life_domain_id=pk))
        for pk, _code, _name in life_domains
    }
    rows = (
        exportable_cases(period, on)
        .annotate(
            age_band=_age_band_expression(bands, period.end),
            goals_total=Count("plans__goals"),
            **goal_counts,
        )
        .values(
            "id",
            "resident_id",
            "age_band",
            "resident__area__code",
            "team__code",
            "legal_framework",
            "received_on",
            "closed_on",
            "state",
            "closure_reason",
            "goals_total",
            *goal_counts,
        )
        .order_by()
    )
    export = MonitoringExport(
        period=period,
        generated_at=timezone.now(),
        life_domains=[(code, name) for _pk, code, name in life_domains],
    )
    candidates = []
    for r in rows:
        candidates.append(
            (
                r["resident_id"],
                {
                    "resident_pseudonym": pseudonym("resident", r["resident_id"]),
                    "case_pseudonym": pseudonym("case", r["id"]),
                    "age_band": r["age_band"],
                    "area": r["resident__area__code"] or "",
                    "team": r["team__code"],
                    "legal_framework": r["legal_framework"],
                    "received_month": f"{r['received_on']:%Y-%m}",
                    "closed_month": f"{r['closed_on']:%Y-%m}" if r["closed_on"] else "",
                    "state": r["state"],
                    "closure_reason": r["closure_reason"] or "",
                    "goals_total": r["goals_total"],
                    "goals_by_life_domain": {
                        code: r[f"goals_{pk}"] for pk, code, _name in life_domains
                    },
                },
            )
        )
    groups = Counter(tuple(row[q] for q in QUASI_IDENTIFIERS) for _rid, row in candidates)
    threshold = settings.SMALL_NUMBER_THRESHOLD
    kept = []
    for resident_id, row in candidates:
        if groups[tuple(row[q] for q in QUASI_IDENTIFIERS)] < threshold:
            export.suppressed += 1
            continue
        kept.append((resident_id, row))
    kept.sort(key=lambda item: (item[1]["received_month"], item[1]["case_pseudonym"]))
    export.rows = [row for _rid, row in kept]
    export.resident_ids = sorted({rid for rid, _row in kept})
    return export


def produce_export(
    *, actor, period: ExportPeriod, file_format: str, channel: str = AccessChannel.UI, request=None
) -> tuple[MonitoringExport, str]:
    """Build the export, record it and write the access log; returns the export and its
    serialised content (CSV or JSON). Refused without ``privacy.export_monitoring``."""
    if not actor.has_perm("privacy.export_monitoring"):
        raise PermissionDenied
    if file_format not in ("csv", "json"):
        raise ValidationError(_("Choose CSV or JSON."), code="invalid_format")
    period.validate()
    export = build_export(period)
    content = export.as_csv() if file_format == "csv" else export.as_json()
    with transaction.atomic(), set_actor(actor):
        MunicipalityExport.objects.create(
            produced_by=actor,
            produced_at=export.generated_at,
            channel=channel,
            file_format=file_format,
            period_from=period.start,
            period_to=period.end,
            row_count=len(export.rows),
            suppressed_count=export.suppressed,
            sha256=hashlib.sha256(content.encode()).hexdigest(),
        )
        record_access(
            user=actor,
            resident_ids=export.resident_ids,
            action=AccessAction.EXPORT,
            channel=channel,
            context=EXPORT_CONTEXT,
            request=request,
            reason=f"{period.start:%Y-%m-%d}..{period.end:%Y-%m-%d}",
        )
    return export, content
