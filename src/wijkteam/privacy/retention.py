"""The retention service (bewaartermijnen): anonymise expired cases, erase expired files.

:func:`apply_retention` is the one entry point; the scheduled task, the command and the dry-run
button call it. The decisions behind it are in docs/adr/0003-retention.md; what happens to
each kind of row is data in ``retention_rules.py``.

* A **case** is expired when it is closed, its stored ``retention_until`` lies before the
  reference date, it has no active legal hold and its resident's processing is not
  restricted. An expired case is *anonymised*: its rows stay for the figures, their free text
  and the household link go.
* A resident's **file** is erased when every one of the resident's cases is anonymised (now or
  before), no case is open, held or still within its retention period, the processing is not
  restricted, and no household the resident belongs to has a case that stays. The resident
  row becomes a statistical stub (``retention_rules.FILE_RULES``) in the archive team.

A run works in batches of residents, each in its own transaction with the resident and case
rows locked, and re-plans each batch under the lock, so a hold placed meanwhile is honoured.
Each batch writes the report lines (``RetentionRunItem``), one tombstone per row changed
(``RetentionTombstone``, metadata only) and one system entry per model and action in the audit
trail. The rows themselves are changed with QuerySet updates and, for deletions, Django's
Collector under ``disable_auditlog()``: the audit trail never receives the personal data
again. A dry run plans and counts the same way and writes only the run and its report lines.

Idempotent: a case or file with a tombstone is never planned again, so a second run on the same
day finds nothing more to do.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, models, router, transaction
from django.db.models import Exists, F, OuterRef
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone

from auditlog.context import disable_auditlog

from wijkteam.privacy.models import (
    LegalHold,
    RetentionOutcome,
    RetentionRun,
    RetentionRunItem,
    RetentionRunState,
    RetentionTombstone,
    RetentionTrigger,
    RetentionUnit,
    TombstoneAction,
)
from wijkteam.privacy.retention_rules import (
    ANONYMISED_NAME,
    ARCHIVE_TEAM_CODE,
    ARCHIVE_TEAM_NAME,
    CASE_RULES,
    FILE_RULES,
    Rule,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
CASE_LABEL = "support.supportcase"
RESIDENT_LABEL = "residents.resident"
HOUSEHOLD_LABEL = "residents.household"

Progress = Callable[[str], None]


# ---------------------------------------------------------------------------------------------
# Planning (read-only; the same for dry and real runs)
# ---------------------------------------------------------------------------------------------


@dataclass
class CasePlan:
    case_id: int
    resident_id: int
    team_id: int
    legal_framework: str
    closed_on: datetime.date | None
    retention_until: datetime.date | None
    outcome: str

    @property
    def rule(self) -> str:
        return (
            f"{self.legal_framework} case closed {self.closed_on:%Y-%m-%d}, kept until "
            f"{self.retention_until:%Y-%m-%d}"
        )


@dataclass
class FilePlan:
    resident_id: int
    team_id: int | None
    erase: bool
    cases: list[CasePlan] = field(default_factory=list)
    case_count: int = 0
    last_closed_on: datetime.date | None = None
    last_retention_until: datetime.date | None = None

    @property
    def rule(self) -> str:
        until = (
            f", the last kept until {self.last_retention_until:%Y-%m-%d}"
            if self.last_retention_until
            else ""
        )
        return f"file: all {self.case_count} case(s) past retention{until}"


def _done(label: str):
    """Ids of rows of ``label`` that retention already anonymised (a subquery)."""
    return RetentionTombstone.objects.filter(model=label, action=TombstoneAction.ANONYMISED).values(
        "object_id"
    )


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist; another part may not have it yet
        return False
    return True


def candidate_resident_ids(today: datetime.date) -> list[int]:
    """Residents with an expired case not yet anonymised, or whose cases are all anonymised
    while the file itself still exists (kept earlier because of a household's live case)."""
    from wijkteam.residents.models import Resident
    from wijkteam.support.models import SupportCase

    cases = SupportCase._base_manager
    expired = (
        cases.filter(closed_on__isnull=False, retention_until__lt=today)
        .exclude(pk__in=_done(CASE_LABEL))
        .values_list("resident_id", flat=True)
        .distinct()
    )
    leftover = (
        Resident._base_manager.exclude(pk__in=_done(RESIDENT_LABEL))
        .filter(Exists(cases.filter(resident=OuterRef("pk"))))
        .exclude(Exists(cases.filter(resident=OuterRef("pk")).exclude(pk__in=_done(CASE_LABEL))))
        .values_list("pk", flat=True)
    )
    return sorted(set(expired) | set(leftover))


def _case_outcome(row: dict, today, held: set[int], restricted: set[int]) -> str | None:
    """The outcome for one case row, or None when it is not (or no longer) expired."""
    if row["done"] or row["closed_on"] is None or row["retention_until"] is None:
        return None
    if row["retention_until"] >= today:
        return None
    if row["resident_id"] in restricted:
        return RetentionOutcome.KEPT_RESTRICTED
    if row["pk"] in held:
        return RetentionOutcome.KEPT_LEGAL_HOLD
    return RetentionOutcome.ANONYMISE_CASE


def _case_rows(queryset) -> list[dict]:
    return list(
        queryset.annotate(done=Exists(_done(CASE_LABEL).filter(object_id=OuterRef("pk")))).values(
            "pk",
            "resident_id",
            "team_id",
            "household_id",
            "legal_framework",
            "closed_on",
            "retention_until",
            "done",
        )
    )


def _restricted(resident_ids: Iterable[int]) -> set[int]:
    from wijkteam.residents.models import Resident

    if not _has_field(Resident, "processing_restricted"):
        return set()
    return set(
        Resident._base_manager.filter(
            pk__in=list(resident_ids), processing_restricted=True
        ).values_list("pk", flat=True)
    )


def plan_for(today: datetime.date, resident_ids: list[int]) -> list[FilePlan]:
    """What retention does for these residents on ``today``: per resident the cases to
    anonymise or keep, and whether the whole file is erased. Reads only (about 7 queries)."""
    from wijkteam.residents.models import HouseholdMember, Resident
    from wijkteam.support.models import SupportCase

    if not resident_ids:
        return []
    cases = _case_rows(SupportCase._base_manager.filter(resident_id__in=resident_ids))
    erased = set(
        RetentionTombstone.objects.filter(
            model=RESIDENT_LABEL,
            action=TombstoneAction.ANONYMISED,
            object_id__in=resident_ids,
        ).values_list("object_id", flat=True)
    )
    restricted = _restricted(resident_ids)
    held = set(
        LegalHold.objects.active(today)
        .filter(case__resident_id__in=resident_ids)
        .values_list("case_id", flat=True)
    )
    outcomes = {row["pk"]: _case_outcome(row, today, held, restricted) for row in cases}

    # A household stays alive while one of its cases stays; its members' files stay too.
    memberships = list(
        HouseholdMember._base_manager.filter(resident_id__in=resident_ids).values_list(
            "resident_id", "household_id"
        )
    )
    household_ids = {household_id for _r, household_id in memberships}
    live_households: set[int] = set()
    if household_ids:
        household_cases = _case_rows(
            SupportCase._base_manager.filter(household_id__in=household_ids)
        )
        other_residents = {row["resident_id"] for row in household_cases} - set(resident_ids)
        other_restricted = _restricted(other_residents)
        other_held = set(
            LegalHold.objects.active(today)
            .filter(case__household_id__in=household_ids)
            .values_list("case_id", flat=True)
        )
        for row in household_cases:
            outcome = (
                outcomes.get(row["pk"])
                if row["pk"] in outcomes
                else _case_outcome(row, today, other_held | held, other_restricted | restricted)
            )
            if not row["done"] and outcome != RetentionOutcome.ANONYMISE_CASE:
                live_households.add(row["household_id"])
    households_of: dict[int, set[int]] = defaultdict(set)
    for resident_id, household_id in memberships:
        households_of[resident_id].add(household_id)

    teams = dict(Resident._base_manager.filter(pk__in=resident_ids).values_list("pk", "team_id"))
    by_resident: dict[int, list[dict]] = defaultdict(list)
    for row in cases:
        by_resident[row["resident_id"]].append(row)

    plans = []
    for resident_id in resident_ids:
        rows = by_resident.get(resident_id, [])
        case_plans = [
            CasePlan(
                case_id=row["pk"],
                resident_id=resident_id,
                team_id=row["team_id"],
                legal_framework=row["legal_framework"],
                closed_on=row["closed_on"],
                retention_until=row["retention_until"],
                outcome=outcomes[row["pk"]],
            )
            for row in rows
            if outcomes[row["pk"]] is not None
        ]
        erase = (
            bool(rows)
            and resident_id not in erased
            and resident_id not in restricted
            and not (households_of[resident_id] & live_households)
            and all(
                row["done"] or outcomes[row["pk"]] == RetentionOutcome.ANONYMISE_CASE
                for row in rows
            )
        )
        if not case_plans and not erase:
            continue
        plans.append(
            FilePlan(
                resident_id=resident_id,
                team_id=teams.get(resident_id),
                erase=erase,
                cases=case_plans,
                case_count=len(rows),
                last_closed_on=max((r["closed_on"] for r in rows if r["closed_on"]), default=None),
                last_retention_until=max(
                    (r["retention_until"] for r in rows if r["retention_until"]), default=None
                ),
            )
        )
    return plans


# ---------------------------------------------------------------------------------------------
# Applying (writes only when not a dry run)
# ---------------------------------------------------------------------------------------------


def _label(model) -> str:
    return model._meta.label_lower


def _rule_model(rule: Rule):
    try:
        return apps.get_model(rule.model)
    except LookupError:
        if rule.optional:
            return None
        raise


RULE_LABELS = frozenset(rule.model.lower() for rule in (*CASE_RULES, *FILE_RULES)) | {
    HOUSEHOLD_LABEL
}

Owner = tuple[str, int]  # ("case", id) or ("resident", id)


class Ledger:
    """Collects, per row, what happened to it and for which case or file, for the report
    lines, the tombstones, the audit entries and the run's counts."""

    def __init__(self):
        self.rows: dict[tuple[str, int, str], Owner | None] = {}
        self.kept_links: dict[str, int] = defaultdict(int)

    def add(self, label: str, pks: Iterable[int], action: str, owner_of) -> None:
        for pk in pks:
            self.rows.setdefault((label, pk, action), owner_of(pk))

    def per_owner(self) -> dict[Owner, dict[str, dict[str, int]]]:
        result: dict[Owner, dict[str, dict[str, int]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(int))
        )
        for (label, _pk, action), owner in self.rows.items():
            if owner is not None:
                result[owner][label][action] += 1
        return result

    def totals(self) -> dict[str, dict[str, int]]:
        result: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for label, _pk, action in self.rows:
            result[label][action] += 1
        return result


class _Applier:
    """Applies (or, dry, only counts) the rules for one batch of plans."""

    def __init__(self, *, dry_run: bool, ledger: Ledger, now: datetime.datetime):
        self.dry_run = dry_run
        self.ledger = ledger
        self.now = now

    # -- rules ------------------------------------------------------------------------------

    def apply_rules(self, rules, owner_kind: str, owner_ids: list[int], extra=None) -> None:
        if not owner_ids:
            return
        for rule in rules:
            model = _rule_model(rule)
            if model is None or not rule.touches:
                continue
            manager = model._base_manager
            if rule.path == "pk":
                rows = [
                    (pk, pk) for pk in manager.filter(pk__in=owner_ids).values_list("pk", flat=True)
                ]
            else:
                rows = list(
                    manager.filter(**{f"{rule.path}__in": owner_ids}).values_list("pk", rule.path)
                )
            if not rows:
                continue
            owner = {pk: (owner_kind, owner_id) for pk, owner_id in rows}
            ids = list(owner)
            if rule.delete:
                self.delete(model, ids, owner.get)
                continue
            self.ledger.add(_label(model), ids, TombstoneAction.ANONYMISED, owner.get)
            self.dependents(model, ids, owner.get)
            if not self.dry_run:
                self._update(model, rule, ids, (extra or {}).get(_label(model), {}))

    def _update(self, model, rule: Rule, ids: list[int], extra: dict) -> None:
        values: dict = {}
        for name in rule.blank:
            if _has_field(model, name):
                values[name] = ""
        for name in rule.null:
            if _has_field(model, name):
                values[name] = None
        values.update({k: v for k, v in rule.values.items() if _has_field(model, k)})
        if _has_field(model, "version"):
            values["version"] = F("version") + 1
        values.update(extra)
        manager = model._base_manager
        for name in rule.if_null:
            if _has_field(model, name):
                manager.filter(pk__in=ids, **{f"{name}__isnull": True}).update(**{name: self.now})
        if values:
            manager.filter(pk__in=ids).update(**values)

    # -- other apps' rows, found at run time -------------------------------------------------

    def dependents(self, model, ids: list[int], owner_of) -> None:
        """Rows of models without a rule that point at these rows: as if the rows were
        deleted, their foreign key's ``on_delete`` decides (SET_NULL: the link is cleared;
        CASCADE: deleted through the Collector; anything else: kept, now pointing at an
        anonymised row). Many-to-many links are removed."""
        for rel in model._meta.related_objects:
            related = rel.related_model
            if _label(related) in RULE_LABELS:
                continue  # has its own rule
            if rel.many_to_many:
                self._detach_many(rel, model, ids, owner_of)
                continue
            fk = rel.field
            rows = list(
                related._base_manager.filter(**{f"{fk.name}__in": ids}).values_list(
                    "pk", fk.attname
                )
            )
            if not rows:
                continue
            owner = {pk: owner_of(target) for pk, target in rows}
            if rel.on_delete is models.CASCADE:
                self.delete(related, list(owner), owner.get)
            elif rel.on_delete is models.SET_NULL:
                self.ledger.add(_label(related), owner, TombstoneAction.DETACHED, owner.get)
                if not self.dry_run:
                    related._base_manager.filter(pk__in=list(owner)).update(**{fk.name: None})
            else:
                self.ledger.kept_links[_label(related)] += len(owner)

    def _detach_many(self, rel, model, ids, owner_of) -> None:
        through = rel.through
        fk = next(
            f
            for f in through._meta.fields
            if f.is_relation and f.related_model is not None and issubclass(model, f.related_model)
        )
        rows = list(
            through._base_manager.filter(**{f"{fk.name}__in": ids}).values_list("pk", fk.attname)
        )
        if not rows:
            return
        owner = {pk: owner_of(target) for pk, target in rows}
        self.ledger.add(_label(through), owner, TombstoneAction.DETACHED, owner.get)
        if not self.dry_run:
            with disable_auditlog():
                through._base_manager.filter(pk__in=list(owner)).delete()

    def delete(self, model, ids: list[int], owner_of) -> bool:
        """Delete rows through Django's Collector (cascades and SET_NULL of every app
        included). When something protects them, keep them and count the links instead."""
        using = router.db_for_write(model)
        collector = Collector(using=using)
        try:
            collector.collect(model._base_manager.filter(pk__in=ids))
        except (ProtectedError, RestrictedError):
            self.ledger.kept_links[_label(model)] += len(ids)
            return False
        found: list[tuple[str, list[int], str]] = []
        for m, instances in collector.data.items():
            found.append((_label(m), [o.pk for o in instances], TombstoneAction.DELETED))
        for qs in collector.fast_deletes:
            found.append(
                (_label(qs.model), list(qs.values_list("pk", flat=True)), TombstoneAction.DELETED)
            )
        for (fk, _value), batches in collector.field_updates.items():
            for objs in batches:
                pks = (
                    list(objs.values_list("pk", flat=True))
                    if hasattr(objs, "values_list")
                    else [o.pk for o in objs]
                )
                found.append((_label(fk.model), pks, TombstoneAction.DETACHED))
        own = _label(model)
        first_owner = owner_of(ids[0]) if ids else None
        for label, pks, action in found:
            # Rows of the model itself belong to their owner; cascaded rows to the first
            # owner in this batch (the run's counts are exact either way).
            self.ledger.add(
                label, pks, action, owner_of if label == own else (lambda _pk: first_owner)
            )
        if not self.dry_run:
            try:
                with transaction.atomic(using=using), disable_auditlog():
                    collector.delete()
            except DatabaseError:
                logger.exception("retention: could not delete %s rows of %s", len(ids), own)
                for label, pks, action in found:
                    for pk in pks:
                        self.ledger.rows.pop((label, pk, action), None)
                self.ledger.kept_links[own] += len(ids)
                return False
        return True

    # -- households -------------------------------------------------------------------------

    def households(
        self,
        household_owner: dict[int, int],
        file_ids: list[int],
        case_ids: list[int],
    ) -> None:
        """Households of erased residents (``household_owner``: household -> one of its
        erased residents): deleted when nobody is left in them and no case points at them;
        their name anonymised when only cases are left; else untouched."""
        from wijkteam.residents.models import Household, HouseholdMember
        from wijkteam.support.models import SupportCase

        household_ids = set(household_owner)
        if not household_ids:
            return
        with_members = set(
            HouseholdMember._base_manager.filter(household_id__in=household_ids)
            .exclude(resident_id__in=file_ids)
            .values_list("household_id", flat=True)
        )
        with_cases = set(
            SupportCase._base_manager.filter(household_id__in=household_ids)
            .exclude(pk__in=case_ids)
            .values_list("household_id", flat=True)
        )
        to_delete, to_scrub = [], []
        for household_id in sorted(household_ids - with_members):
            (to_scrub if household_id in with_cases else to_delete).append(household_id)

        def owner_of(pk):
            return ("resident", household_owner[pk])

        if to_scrub:
            self.ledger.add(HOUSEHOLD_LABEL, to_scrub, TombstoneAction.ANONYMISED, owner_of)
            if not self.dry_run:
                Household._base_manager.filter(pk__in=to_scrub).update(
                    name=ANONYMISED_NAME, version=F("version") + 1
                )
        if to_delete and not self.dry_run:
            self.delete(Household, to_delete, owner_of)
        elif to_delete:
            self.ledger.add(HOUSEHOLD_LABEL, to_delete, TombstoneAction.DELETED, owner_of)


def archive_team():
    """The team that holds erased residents' stubs: never active, never has members."""
    from auditlog.context import set_actor

    from wijkteam.organisation.choices import TeamKind
    from wijkteam.organisation.models import Team

    ended = datetime.date(2000, 1, 1)
    with set_actor(None):
        team, _created = Team.objects.get_or_create(
            code=ARCHIVE_TEAM_CODE,
            defaults={
                "name": ARCHIVE_TEAM_NAME,
                "kind": TeamKind.SUPPORT,
                "valid_from": ended,
                "valid_to": ended,
                "description": "Holds the stubs of erased files (retention); no members.",
            },
        )
    return team


def _apply_batch(
    plans: list[FilePlan], *, run: RetentionRun, now: datetime.datetime
) -> dict[str, int]:
    """Apply one batch of plans (inside the caller's transaction) and write its report."""
    from wijkteam.residents.models import HouseholdMember
    from wijkteam.support.models import SupportCase

    ledger = Ledger()
    applier = _Applier(dry_run=run.dry_run, ledger=ledger, now=now)
    case_ids = [
        c.case_id for p in plans for c in p.cases if c.outcome == RetentionOutcome.ANONYMISE_CASE
    ]
    file_ids = [p.resident_id for p in plans if p.erase]
    household_owner: dict[int, int] = {}  # household -> an erased resident of it
    if file_ids:
        for model, lookup in (
            (HouseholdMember, "resident_id__in"),
            (SupportCase, "resident_id__in"),
        ):
            rows = model._base_manager.filter(**{lookup: file_ids}, household__isnull=False)
            for household_id, resident_id in rows.values_list("household_id", "resident_id"):
                household_owner.setdefault(household_id, resident_id)
    applier.apply_rules(CASE_RULES, "case", case_ids)
    extra = {}
    if file_ids and not run.dry_run:
        extra[RESIDENT_LABEL] = {"team_id": archive_team().pk, "updated_at": now}
    applier.apply_rules(FILE_RULES, "resident", file_ids, extra=extra)
    applier.households(household_owner, file_ids, case_ids)

    per_owner = ledger.per_owner()
    items = []
    counts: dict[str, int] = defaultdict(int)
    for plan in plans:
        for case in plan.cases:
            counts[str(case.outcome)] += 1
            items.append(
                RetentionRunItem(
                    run=run,
                    unit=RetentionUnit.CASE,
                    object_id=case.case_id,
                    resident_number=plan.resident_id,
                    team_id=case.team_id,
                    legal_framework=case.legal_framework,
                    closed_on=case.closed_on,
                    retention_until=case.retention_until,
                    outcome=case.outcome,
                    rule=case.rule,
                    rows=_plain(per_owner.get(("case", case.case_id), {})),
                )
            )
        if plan.erase:
            counts[str(RetentionOutcome.ERASE_FILE)] += 1
            items.append(
                RetentionRunItem(
                    run=run,
                    unit=RetentionUnit.RESIDENT,
                    object_id=plan.resident_id,
                    resident_number=plan.resident_id,
                    team_id=plan.team_id,
                    closed_on=plan.last_closed_on,
                    retention_until=plan.last_retention_until,
                    outcome=RetentionOutcome.ERASE_FILE,
                    rule=plan.rule,
                    rows=_plain(per_owner.get(("resident", plan.resident_id), {})),
                )
            )
    RetentionRunItem.objects.bulk_create(items)
    if not run.dry_run:
        _write_tombstones(ledger, plans, run)
        _write_audit_entries(ledger, run)
    _merge(run.counts, counts, ledger)
    return counts


def _plain(nested) -> dict:
    return {label: dict(actions) for label, actions in sorted(nested.items())}


def _merge(target: dict, counts: dict[str, int], ledger: Ledger) -> None:
    for key, n in counts.items():
        target[key] = target.get(key, 0) + n
    rows = target.setdefault("rows", {})
    for label, actions in ledger.totals().items():
        bucket = rows.setdefault(label, {})
        for action, n in actions.items():
            bucket[action] = bucket.get(action, 0) + n
    kept = target.setdefault("kept_links", {})
    for label, n in ledger.kept_links.items():
        kept[label] = kept.get(label, 0) + n


def _write_tombstones(ledger: Ledger, plans: list[FilePlan], run: RetentionRun) -> None:
    rule_of: dict[Owner, str] = {}
    for plan in plans:
        rule_of[("resident", plan.resident_id)] = plan.rule
        for case in plan.cases:
            rule_of[("case", case.case_id)] = case.rule
    today = timezone.localdate()
    tombstones = [
        RetentionTombstone(
            model=label,
            object_id=pk,
            action=action,
            rule=rule_of.get(owner, f"retention run {run.pk}")[:300],
            processed_on=today,
            run=run,
        )
        for (label, pk, action), owner in sorted(ledger.rows.items(), key=lambda kv: kv[0])
    ]
    # A household's name may be anonymised again when a second member's file goes.
    RetentionTombstone.objects.bulk_create(tombstones, batch_size=1000, ignore_conflicts=True)


def _write_audit_entries(ledger: Ledger, run: RetentionRun) -> None:
    """One system entry per model and action in the audit trail (STYLE rule 14): numbers
    only, never the values that were removed."""
    from auditlog.models import LogEntry

    grouped: dict[tuple[str, str], list[int]] = defaultdict(list)
    for label, pk, action in ledger.rows:
        grouped[(label, action)].append(pk)
    for (label, action), pks in sorted(grouped.items()):
        model = apps.get_model(label)
        summary = f"{len(pks)} {label} {action} by retention run {run.pk}"
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
            object_pk=f"{min(pks)}-{max(pks)}",
            object_repr=f"apply_retention: {summary}"[:200],
            action=LogEntry.Action.DELETE
            if action == TombstoneAction.DELETED
            else LogEntry.Action.UPDATE,
            changes={"retention": [None, summary]},
            actor=run.started_by,
            additional_data={
                "command": "apply_retention",
                "run": run.pk,
                "model": label,
                "action": action,
                "count": len(pks),
            },
        )


# ---------------------------------------------------------------------------------------------
# The entry point
# ---------------------------------------------------------------------------------------------


def apply_retention(
    *,
    actor=None,
    dry_run: bool = False,
    today: datetime.date | None = None,
    trigger: str = RetentionTrigger.SCHEDULE,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> RetentionRun:
    """Run the retention rules on ``today`` (default: today) and return the run.

    ``actor``: who started it (None for the schedule). ``dry_run``: plan and report only.
    Each batch of residents is one transaction; a failing batch marks the run failed and is
    raised, earlier batches stay done (a next run continues where this one stopped).
    """
    today = today or timezone.localdate()
    say = progress or (lambda _line: None)
    run = RetentionRun.objects.create(
        reference_date=today, dry_run=dry_run, trigger=trigger, started_by=actor
    )
    kind = "Dry run" if dry_run else "Run"
    say(f"{kind} {run.pk}: retention dates before {today:%d-%m-%Y} have passed.")
    try:
        candidates = candidate_resident_ids(today)
        batches = [candidates[i : i + batch_size] for i in range(0, len(candidates), batch_size)]
        say(f"{len(candidates)} resident(s) to look at, in {len(batches)} batch(es).")
        for number, resident_ids in enumerate(batches, start=1):
            with transaction.atomic():
                if not dry_run:
                    _lock(resident_ids)
                plans = plan_for(today, resident_ids)
                counts = _apply_batch(plans, run=run, now=timezone.now())
            say(
                f"  batch {number}/{len(batches)}: "
                f"{counts.get(RetentionOutcome.ERASE_FILE, 0)} file(s) erased, "
                f"{counts.get(RetentionOutcome.ANONYMISE_CASE, 0)} case(s) anonymised, "
                f"{counts.get(RetentionOutcome.KEPT_LEGAL_HOLD, 0)} kept on hold, "
                f"{counts.get(RetentionOutcome.KEPT_RESTRICTED, 0)} kept (restricted)"
            )
    except Exception as exc:
        # Only the kind of error on the report page: a database message can quote values.
        logger.exception("retention run %s failed", run.pk)
        RetentionRun.objects.filter(pk=run.pk).update(
            state=RetentionRunState.FAILED,
            finished_at=timezone.now(),
            counts=run.counts,
            error=f"{type(exc).__name__} (details in the server log)",
        )
        raise
    run.state = RetentionRunState.FINISHED
    run.finished_at = timezone.now()
    run.save(update_fields=["state", "finished_at", "counts"])
    for line in summary_lines(run):
        say(line)
    return run


def _lock(resident_ids: list[int]) -> None:
    """Lock the residents and their cases of a batch (a hold placed meanwhile waits)."""
    from wijkteam.residents.models import Resident
    from wijkteam.support.models import SupportCase

    list(Resident._base_manager.select_for_update().filter(pk__in=resident_ids).values("pk"))
    list(
        SupportCase._base_manager.select_for_update()
        .filter(resident_id__in=resident_ids)
        .values("pk")
    )


def summary_lines(run: RetentionRun) -> list[str]:
    verb = "would be" if run.dry_run else "were"
    lines = [
        f"Summary of {'dry run' if run.dry_run else 'run'} {run.pk}:",
        f"  files erased:          {run.count(RetentionOutcome.ERASE_FILE):>7}",
        f"  cases anonymised:      {run.count(RetentionOutcome.ANONYMISE_CASE):>7}",
        f"  kept (legal hold):     {run.count(RetentionOutcome.KEPT_LEGAL_HOLD):>7}",
        f"  kept (restricted):     {run.count(RetentionOutcome.KEPT_RESTRICTED):>7}",
    ]
    rows = run.counts.get("rows", {})
    if rows:
        lines.append(f"  rows that {verb} changed:")
        for label, actions in sorted(rows.items()):
            text = ", ".join(f"{n} {action}" for action, n in sorted(actions.items()))
            lines.append(f"    {label:<32} {text}")
    kept = run.counts.get("kept_links", {})
    if kept:
        lines.append("  rows of other parts left pointing at anonymised records:")
        for label, n in sorted(kept.items()):
            lines.append(f"    {label:<32} {n}")
    return lines
