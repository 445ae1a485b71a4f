"""Inzage (right of access, AVG art. 15): everything recorded about one resident.

**The registry.** Each app may have a module ``<app>/inzage.py`` with
``sections(resident) -> list[Section]``; :func:`providers` discovers them for the installed
``wijkteam`` apps, so a new app (incidents, complaints, ...) plugs in by adding that module.
The apps that existed before the registry (residents, support, plans) are served by
``privacy/inzage_sources.py`` until they have a module of their own. This module is also the
privacy app's own provider (rectification requests, restrictions, earlier inzages).

A provider must run a fixed number of queries whatever the resident's data size (filter on
the resident through joins, never on a list of ids that may be empty, no prefetches that
only run when the parent list is non-empty), and must give every item the ``ref`` of the
object it shows, so the audit trail of that object is found.

**The document.** :func:`build_document` adds two sections of its own, both about the file
rather than in it: the audit trail (django-auditlog entries of every object in the document:
who created or changed what, and the old and new values) and the access log (who looked at
the file, when and where).

**Staff in the document (policy).** Staff are shown by *role and team* (the team they
belonged to on the day), never by name: art. 15 gives the resident the recipients and the
categories of recipients, not the names of employees, and naming every colleague who opened
a file would expose staff (aggression against staff is a real risk, see the incident
register). The one exception is the *coordinating worker* (regisseur) of a case or
household: the resident knows them as their contact person, so they are named. The
producer of the inzage is likewise shown by role and team.

**The service.** :func:`produce_inzage` builds the document once and renders it twice, as a
PDF for the resident (WeasyPrint, A4, Dutch) and as JSON (machine-readable, every field),
stores both on an ``InzageRequest`` with their SHA-256, and writes the access log (context
"inzage") and the audit trail. The files are downloadable by the producer only, until
``available_until`` (``INZAGE_DOWNLOAD_HOURS``); :func:`purge_expired_inzages` removes them
afterwards and keeps the record with the hashes.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from auditlog.context import set_actor

from wijkteam.core.accesslog import record_access
from wijkteam.core.models import AccessAction, AccessChannel
from wijkteam.privacy.models import (
    InzageRequest,
    ProcessingRestriction,
    RectificationRequest,
    RectificationTransition,
)

INZAGE_CONTEXT = "inzage"
INZAGE_DOWNLOAD_CONTEXT = "inzage download"
DOCUMENT_FORMAT_VERSION = 1
# Technical fields that say nothing about the resident.
TECHNICAL_FIELDS = frozenset({"version", "revision", "session_token"})

# --------------------------------------------------------------------------- document model


@dataclass(frozen=True)
class StaffRef:
    """A staff member mentioned in the document, resolved to role and team at the end (one
    batch of queries for the whole document). ``named`` only for the coordinating worker."""

    user_id: int | None
    on: datetime.date | None = None
    named: bool = False


@dataclass
class Field:
    name: str  # machine name (JSON)
    label: str  # Dutch label (PDF)
    value: Any  # JSON value
    text: str = ""  # what the PDF shows


@dataclass
class Item:
    title: str
    fields: list[Field]
    ref: tuple[str, int] | None = None  # ("app_label.modelname", pk): whose audit trail


@dataclass
class Section:
    key: str
    title: str
    items: list[Item]
    intro: str = ""
    as_table: bool = False  # logs: one row per item, the field labels as columns

    @property
    def columns(self) -> list[str]:
        return [f.label for f in self.items[0].fields] if self.items else []


@dataclass
class InzageDocument:
    resident_number: int
    resident_name: str
    produced_at: datetime.datetime
    requested_on: datetime.date
    producer: str
    producer_value: dict
    sections: list[Section] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "document": "inzage",
            "format_version": DOCUMENT_FORMAT_VERSION,
            "legal_basis": "AVG artikel 15",
            "resident_number": self.resident_number,
            "resident_name": self.resident_name,
            "produced_at": self.produced_at,
            "requested_on": self.requested_on,
            "produced_by": self.producer_value,
            "staff_policy": str(STAFF_POLICY),
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "items": [
                        {
                            "title": item.title,
                            "object": (
                                {"model": item.ref[0], "id": item.ref[1]} if item.ref else None
                            ),
                            "fields": [
                                {"name": f.name, "label": f.label, "value": f.value, "text": f.text}
                                for f in item.fields
                            ],
                        }
                        for item in s.items
                    ],
                }
                for s in self.sections
            ],
        }


STAFF_POLICY = gettext_lazy(
    "Staff are shown by role and team, not by name. Only the coordinating worker, your "
    "contact person, is named."
)


# --------------------------------------------------------------------------- value helpers


def text_of(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "d-m-Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "d-m-Y")
    return str(value)


def make_field(name: str, label, value, text: str | None = None) -> Field:
    return Field(
        name=name, label=str(label), value=value, text=text_of(value) if text is None else text
    )


def _when_of(obj) -> datetime.date | None:
    for name in ("at", "recorded_at", "created_at", "granted_at", "started_at", "produced_at"):
        value = getattr(obj, name, None)
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).date()
    return None


def model_item(
    obj: models.Model,
    *,
    title: str,
    exclude: Iterable[str] = (),
    named_staff: Iterable[str] = (),
    extra: Iterable[Field] = (),
) -> Item:
    """An item with *every* concrete field of ``obj`` (minus ``exclude`` and technical
    counters), so a field added later is in the inzage without anyone remembering it.

    Choices show their label, foreign keys the related object when it was fetched with
    ``select_related`` (else its number: no query here), staff as :class:`StaffRef`.
    """
    from wijkteam.accounts.models import User

    skip = set(exclude) | TECHNICAL_FIELDS
    named = set(named_staff)
    on = _when_of(obj)
    fields = []
    for f in obj._meta.concrete_fields:
        if f.name in skip or isinstance(f, models.BinaryField):
            continue
        label = str(f.verbose_name)
        label = label[:1].upper() + label[1:]
        if f.is_relation:
            raw = getattr(obj, f.attname)
            if f.related_model is User:
                fields.append(Field(f.name, label, StaffRef(raw, on, f.name in named)))
            elif raw is not None and f.is_cached(obj):
                related = getattr(obj, f.name)
                fields.append(Field(f.name, label, str(related), str(related)))
            else:
                fields.append(make_field(f.name, label, raw))
        elif f.choices:
            raw = getattr(obj, f.attname)
            fields.append(Field(f.name, label, raw, getattr(obj, f"get_{f.name}_display")() or "—"))
        else:
            fields.append(make_field(f.name, label, getattr(obj, f.attname)))
    fields.extend(extra)
    return Item(title=title, fields=fields, ref=(obj._meta.label_lower, obj.pk))


# --------------------------------------------------------------------------- registry

Provider = Callable[[Any], list[Section]]

BUILTIN_SOURCES = {
    "residents": "residents_sections",
    "support": "support_sections",
    "plans": "plans_sections",
}


@functools.cache
def providers() -> tuple[Provider, ...]:
    """Every installed wijkteam app's ``inzage.sections``, in INSTALLED_APPS order; the
    built-in sources for the apps without one of their own."""
    from wijkteam.privacy import inzage_sources

    found: list[Provider] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("wijkteam."):
            continue
        module_name = f"{config.name}.inzage"
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            module = None
        if module is not None and callable(getattr(module, "sections", None)):
            found.append(module.sections)
        elif config.label in BUILTIN_SOURCES:
            found.append(getattr(inzage_sources, BUILTIN_SOURCES[config.label]))
    return tuple(found)


# --------------------------------------------------------------------------- privacy's own


def sections(resident) -> list[Section]:
    """The privacy app's own rows about the resident: rectification requests (with their
    state changes), restrictions of processing and earlier inzages."""
    requests = list(
        RectificationRequest.objects.filter(resident=resident).order_by("requested_on", "id")
    )
    transitions = list(
        RectificationTransition.objects.filter(request__resident=resident).order_by("at", "id")
    )
    restrictions = list(
        ProcessingRestriction.objects.filter(resident=resident).order_by("started_at", "id")
    )
    earlier = list(
        InzageRequest.objects.filter(resident=resident)
        .defer("pdf", "json")
        .order_by("produced_at", "id")
    )
    result = [
        Section(
            key="rectification_requests",
            title=_("Requests to correct data"),
            items=[
                model_item(r, title=_("Request of %(date)s") % {"date": text_of(r.requested_on)})
                for r in requests
            ]
            + [
                model_item(
                    t,
                    title=_("State change of request %(number)s") % {"number": t.request_id},
                )
                for t in transitions
            ],
        ),
        Section(
            key="processing_restrictions",
            title=_("Restrictions of processing"),
            items=[
                model_item(
                    r, title=_("Restriction from %(date)s") % {"date": text_of(r.started_at)}
                )
                for r in restrictions
            ],
        ),
        Section(
            key="inzage_requests",
            title=_("Earlier inzages"),
            items=[
                model_item(
                    i,
                    title=_("Inzage of %(date)s") % {"date": text_of(i.produced_at)},
                    exclude=("resident", "resident_number", "note"),
                )
                for i in earlier
            ],
        ),
    ]
    return result


# --------------------------------------------------------------------------- the document


def audit_section(refs: list[tuple[str, int]]) -> Section:
    """Every audit-trail entry of the objects in the document, oldest first (one query)."""
    from auditlog.models import LogEntry

    by_model: dict[str, set[int]] = {}
    for label, pk in refs:
        by_model.setdefault(label, set()).add(pk)
    condition = Q(pk__in=[])
    for label, pks in by_model.items():
        app_label, model_name = label.split(".")
        condition |= Q(
            content_type__app_label=app_label,
            content_type__model=model_name,
            object_id__in=sorted(pks),
        )
    entries = (
        LogEntry.objects.filter(condition)
        .select_related("content_type")
        .order_by("timestamp", "id")
    )
    action_text = {
        LogEntry.Action.CREATE: _("created"),
        LogEntry.Action.UPDATE: _("changed"),
        LogEntry.Action.DELETE: _("deleted"),
        LogEntry.Action.ACCESS: _("viewed"),
    }
    items = []
    for entry in entries:
        model = apps.get_model(entry.content_type.app_label, entry.content_type.model)
        changes = describe_changes(model, entry.changes or {})
        items.append(
            Item(
                title="",
                fields=[
                    make_field("at", _("When"), entry.timestamp),
                    Field(
                        "by",
                        _("Who"),
                        StaffRef(entry.actor_id, timezone.localtime(entry.timestamp).date()),
                    ),
                    Field(
                        "action",
                        _("What"),
                        AUDIT_ACTIONS.get(entry.action, str(entry.action)),
                        action_text.get(entry.action, ""),
                    ),
                    Field(
                        "record",
                        _("Record"),
                        {"model": entry.content_type.model, "id": entry.object_id},
                        f"{model._meta.verbose_name} {entry.object_id}" if model else "",
                    ),
                    Field(
                        "changes",
                        _("Changes"),
                        changes,
                        "; ".join(
                            f"{c['label']}: {c['old_text']} → {c['new_text']}" for c in changes
                        )
                        or "—",
                    ),
                ],
            )
        )
    return Section(
        key="audit_trail",
        title=_("Who recorded or changed your data"),
        intro=_(
            "Every time data in your file was recorded, changed or removed, the system noted "
            "who did it (by role and team), when, and the old and new value."
        ),
        items=items,
        as_table=True,
    )


AUDIT_ACTIONS = {0: "create", 1: "update", 2: "delete", 3: "access"}
HIDDEN_CHANGE_FIELDS = frozenset({"pdf", "json"}) | TECHNICAL_FIELDS


def describe_changes(model, changes: dict) -> list[dict]:
    """The audit log's ``{field: [old, new]}`` as readable rows (field label, old, new)."""
    rows = []
    for name, pair in changes.items():
        if name in HIDDEN_CHANGE_FIELDS:
            continue
        try:
            f = model._meta.get_field(name) if model else None
        except Exception:  # noqa: BLE001 - a field removed since the entry was written
            f = None
        label = str(f.verbose_name) if f is not None and hasattr(f, "verbose_name") else name
        label = label[:1].upper() + label[1:]
        old, new = (
            (list(pair) + [None, None])[:2] if isinstance(pair, list | tuple) else (None, pair)
        )
        rows.append(
            {
                "field": name,
                "label": label,
                "old": old,
                "new": new,
                "old_text": _change_text(f, old),
                "new_text": _change_text(f, new),
            }
        )
    return rows


def _change_text(f, value) -> str:
    if value in (None, "", "None"):
        return "—"
    if f is not None and getattr(f, "choices", None):
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.DateTimeField) and isinstance(value, str):
        parsed = parse_datetime(value.replace(" ", "T", 1))
        if parsed is not None:
            if timezone.is_naive(parsed):
                parsed = timezone.make_aware(parsed, datetime.UTC)
            return text_of(parsed)
    if isinstance(f, models.DateField) and isinstance(value, str):
        parsed = parse_date(value)
        if parsed is not None:
            return text_of(parsed)
    if isinstance(value, str) and value in ("True", "False"):
        return _("yes") if value == "True" else _("no")
    return str(value)


def access_section(resident_number: int) -> Section:
    """Every access-log entry about the resident, oldest first (one query)."""
    from wijkteam.core.models import AccessLogEntry

    entries = AccessLogEntry.objects.filter(resident_id=resident_number).order_by("at", "id")
    items = [
        Item(
            title="",
            fields=[
                make_field("at", _("When"), e.at),
                Field("by", _("Who"), StaffRef(e.user_id, timezone.localtime(e.at).date())),
                Field("action", _("What"), e.action, e.get_action_display()),
                Field("channel", _("How"), e.channel, e.get_channel_display()),
                make_field("context", _("Where in the system"), e.context),
            ],
        )
        for e in entries
    ]
    return Section(
        key="access_log",
        title=_("Who looked at your file"),
        intro=_(
            "Every time your data was shown to a staff member (a page, a list, a search "
            "result, the API or an export), the system noted who (by role and team), when "
            "and where."
        ),
        items=items,
        as_table=True,
    )


class StaffDirectory:
    """Role and team of the staff mentioned in a document: three queries for all of them."""

    def __init__(self, user_ids: Iterable[int]):
        from wijkteam.accounts.models import TeamMembership, User

        self.users = {
            u.pk: u
            for u in User.objects.filter(pk__in=sorted(set(user_ids))).prefetch_related(
                "groups",
                Prefetch("memberships", queryset=TeamMembership.objects.select_related("team")),
            )
        }

    def describe(self, ref: StaffRef) -> tuple[dict, str]:
        user = self.users.get(ref.user_id)
        if user is None:
            if ref.user_id is None:
                return {"role": "system"}, _("the system (automatic)")
            return {"role": ""}, _("a former staff member")
        roles = sorted(g.name for g in user.groups.all())
        on = ref.on or timezone.localdate()
        teams = sorted(
            {
                m.team.name
                for m in user.memberships.all()
                if m.start_date <= on and (m.end_date is None or m.end_date >= on)
            }
        )
        role = ", ".join(roles) or _("staff member")
        value = {"role": role, "team": ", ".join(teams)}
        text = f"{role} ({', '.join(teams)})" if teams else role
        if ref.named:
            value["name"] = user.display_name
            text = f"{user.display_name}, {text}"
        return value, text


def _resolve_staff(document: InzageDocument, directory: StaffDirectory) -> None:
    for section in document.sections:
        for item in section.items:
            for f in item.fields:
                if isinstance(f.value, StaffRef):
                    if f.value.user_id is None and f.name not in ("by",):
                        f.value, f.text = None, "—"
                    else:
                        f.value, f.text = directory.describe(f.value)


def build_document(
    resident, *, producer, produced_at: datetime.datetime, requested_on: datetime.date
) -> InzageDocument:
    """Every section of every provider, the audit trail and the access log, with staff
    resolved to role and team. A fixed number of queries whatever the data size."""
    collected: list[Section] = []
    for provider in providers():
        collected.extend(provider(resident))
    refs = [item.ref for s in collected for item in s.items if item.ref]
    collected.append(audit_section(refs))
    collected.append(access_section(resident.pk))
    staff_ids = {producer.pk}
    for s in collected:
        for item in s.items:
            for f in item.fields:
                if isinstance(f.value, StaffRef) and f.value.user_id is not None:
                    staff_ids.add(f.value.user_id)
    directory = StaffDirectory(staff_ids)
    producer_value, producer_text = directory.describe(
        StaffRef(producer.pk, timezone.localtime(produced_at).date())
    )
    document = InzageDocument(
        resident_number=resident.pk,
        resident_name=resident.full_name,
        produced_at=produced_at,
        requested_on=requested_on,
        producer=producer_text,
        producer_value=producer_value,
        sections=collected,
    )
    _resolve_staff(document, directory)
    return document


def render_json(document: InzageDocument) -> bytes:
    return json.dumps(
        document.as_dict(), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    ).encode("utf-8")


def render_pdf(document: InzageDocument) -> bytes:
    from django.template.loader import render_to_string

    from weasyprint import CSS, HTML

    html = render_to_string(
        "privacy/inzage_pdf.html",
        {"doc": document, "staff_policy": STAFF_POLICY, "organisation": ORGANISATION},
    )
    footer = f"{document.resident_name} · {text_of(document.produced_at)}"
    footer = "".join(ch for ch in footer if ch not in '"\\\n')  # a safe CSS string
    css = render_to_string(
        "privacy/inzage_pdf.css",
        {
            "doc": document,
            "footer": footer,
            "page_word": pgettext("pdf page footer", "Page"),
            "of_word": pgettext("pdf page footer", "of"),
        },
    )
    return HTML(string=html).write_pdf(stylesheets=[CSS(string=css)])


ORGANISATION = "Amaryllis, sociaal werk Leeuwarden"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- services


def produce_inzage(
    *,
    actor,
    resident,
    requested_on: datetime.date | None = None,
    note: str = "",
    request=None,
    channel: str = AccessChannel.UI,
) -> InzageRequest:
    """Produce the PDF and the JSON in one step and store them with their hashes.

    Needs ``privacy.produce_inzage`` and the resident in the actor's scope. Logged in the
    access log (context "inzage") and, through the record, in the audit trail.
    """
    from wijkteam.residents.models import Resident

    if not actor.has_perm("privacy.produce_inzage"):
        raise PermissionDenied
    try:
        resident = (
            Resident.objects.visible_for(actor).select_related("team", "area").get(pk=resident.pk)
        )
    except Resident.DoesNotExist as exc:
        raise PermissionDenied from exc
    today = timezone.localdate()
    requested_on = requested_on or today
    if requested_on > today:
        raise ValidationError(
            {"requested_on": _("The date of the request cannot be in the future.")},
            code="requested_in_future",
        )
    produced_at = timezone.now()
    document = build_document(
        resident, producer=actor, produced_at=produced_at, requested_on=requested_on
    )
    json_bytes = render_json(document)
    pdf_bytes = render_pdf(document)
    with transaction.atomic(), set_actor(actor):
        inzage = InzageRequest(
            resident=resident,
            resident_number=resident.pk,
            team=resident.team,
            requested_on=requested_on,
            note=note,
            produced_by=actor,
            produced_at=produced_at,
            available_until=produced_at + datetime.timedelta(hours=settings.INZAGE_DOWNLOAD_HOURS),
            pdf=pdf_bytes,
            pdf_sha256=sha256(pdf_bytes),
            pdf_size=len(pdf_bytes),
            json=json_bytes,
            json_sha256=sha256(json_bytes),
            json_size=len(json_bytes),
        )
        inzage.full_clean(exclude=["pdf", "json"])
        inzage.save()
        record_access(
            user=actor,
            resident_ids=[resident.pk],
            action=AccessAction.EXPORT,
            channel=channel,
            context=INZAGE_CONTEXT,
            request=request,
            reason=f"InzageRequest {inzage.pk}",
        )
    return inzage


class DownloadRefused(PermissionDenied):
    pass


def open_download(
    *, actor, inzage: InzageRequest, file_format: str, request=None, channel=AccessChannel.UI
) -> bytes:
    """The stored file, for its producer, while it is available; the hash is checked and
    the download is access-logged."""
    if file_format not in ("pdf", "json"):
        raise ValidationError(_("Choose PDF or JSON."), code="invalid_format")
    if inzage.produced_by_id != actor.pk or not actor.has_perm("privacy.produce_inzage"):
        raise DownloadRefused(_("Only the staff member who produced this inzage can download it."))
    if not inzage.is_downloadable():
        raise DownloadRefused(
            _("This inzage can no longer be downloaded; produce a new one if needed.")
        )
    data = bytes(getattr(inzage, file_format))
    if sha256(data) != getattr(inzage, f"{file_format}_sha256"):
        raise DownloadRefused(_("The stored file does not match its hash; produce a new one."))
    record_access(
        user=actor,
        resident_ids=[inzage.resident_number],
        action=AccessAction.EXPORT,
        channel=channel,
        context=INZAGE_DOWNLOAD_CONTEXT,
        request=request,
        reason=f"InzageRequest {inzage.pk} {file_format}",
    )
    return data


def purge_expired_inzages(*, now: datetime.datetime | None = None) -> int:
    """Remove the files of inzages whose download period ended; the record and the hashes
    stay. Returns how many were purged. Idempotent."""
    now = now or timezone.now()
    purged = 0
    with transaction.atomic(), set_actor(None):
        for inzage in InzageRequest.objects.expired(now).select_for_update().defer("pdf", "json"):
            inzage.pdf = b""
            inzage.json = b""
            inzage.purged_at = now
            inzage.save(update_fields=["pdf", "json", "purged_at"])
            purged += 1
    return purged
