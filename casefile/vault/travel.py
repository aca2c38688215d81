"""Travel mode's storage: records removed from this device without a trace (no tombstone,
so contacts delete nothing), the file compacted, and the same rows put back from a backup.
The policy (which cases, the backup first, the travel state) is services/safety/travel.py's."""

from __future__ import annotations

import json
from typing import Any

from casefile.domain.records import SPECS
from casefile.vault import searchindex
from casefile.vault.db import Database
from casefile.vault.merge import materialize
from casefile.vault.mergerules import TYPE_ORDER
from casefile.vault.records import RecordStore
from casefile.vault.vault import Vault


def _placeholders(ids: list[str] | set[str]) -> tuple[str, tuple[str, ...]]:
    ordered = tuple(sorted(ids))
    return ",".join("?" * len(ordered)) or "NULL", ordered


def referred_from_outside(store: RecordStore, record_id: str, ids: set[str]) -> bool:
    record_type = store.type_of(record_id)
    if record_type is None:
        return False
    for other in SPECS.values():
        for f in other.fields:
            if f.ref != record_type:
                continue
            marks, params = _placeholders(ids)
            column = f'"{f.name}"'
            if f.is_list:
                sql = (f"SELECT 1 FROM {other.table} t WHERE t.id NOT IN ({marks}) AND EXISTS "
                       f"(SELECT 1 FROM json_each(t.{column}) WHERE json_each.value = ?)")
            else:
                sql = f"SELECT 1 FROM {other.table} WHERE id NOT IN ({marks}) AND {column} = ?"
            if store.db.execute(sql, (*params, record_id)).fetchone():
                return True
    return False


def remove_without_trace(store: RecordStore, ids: set[str]) -> None:
    marks, params = _placeholders(ids)
    db = store.db
    rows = db.execute(f"SELECT n, id, type FROM record WHERE id IN ({marks})", params).fetchall()
    for n, _id, _type in rows:
        searchindex.unindex(db.conn, n)
    db.execute(f"DELETE FROM peer_sent_file WHERE attachment_id IN (SELECT id FROM attachment "
               f"WHERE record_id IN ({marks}))", params)
    db.execute(f"DELETE FROM attachment WHERE record_id IN ({marks})", params)
    for _n, record_id, record_type in sorted(rows, key=lambda r: -TYPE_ORDER[r[2]]):
        db.execute(f"DELETE FROM {SPECS[record_type].table} WHERE id = ?", (record_id,))
    db.execute(f"DELETE FROM record WHERE id IN ({marks})", params)
    db.execute(f"DELETE FROM change WHERE record_id IN ({marks})", params)
    db.execute(f"DELETE FROM tombstone WHERE id IN ({marks})", params)
    for origin, seq, write in db.execute("SELECT origin, seq, write FROM held_write").fetchall():
        if json.loads(write).get("record_id") in ids:
            db.execute("DELETE FROM held_write WHERE origin = ? AND seq = ?", (origin, seq))


def compact(db: Database) -> None:
    """Old words out of the full-text index's segments, freed pages out of the file."""
    conn = db.conn
    conn.execute("INSERT INTO search(search) VALUES ('optimize')")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def rows_of(vault: Vault, table: str, column: str, ids: set[str]) -> list[dict[str, Any]]:
    marks, params = _placeholders(ids)
    cursor = vault.db.execute(f"SELECT * FROM {table} WHERE {column} IN ({marks})", params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def put_back(store: RecordStore, found: dict[str, list[dict[str, Any]]], ids: set[str]) -> None:
    """Put the travelled records back (their rows, history and files as the backup held them),
    then merge the writes that came in meanwhile as an import would; in the caller's
    transaction."""
    db = store.db
    _insert(db, "record", [r for r in found["record"]
                           if store.type_of(r["id"]) is None], drop=("n",))
    for record_type in sorted(SPECS, key=TYPE_ORDER.__getitem__):
        _insert(db, SPECS[record_type].table, found[SPECS[record_type].table])
    _insert(db, "change", found["change"], ignore=True)
    _insert(db, "attachment", found["attachment"], ignore=True)
    for record in found["record"]:
        searchindex.index_record(db.conn, store.get(record["type"], record["id"]))
    # Writes that came in meanwhile for these records: merged as an import would.
    marks, params = _placeholders(ids)
    newer = db.execute(f"SELECT DISTINCT record_id, record_type FROM change WHERE "
                       f"record_id IN ({marks})", params).fetchall()
    backed = {(c["origin"], c["seq"]) for c in found["change"]}
    for record_id, record_type in newer:
        extra = db.execute("SELECT origin, seq FROM change WHERE record_id = ?",
                           (record_id,)).fetchall()
        if any((o, s) not in backed for o, s in extra):
            materialize(store, record_id, record_type)


def _insert(db: Any, table: str, rows: list[dict[str, Any]], *, drop: tuple[str, ...] = (),
            ignore: bool = False) -> None:
    for row in rows:
        names = [k for k in row if k not in drop]
        verb = "INSERT OR IGNORE" if ignore else "INSERT OR REPLACE"
        db.execute(f"{verb} INTO {table} ({', '.join(chr(34) + n + chr(34) for n in names)}) "
                   f"VALUES ({', '.join('?' * len(names))})", [row[n] for n in names])
