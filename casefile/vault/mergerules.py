"""The rules of applying writes from other vaults: each field is a multi-value register.

A record's state is a function of the *set* of writes known for it, never of their order:

- a value survives unless some known write lists its tag among the values it replaced;
- one survivor is the field's value; several are a conflict, and the one with the newest
  (hlc, origin) is shown meanwhile, so every replica that saw the same writes shows the same;
- a delete writes the ``_deleted`` register and replaces every value its writer had seen. If
  only the delete survives, the record is gone; if edits it had not seen survive too, or other
  records still refer to it, the record stays and the delete is a conflict to resolve.

Because the state is recomputed from the set, duplicated, reordered and late writes converge.

This module holds what both ways of applying follow, so they cannot drift apart: which writes
are refused alone, the registers a record's writes leave, what it shows and its typed row,
why it waits, the order of record types, and the report. Applying record by record is
casefile.vault.merge's; in batches, casefile.vault.batchapply's.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from casefile.domain.fields import RecordSpec
from casefile.domain.records import SPECS
from casefile.domain.validate import parcel_total_weight
from casefile.i18n import _
from casefile.vault.records import DELETED
from casefile.vault.rows import encode

# A surviving value of one field: (hlc, origin, seq, value).
Survivor = tuple[str, str, int, Any]
# Per field, its surviving values, newest first.
Registers = dict[str, list[Survivor]]


@dataclass
class ApplyReport:
    added: int = 0
    changed: int = 0
    deleted: int = 0
    duplicates: int = 0
    conflicts: int = 0
    records: set[str] = field(default_factory=set)
    outcomes: dict[str, str] = field(default_factory=dict)  # record id -> what materialize did
    # Records whose writes are stored but that cannot show yet, by reason (WAITING_*).
    waiting: dict[str, int] = field(default_factory=dict)
    # Writes refused alone: they can never apply here (see conflicting_type).
    refused: list[dict[str, Any]] = field(default_factory=list)

    @property
    def applied(self) -> int:
        """Records this batch really added, changed or deleted."""
        return self.added + self.changed + self.deleted


# Why a record's writes are stored but the record is not shown yet.
WAITING_REFERENCE = "reference"  # it refers to a record this vault does not hold (yet)
WAITING_REQUIRED = "required"  # a required value has not arrived (yet)
WAITING_REFERRED = "referred"  # deleted, but other records still refer to it

# materialize()'s outcomes for a record that waits, and the reason each stands for.
WAITING = {f"pending-{reason}": reason
           for reason in (WAITING_REFERENCE, WAITING_REQUIRED, WAITING_REFERRED)}


def _dependency_order() -> list[str]:
    """Record types, each after the types its fields refer to (facility before person)."""
    order: list[str] = []

    def visit(record_type: str, path: tuple[str, ...]) -> None:
        if record_type in order or record_type in path:
            return
        for f in SPECS[record_type].fields:
            if f.ref:
                visit(f.ref, (*path, record_type))
        order.append(record_type)

    for record_type in SPECS:
        visit(record_type, ())
    return order


TYPE_ORDER = {record_type: n for n, record_type in enumerate(_dependency_order())}


def tally(report: ApplyReport, conflicts: Callable[[str], int]) -> None:
    """Count the outcomes: what was added, changed, deleted, what waits and why; ``conflicts``
    says how many conflicting fields a record has."""
    for record_id, outcome in report.outcomes.items():
        if outcome == "added":
            report.added += 1
        elif outcome == "deleted":
            report.deleted += 1
        elif outcome == "changed":
            report.changed += 1
        elif outcome in WAITING:
            reason = WAITING[outcome]
            report.waiting[reason] = report.waiting.get(reason, 0) + 1
        if outcome in ("added", "changed", "deleted"):
            report.records.add(record_id)
        report.conflicts += conflicts(record_id)


def refusal(write: dict[str, Any], reason: str) -> dict[str, Any]:
    """What the import report and the exchange log say of a write refused alone."""
    return {"origin": write["origin"], "seq": write["seq"], "type": write["record_type"],
            "id": write["record_id"], "reason": reason}


def conflicting_type(write: dict[str, Any], batch: dict[str, str],
                     find: Callable[[str], str | None]) -> str | None:
    """Why a write can never apply here, or None: its id is already another type's, or a
    field refers to a record of the wrong type. Refused alone, so a crafted write relayed
    by a careless group never makes the bundles after it fail. ``batch`` holds the types of
    the ids written earlier in the same batch; ``find`` gives the type this vault knows an
    id as (merge.known_type, or the batched apply's lookup made beforehand)."""
    record_type = write["record_type"]
    have = batch.get(write["record_id"]) or find(write["record_id"])
    if have is not None and have != record_type:
        return _("its id belongs to a {0} here").format(have)
    spec = SPECS[record_type]
    for f in spec.fields:
        value = write["fields"].get(f.name)
        if not f.ref or not value:
            continue
        for target in value if isinstance(value, list) else [value]:
            if target == write["record_id"]:
                return _("{0} refers to the record itself").format(f.name)
            other = batch.get(target) or find(target)
            if other is not None and other != f.ref:
                return _("{0} refers to a {1}, not a {2}").format(f.name, other, f.ref)
    return None


def registers_of(rows: Sequence[Sequence[Any]]) -> Registers:
    """Per field, the surviving (hlc, origin, seq, value), newest first, from a record's
    change rows (origin, seq, hlc, fields, replaces)."""
    dead: set[tuple[str, str, int]] = set()
    for _o, _s, _h, _f, replaces in rows:
        for name, tags in json.loads(replaces).items():
            dead.update((name, o, int(s)) for o, s in tags)
    alive: Registers = {}
    for origin, seq, hlc, fields, _r in rows:
        for name, value in json.loads(fields).items():
            if (name, origin, seq) not in dead:
                alive.setdefault(name, []).append((hlc, origin, seq, value))
    for survivors in alive.values():
        survivors.sort(reverse=True)
    return alive


def is_deleted(alive: Registers) -> bool:
    """A surviving delete (``_deleted`` true), whether or not edits survive beside it."""
    return any(v is True for _h, _o, _s, v in alive.get(DELETED, []))


def conflict_names(alive: Registers) -> list[str]:
    """The fields with more than one surviving value; ``_deleted`` if a delete met edits."""
    names = {name for name, survivors in alive.items() if len(survivors) > 1}
    if is_deleted(alive) and any(n != DELETED for n in alive):
        names.add(DELETED)
    return sorted(names)


def shown_values(spec: RecordSpec, alive: Registers) -> dict[str, Any]:
    """Each field's value as shown: its newest surviving value, or empty."""
    return {f.name: alive[f.name][0][3] if f.name in alive else ([] if f.is_list else None)
            for f in spec.fields}


def typed_row(spec: RecordSpec, alive: Registers, values: dict[str, Any]
              ) -> tuple[bool, dict[str, list[list[Any]]], list[Any]]:
    """What the registry and typed-table rows hold for these values: local_only, the tags of
    every survivor, the encoded columns (a parcel's total weight computed here)."""
    if spec.type == "parcel":
        values["total_weight_g"] = parcel_total_weight(values.get("items"))
    local_only = bool(alive["local_only"][0][3]) if "local_only" in alive else False
    tags = {name: [[o, s, h] for h, o, s, _v in survivors] for name, survivors in alive.items()}
    return local_only, tags, [encode(f, values[f.name]) for f in spec.fields]


def missing_reason(spec: RecordSpec, values: dict[str, Any],
            type_of: Callable[[str], str | None]) -> str | None:
    """Why a new record cannot show yet: a required value or a referenced record missing
    (``type_of`` gives the type of the live record with an id, or None)."""
    for f in spec.fields:
        if f.required and values.get(f.name) in (None, "", []):
            return WAITING_REQUIRED
    for f in spec.fields:
        value = values.get(f.name)
        if f.ref and value:
            for target in value if isinstance(value, list) else [value]:
                if type_of(target) != f.ref:
                    return WAITING_REFERENCE
    return None
