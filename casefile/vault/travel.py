"""Travel mode's storage: which records belong to chosen cases, removing them from this
device without a trace (no tombstone, so contacts delete nothing), compacting the file, and
putting the same rows back from a backup — or, after a contact's bundle brought them back,
the few facts of this device a bundle does not carry (record times, a file's own status).
The policy (which cases, the backup first, the travel state) is services/safety/travel.py's.

Sets of ids reach SQL as one JSON parameter (``IN (SELECT value FROM json_each(?))``), so a
case with more records than SQLite allows parameters still travels.
"""

from __future__ import annotations

import json
from typing import Any

from casefile.domain.records import SPECS
from casefile.vault import searchindex
from casefile.vault.db import Database
from casefile.vault.merge import materialize
from casefile.vault.mergerules import TYPE_ORDER
from casefile.vault.records import RecordStore
from casefile.vault.schema import quote
from casefile.vault.vault import Vault

IN_IDS = "(SELECT value FROM json_each(?))"


def _ids(ids: set[str] | list[str]) -> str:
    return json.dumps(sorted(ids))


def _column(db: Database, sql: str, *params: Any) -> set[str]:
    return {row[0] for row in db.execute(sql, params) if row[0] is not None}


def belonging(store: RecordStore, case_ids: list[str]) -> set[str]:
    """The cases and what belongs to them, by the relations a share follows (vault/scope.py):
    their people and lawyers, the people's facilities, the letters and parcels of those
    people (and the parcels' facilities), the hearings of the cases, and the events, tasks
    and payments of either. Unlike a share, local-only records go too, and nothing is left
    out for referring to a record that stays."""
    db = store.db
    cases = _column(db, f"SELECT id FROM r_case WHERE id IN {IN_IDS}", _ids(case_ids))
    people: set[str] = set()
    lawyers: set[str] = set()
    for person_ids, lawyer_ids in db.execute(
            f"SELECT person_ids, lawyer_ids FROM r_case WHERE id IN {IN_IDS}", (_ids(cases),)):
        people.update(json.loads(person_ids or "[]"))
        lawyers.update(json.loads(lawyer_ids or "[]"))
    found = cases | people | lawyers
    of_people, of_cases = _ids(people), _ids(cases)
    found |= _column(db, f"SELECT facility_id FROM r_person WHERE id IN {IN_IDS}", of_people)
    for table in ("r_letter", "r_parcel"):
        found |= _column(db, f"SELECT id FROM {table} WHERE person_id IN {IN_IDS}", of_people)
    found |= _column(db, f"SELECT facility_id FROM r_parcel WHERE person_id IN {IN_IDS}",
                     of_people)
    found |= _column(db, f"SELECT id FROM r_hearing WHERE case_id IN {IN_IDS}", of_cases)
    for table in ("r_event", "r_task", "r_payment"):
        found |= _column(db, f"SELECT id FROM {table} WHERE case_id IN {IN_IDS} "
                             f"OR person_id IN {IN_IDS}", of_cases, of_people)
    return found & _column(db, f"SELECT id FROM record WHERE id IN {IN_IDS}", _ids(found))


def referred_from_outside(store: RecordStore, ids: set[str]) -> set[str]:
    """Those of ``ids`` that a record outside them refers to (one query per reference)."""
    found: set[str] = set()
    given = _ids(ids)
    for spec in SPECS.values():
        for f in spec.fields:
            if not f.ref:
                continue
            column = f"t.{quote(f.name)}"
            if f.is_list:
                sql = (f"SELECT j.value FROM {spec.table} t, json_each({column}) j "
                       f"WHERE t.id NOT IN {IN_IDS} AND j.value IN {IN_IDS}")
            else:
                sql = (f"SELECT {column} FROM {spec.table} t "
                       f"WHERE t.id NOT IN {IN_IDS} AND {column} IN {IN_IDS}")
            found |= _column(store.db, sql, given, given)
    return found


def counts(store: RecordStore, ids: set[str]) -> tuple[dict[str, int], int]:
    """How many records of each type ``ids`` are, and how many files they have."""
    db = store.db
    by_type = dict(db.execute(
        f"SELECT type, count(*) FROM record WHERE id IN {IN_IDS} GROUP BY type", (_ids(ids),)))
    files = db.execute(f"SELECT count(*) FROM attachment WHERE record_id IN {IN_IDS}",
                       (_ids(ids),)).fetchone()[0]
    return by_type, int(files)


def local_facts(store: RecordStore, ids: set[str]) -> dict[str, Any]:
    """What a bundle does not carry back, kept while travelling: the records' writes (to
    tell that a bundle brought all of them), their times here, their files' ids, and whom
    each file was received from (none: attached here)."""
    db = store.db
    writes: dict[str, list[int]] = {}
    for origin, seq in db.execute(f"SELECT origin, seq FROM change WHERE record_id IN {IN_IDS} "
                                  "ORDER BY origin, seq", (_ids(ids),)):
        writes.setdefault(origin, []).append(seq)
    times = {i: [c, u] for i, c, u in db.execute(
        f"SELECT id, created_at, updated_at FROM record WHERE id IN {IN_IDS}", (_ids(ids),))}
    files = sorted(_column(db, f"SELECT id FROM attachment WHERE record_id IN {IN_IDS}",
                           _ids(ids)))
    return {"writes": writes, "times": times, "files": files,
            "sources": sorted(file_sources(store, files))}


def remove_without_trace(store: RecordStore, ids: set[str]) -> None:
    """Rows, index entries, history, files and held writes of ``ids``; no tombstone. The
    full-text index is merged in the same transaction, so no old segment keeps a word."""
    db = store.db
    given = _ids(ids)
    rows = db.execute(f"SELECT n, id, type FROM record WHERE id IN {IN_IDS}", (given,)).fetchall()
    for n, _id, _type in rows:
        searchindex.unindex(db.conn, n)
    db.execute(f"DELETE FROM peer_sent_file WHERE attachment_id IN (SELECT id FROM attachment "
               f"WHERE record_id IN {IN_IDS})", (given,))
    db.execute(f"DELETE FROM attachment WHERE record_id IN {IN_IDS}", (given,))
    for _n, record_id, record_type in sorted(rows, key=lambda r: -TYPE_ORDER[r[2]]):
        db.execute(f"DELETE FROM {SPECS[record_type].table} WHERE id = ?", (record_id,))
    for table, column in (("record", "id"), ("change", "record_id"), ("tombstone", "id")):
        db.execute(f"DELETE FROM {table} WHERE {column} IN {IN_IDS}", (given,))
    for origin, seq, write in db.execute("SELECT origin, seq, write FROM held_write").fetchall():
        if json.loads(write).get("record_id") in ids:
            db.execute("DELETE FROM held_write WHERE origin = ? AND seq = ?", (origin, seq))
    db.execute("INSERT INTO search(search) VALUES ('optimize')")


def compact(db: Database) -> None:
    """Freed pages out of the file, and the write-ahead log emptied."""
    conn = db.conn
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def rows_of(vault: Vault, table: str, column: str, ids: set[str]) -> list[dict[str, Any]]:
    """The stored columns of those rows (not generated ones, which cannot be inserted)."""
    names = [name for _cid, name, *_rest, hidden in
             vault.db.execute(f"PRAGMA table_xinfo({table})") if hidden == 0]
    cursor = vault.db.execute(f"SELECT {', '.join(quote(n) for n in names)} FROM {table} "
                              f"WHERE {column} IN {IN_IDS}", (_ids(ids),))
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
    newer = db.execute(f"SELECT DISTINCT record_id, record_type FROM change WHERE "
                       f"record_id IN {IN_IDS}", (_ids(ids),)).fetchall()
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
        db.execute(f"{verb} INTO {table} ({', '.join(quote(n) for n in names)}) "
                   f"VALUES ({', '.join('?' * len(names))})", [row[n] for n in names])


# -- after a contact's bundle ------------------------------------------------------------------

def missing_writes(store: RecordStore, writes: dict[str, list[int]]) -> int:
    """How many of these writes (origin -> seqs) this vault does not hold."""
    held: dict[str, set[int]] = {}
    for origin, seqs in writes.items():
        held[origin] = {s for (s,) in store.db.execute(
            f"SELECT seq FROM change WHERE origin = ? AND seq IN {IN_IDS}",
            (origin, json.dumps(seqs)))}
    return sum(len(set(seqs) - held[origin]) for origin, seqs in writes.items())


def missing_files(store: RecordStore, file_ids: list[str]) -> int:
    """How many of these files this vault neither holds nor knows as deleted."""
    given = json.dumps(file_ids)
    present = _column(store.db, f"SELECT id FROM attachment WHERE id IN {IN_IDS} UNION "
                                f"SELECT id FROM file_tombstone WHERE id IN {IN_IDS}",
                      given, given)
    return len(set(file_ids) - present)


def file_sources(store: RecordStore, file_ids: list[str]) -> set[tuple[str, str]]:
    """(file, contact) for each contact these files were received from."""
    return {(a, p) for a, p in store.db.execute(
        f"SELECT attachment_id, peer FROM file_source WHERE attachment_id IN {IN_IDS}",
        (json.dumps(file_ids),))}


def restore_local_facts(store: RecordStore, facts: dict[str, Any],
                        sources: set[tuple[str, str]]) -> None:
    """After a bundle brought the records back: their times as they were here (the time of
    the last change only if nothing changed meanwhile), and their files received from
    whom they were before (``sources``) — a file attached here stays one no contact can
    delete."""
    db = store.db
    known = {(o, s) for o, seqs in facts["writes"].items() for s in seqs}
    for record_id, (created, updated) in facts["times"].items():
        tags = {(o, s) for o, s in db.execute(
            "SELECT origin, seq FROM change WHERE record_id = ?", (record_id,))}
        if tags <= known:
            db.execute("UPDATE record SET created_at = ?, updated_at = ? WHERE id = ?",
                       (created, updated, record_id))
        else:
            db.execute("UPDATE record SET created_at = ? WHERE id = ?", (created, record_id))
    for attachment_id, peer in file_sources(store, facts["files"]) - sources:
        db.execute("DELETE FROM file_source WHERE attachment_id = ? AND peer = ?",
                   (attachment_id, peer))
