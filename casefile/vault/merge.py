"""Apply writes from other vaults: each field is a multi-value register.

A record's state is a function of the *set* of writes known for it, never of their order:

- a value survives unless some known write lists its tag among the values it replaced;
- one survivor is the field's value; several are a conflict, and the one with the newest
  (hlc, origin) is shown meanwhile, so every replica that saw the same writes shows the same;
- a delete writes the ``_deleted`` register and replaces every value its writer had seen. If
  only the delete survives, the record is gone; if edits it had not seen survive too, or other
  records still refer to it, the record stays and the delete is a conflict to resolve.

Because the state is recomputed from the set, duplicated, reordered and late writes converge.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from casefile.domain.records import SPECS
from casefile.domain.validate import parcel_total_weight
from casefile.vault import search
from casefile.vault.records import DELETED, RecordStore, _encode, now_iso
from casefile.vault.schema import quote

WRITE_KEYS = ("origin", "seq", "hlc", "record_id", "record_type", "op", "fields", "replaces")


@dataclass
class ApplyReport:
    added: int = 0
    changed: int = 0
    deleted: int = 0
    duplicates: int = 0
    conflicts: int = 0
    records: set[str] = field(default_factory=set)
    outcomes: dict[str, str] = field(default_factory=dict)  # record id -> what materialize did


def known(store: RecordStore, origin: str, seq: int) -> bool:
    return store.db.execute("SELECT 1 FROM change WHERE origin = ? AND seq = ?",
                            (origin, seq)).fetchone() is not None


def apply_writes(store: RecordStore, writes: Iterable[dict[str, Any]]) -> ApplyReport:
    """Store new writes and recompute the records they touch, in the caller's transaction.

    Writes must already be verified (signature, origin) and validated by the caller.
    """
    report = ApplyReport()
    touched: dict[str, str] = {}
    for w in writes:
        if known(store, w["origin"], w["seq"]):
            report.duplicates += 1
            continue
        store.db.execute(
            "INSERT INTO change(origin, seq, hlc, record_id, record_type, op, fields, replaces) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (w["origin"], w["seq"], w["hlc"], w["record_id"], w["record_type"], w["op"],
             json.dumps(w["fields"], ensure_ascii=False, sort_keys=True),
             json.dumps(w["replaces"], sort_keys=True)))
        store.clock.observe(w["hlc"])
        touched[w["record_id"]] = w["record_type"]
    # Records still waiting for a write they need (a required value, a referenced record) may
    # be completed by this batch too.
    for record_id, record_type in store.db.execute(
            "SELECT DISTINCT record_id, record_type FROM change WHERE record_id NOT IN "
            "(SELECT id FROM record) AND record_id NOT IN (SELECT id FROM tombstone)"):
        touched.setdefault(record_id, record_type)
    # Referenced types first, so a letter's person exists before the letter does.
    order = list(SPECS)
    for record_id, record_type in sorted(touched.items(), key=lambda kv: order.index(kv[1])):
        outcome = materialize(store, record_id, record_type)
        report.records.add(record_id)
        report.outcomes[record_id] = outcome
        if outcome == "added":
            report.added += 1
        elif outcome == "deleted":
            report.deleted += 1
        elif outcome == "changed":
            report.changed += 1
        report.conflicts += len(conflicts_of(store, record_id))
    return report


def registers(store: RecordStore, record_id: str) -> dict[str, list[tuple[str, str, int, Any]]]:
    """Per field, the surviving (hlc, origin, seq, value), newest first."""
    rows = store.db.execute(
        "SELECT origin, seq, hlc, fields, replaces FROM change WHERE record_id = ?",
        (record_id,)).fetchall()
    dead: set[tuple[str, str, int]] = set()
    for _o, _s, _h, _f, replaces in rows:
        for name, tags in json.loads(replaces).items():
            dead.update((name, o, int(s)) for o, s in tags)
    alive: dict[str, list[tuple[str, str, int, Any]]] = {}
    for origin, seq, hlc, fields, _r in rows:
        for name, value in json.loads(fields).items():
            if (name, origin, seq) not in dead:
                alive.setdefault(name, []).append((hlc, origin, seq, value))
    for survivors in alive.values():
        survivors.sort(reverse=True)
    return alive


def is_deleted(alive: dict[str, list[tuple[str, str, int, Any]]]) -> bool:
    """A surviving delete (``_deleted`` true), whether or not edits survive beside it."""
    return any(v is True for _h, _o, _s, v in alive.get(DELETED, []))


def conflicts_of(store: RecordStore, record_id: str) -> list[str]:
    """The fields with more than one surviving value; ``_deleted`` if a delete met edits."""
    alive = registers(store, record_id)
    names = {name for name, survivors in alive.items() if len(survivors) > 1}
    if is_deleted(alive) and any(n != DELETED for n in alive):
        names.add(DELETED)
    return sorted(names)


def materialize(store: RecordStore, record_id: str, record_type: str) -> str:
    """Make the typed tables show what the record's known writes say; returns what happened."""
    spec = SPECS[record_type]
    alive = registers(store, record_id)
    exists = store.type_of(record_id) is not None
    others = [n for n in alive if n != DELETED]
    if is_deleted(alive) and not others and not (exists and store.referrers(record_type,
                                                                           record_id)):
        if exists:
            n = store.db.execute("SELECT n FROM record WHERE id = ?", (record_id,)).fetchone()[0]
            search.unindex(store.db.conn, n)
            store.db.execute("DELETE FROM attachment WHERE record_id = ?", (record_id,))
            store.db.execute(f"DELETE FROM {spec.table} WHERE id = ?", (record_id,))
            store.db.execute("DELETE FROM record WHERE id = ?", (record_id,))
        _hlc, origin, seq, _v = alive[DELETED][0]
        store.db.execute("INSERT OR REPLACE INTO tombstone(id, type, deleted_at, origin, seq) "
                         "VALUES (?, ?, ?, ?, ?)", (record_id, record_type, now_iso(), origin, seq))
        return "deleted" if exists else "unchanged"
    if not others:
        return "unchanged"
    values = {f.name: alive[f.name][0][3] if f.name in alive else ([] if f.is_list else None)
              for f in spec.fields}
    if not exists and not _complete(store, spec, values):
        return "pending"  # materialized once the writes it lacks arrive
    if spec.type == "parcel":
        values["total_weight_g"] = parcel_total_weight(values.get("items"))
    local_only = bool(alive["local_only"][0][3]) if "local_only" in alive else False
    tags = {name: [[o, s, h] for h, o, s, _v in survivors] for name, survivors in alive.items()}
    encoded = [_encode(f, values[f.name]) for f in spec.fields]
    stamp = now_iso()
    if exists:
        sets = ", ".join(f"{quote(f.name)} = ?" for f in spec.fields)
        store.db.execute(f"UPDATE {spec.table} SET {sets} WHERE id = ?", (*encoded, record_id))
        store.db.execute("UPDATE record SET updated_at = ?, tags = ?, local_only = ? "
                         "WHERE id = ?", (stamp, json.dumps(tags), int(local_only), record_id))
    else:
        store.db.execute("DELETE FROM tombstone WHERE id = ?", (record_id,))
        store.db.execute("INSERT INTO record(id, type, created_at, updated_at, local_only, tags) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
                         (record_id, record_type, stamp, stamp, int(local_only),
                          json.dumps(tags)))
        names = ["id", *(f.name for f in spec.fields)]
        store.db.execute(f"INSERT INTO {spec.table} ({', '.join(map(quote, names))}) "
                         f"VALUES ({', '.join('?' * len(names))})", (record_id, *encoded))
    search.index_record(store.db.conn, store.get(record_type, record_id))
    return "changed" if exists else "added"


def _complete(store: RecordStore, spec: Any, values: dict[str, Any]) -> bool:
    """Every required value present and every referenced record here."""
    for f in spec.fields:
        value = values.get(f.name)
        if f.required and value in (None, "", []):
            return False
        if f.ref and value:
            for target in value if isinstance(value, list) else [value]:
                if store.type_of(target) != f.ref:
                    return False
    return True


FUTURE_MS = 24 * 3600 * 1000  # writes dated more than a day ahead are held back


def hold_future(store: RecordStore, writes: list[dict[str, Any]],
                signatures: dict[tuple[str, int], str | None]) -> list[dict[str, Any]]:
    """Keep writes dated more than a day ahead aside; return the rest, plus any held write
    whose time has now come (so they are applied with this batch)."""
    limit = store.clock.wall_ms() + FUTURE_MS
    ready = []
    for w in writes:
        if int(w["hlc"][:13]) > limit and not known(store, w["origin"], w["seq"]):
            store.db.execute(
                "INSERT OR IGNORE INTO held_write(origin, seq, hlc, write, signature, held_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (w["origin"], w["seq"], w["hlc"], json.dumps(w, ensure_ascii=False),
                 signatures.get((w["origin"], w["seq"])), now_iso()))
        else:
            ready.append(w)
    for origin, seq, write, signature in store.db.execute(
            "SELECT origin, seq, write, signature FROM held_write WHERE hlc <= ?",
            (f"{limit:013d}.999999",)).fetchall():
        ready.append(json.loads(write))
        signatures.setdefault((origin, seq), signature)
        store.db.execute("DELETE FROM held_write WHERE origin = ? AND seq = ?", (origin, seq))
    return ready


def held_count(store: RecordStore) -> int:
    return int(store.db.execute("SELECT count(*) FROM held_write").fetchone()[0])


def writes_after(store: RecordStore, vector: dict[str, int]) -> list[dict[str, Any]]:
    """Every known write a peer with this version vector has not seen, oldest first."""
    rows = store.db.execute(
        f"SELECT {', '.join(WRITE_KEYS)} FROM change ORDER BY hlc, origin, seq").fetchall()
    out = []
    for row in rows:
        w = dict(zip(WRITE_KEYS, row, strict=True))
        if w["seq"] > vector.get(w["origin"], 0):
            w["fields"], w["replaces"] = json.loads(w["fields"]), json.loads(w["replaces"])
            out.append(w)
    return out


def version_vector(store: RecordStore) -> dict[str, int]:
    """The highest contiguous sequence number known per origin (0 if its first is missing).

    Found in SQL, through the (origin, seq) key: the lowest seq without a successor, when
    the origin's writes start at 1. Reading every tag into Python took most of a second at
    100,000 writes.
    """
    first = dict(store.db.execute("SELECT origin, min(seq) FROM change GROUP BY origin"))
    ends = store.db.execute(
        "SELECT origin, min(seq) FROM change c WHERE NOT EXISTS (SELECT 1 FROM change d "
        "WHERE d.origin = c.origin AND d.seq = c.seq + 1) GROUP BY origin")
    return {origin: int(end) if first[origin] == 1 else 0 for origin, end in ends}


def resolve(store: RecordStore, record_type: str, record_id: str, name: str,
            value: Any) -> dict[str, Any]:
    """A person's choice: one write that replaces every surviving value of the field."""
    if name == DELETED:
        if value:
            store.delete(record_type, record_id)
            return {}
        tags = json.loads(store.db.execute("SELECT tags FROM record WHERE id = ?",
                                           (record_id,)).fetchone()[0])
        store._log(record_id, record_type, "put", {DELETED: False}, tags)
        return materialize_and_get(store, record_type, record_id)
    return store.edit(record_type, record_id, {name: value}, force=True)


def materialize_and_get(store: RecordStore, record_type: str, record_id: str) -> dict[str, Any]:
    materialize(store, record_id, record_type)
    return store.get(record_type, record_id)


__all__ = ["ApplyReport", "apply_writes", "conflicts_of", "materialize", "registers",
           "resolve", "version_vector", "writes_after"]
