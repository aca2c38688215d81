"""Applying writes from other vaults, in the caller's transaction, and what sync asks of the
change log: the writes a peer lacks, this vault's version vector, writes held until their time.

apply_writes() follows the rules of casefile.vault.mergerules (each field a multi-value
register; a record's state a function of the set of its writes), in batches
(casefile.vault.batchapply) or, as the reference that path is tested against, one record at
a time (here: materialize()). resolve() is a person's choice in a conflict.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from casefile.domain.records import SPECS
from casefile.vault import searchindex
from casefile.vault.batchapply import BatchApply
from casefile.vault.mergerules import (
    TYPE_ORDER,
    WAITING,
    ApplyReport,
    Registers,
    conflict_names,
    conflicting_type,
    is_deleted,
    missing_reason,
    refusal,
    registers_of,
    shown_values,
    tally,
    typed_row,
)
from casefile.vault.records import DELETED, RecordStore, now_iso
from casefile.vault.schema import quote

WRITE_KEYS = ("origin", "seq", "hlc", "record_id", "record_type", "op", "fields", "replaces")


def known(store: RecordStore, origin: str, seq: int) -> bool:
    return store.db.execute("SELECT 1 FROM change WHERE origin = ? AND seq = ?",
                            (origin, seq)).fetchone() is not None


def apply_writes(store: RecordStore, writes: Iterable[dict[str, Any]], *,
                 batched: bool = True) -> ApplyReport:
    """Store new writes and recompute the records they touch, in the caller's transaction.

    Writes must already be verified (signature, origin) and validated by the caller.
    ``batched`` (the default) reads and writes many records per statement (BatchApply);
    ``batched=False`` goes one record at a time, the reference the batched path is tested
    against (tests/vault/test_merge_batched.py).
    """
    if batched:
        return BatchApply(store).run(writes)
    report = ApplyReport()
    touched: dict[str, str] = {}
    for w in writes:
        if known(store, w["origin"], w["seq"]):
            report.duplicates += 1
            continue
        reason = conflicting_type(w, touched, lambda i: known_type(store, i))
        if reason is not None:
            report.refused.append(refusal(w, reason))
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
    # be completed by this batch too: their own table, so this costs what waits, not the log.
    for record_id, record_type in store.db.execute("SELECT id, type FROM waiting_record"):
        touched.setdefault(record_id, record_type)
    # Referenced types first, so a letter's person exists before the letter does; then again
    # for whatever still waits, while a pass makes progress: the outcome never depends on the
    # order the records were made or the writes arrived in.
    queue = sorted(touched.items(), key=lambda kv: (TYPE_ORDER[kv[1]], kv[0]))
    while queue:
        retry = []
        for record_id, record_type in queue:
            outcome = materialize(store, record_id, record_type)
            report.outcomes[record_id] = outcome
            if outcome in WAITING:
                retry.append((record_id, record_type))
        if len(retry) == len(queue):
            break
        queue = retry  # a deletion that waited for its referrers goes now they are gone
    tally(report, lambda record_id: len(conflicts_of(store, record_id)))
    return report


def known_type(store: RecordStore, record_id: str) -> str | None:
    """The type this vault knows an id as: shown, deleted, or waiting in the change log."""
    for sql in ("SELECT type FROM record WHERE id = ?", "SELECT type FROM tombstone WHERE id = ?",
                "SELECT record_type FROM change WHERE record_id = ? LIMIT 1"):
        row = store.db.execute(sql, (record_id,)).fetchone()
        if row:
            return str(row[0])
    return None


def registers(store: RecordStore, record_id: str) -> Registers:
    """Per field, the surviving (hlc, origin, seq, value), newest first."""
    return registers_of(store.db.execute(
        "SELECT origin, seq, hlc, fields, replaces FROM change WHERE record_id = ?",
        (record_id,)).fetchall())


def conflicts_of(store: RecordStore, record_id: str) -> list[str]:
    """The fields with more than one surviving value; ``_deleted`` if a delete met edits."""
    return conflict_names(registers(store, record_id))


def materialize(store: RecordStore, record_id: str, record_type: str) -> str:
    """Make the typed tables show what the record's known writes say; returns what happened.

    A new record that cannot show yet is kept in ``waiting_record`` until it can."""
    outcome = _materialize(store, record_id, record_type)
    gone = store.db.execute("SELECT 1 FROM tombstone WHERE id = ?", (record_id,)).fetchone()
    if store.type_of(record_id) is None and gone is None:
        store.db.execute("INSERT OR IGNORE INTO waiting_record(id, type) VALUES (?, ?)",
                         (record_id, record_type))
    else:
        store.db.execute("DELETE FROM waiting_record WHERE id = ?", (record_id,))
    return outcome


def _materialize(store: RecordStore, record_id: str, record_type: str) -> str:
    spec = SPECS[record_type]
    alive = registers(store, record_id)
    exists = store.type_of(record_id) is not None
    others = [n for n in alive if n != DELETED]
    referred = exists and is_deleted(alive) and not others and bool(
        store.referrers(record_type, record_id))
    if is_deleted(alive) and not others and not referred:
        if exists:
            n = store.db.execute("SELECT n FROM record WHERE id = ?", (record_id,)).fetchone()[0]
            searchindex.unindex(store.db.conn, n)
            store.db.execute("DELETE FROM attachment WHERE record_id = ?", (record_id,))
            store.db.execute(f"DELETE FROM {spec.table} WHERE id = ?", (record_id,))
            store.db.execute("DELETE FROM record WHERE id = ?", (record_id,))
        _hlc, origin, seq, _v = alive[DELETED][0]
        store.db.execute("INSERT OR REPLACE INTO tombstone(id, type, deleted_at, origin, seq) "
                         "VALUES (?, ?, ?, ?, ?)", (record_id, record_type, now_iso(), origin, seq))
        return "deleted" if exists else "unchanged"
    if referred:
        return "pending-referred"  # deleted once the records referring to it are gone
    if not others:
        return "unchanged"
    values = shown_values(spec, alive)
    missing = missing_reason(spec, values, store.type_of)
    if missing is not None:
        # Materialized once the writes it lacks arrive; a record already shown keeps what it
        # shows meanwhile (a reference to a record not here would break the typed tables).
        return f"pending-{missing}"
    local_only, tags, encoded = typed_row(spec, alive, values)
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
    searchindex.index_record(store.db.conn, store.get(record_type, record_id))
    return "changed" if exists else "added"


FUTURE_MS = 24 * 3600 * 1000  # writes dated more than a day ahead are held back


def hold_future(store: RecordStore, writes: list[dict[str, Any]],
                signatures: dict[tuple[str, int], str | None]
                ) -> tuple[list[dict[str, Any]], int]:
    """Keep writes dated more than a day ahead aside; return the rest, plus any held write
    whose time has now come (so they are applied with this batch), and how many of
    ``writes`` were held."""
    limit = store.clock.wall_ms() + FUTURE_MS
    ready = []
    held = 0
    for w in writes:
        if int(w["hlc"][:13]) > limit and not known(store, w["origin"], w["seq"]):
            store.db.execute(
                "INSERT OR IGNORE INTO held_write(origin, seq, hlc, write, signature, held_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (w["origin"], w["seq"], w["hlc"], json.dumps(w, ensure_ascii=False),
                 signatures.get((w["origin"], w["seq"])), now_iso()))
            held += 1
        else:
            ready.append(w)
    for origin, seq, write, signature in store.db.execute(
            "SELECT origin, seq, write, signature FROM held_write WHERE hlc <= ?",
            (f"{limit:013d}.999999",)).fetchall():
        ready.append(json.loads(write))
        signatures.setdefault((origin, seq), signature)
        store.db.execute("DELETE FROM held_write WHERE origin = ? AND seq = ?", (origin, seq))
    return ready, held


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

    Found in SQL, through the tags index (m0016; the key's own b-tree holds every write's
    fields): the lowest seq without a successor, when the origin's writes start at 1. Reading
    every tag into Python took most of a second at 100,000 writes.
    """
    first = dict(store.db.execute("SELECT origin, min(seq) FROM change GROUP BY origin"))
    ends = store.db.execute(
        "SELECT origin, min(seq) FROM change c WHERE NOT EXISTS (SELECT 1 FROM change d "
        "INDEXED BY change_tags WHERE d.origin = c.origin AND d.seq = c.seq + 1) "
        "GROUP BY origin")
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
