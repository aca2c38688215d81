"""Deleted records as the trash reads them, and the write that brings one back.

A delete blanks the content of the record's earlier writes (RecordStore.delete). So that it
can be undone for a while, the record's values just before are kept first (``keep``), in the
vault's encrypted meta table under ``local:trash:<id>``: on this device only, never in a
bundle, removed when the record comes back, when the person deletes it for good, or
``KEEP_DAYS`` after the deletion (``purge``). A record a contact deleted has no such copy:
only the deleting vault blanks its log, so its values are read from the change log here.

Restoring is a new write of every value that replaces the delete's ``_deleted`` register, so
by the merge rules (casefile/vault/mergerules.py) it wins over the tombstone wherever both
are known, and travels to contacts as any write does. Files attached to the record are not
kept: the delete overwrote their bytes, so nothing here brings them back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from casefile.domain.records import SPECS
from casefile.domain.trashdays import KEEP_DAYS
from casefile.vault import merge
from casefile.vault.clock import parse_hlc
from casefile.vault.mergerules import registers_of, shown_values
from casefile.vault.records import DELETED, RecordStore
from casefile.vault.rows import new_fields

DAY_MS = 24 * 3600 * 1000
KEY = "local:trash:"


@dataclass(frozen=True)
class Deletion:
    """A tombstone and the delete write that made it."""

    id: str
    type: str
    deleted_ms: int  # the delete write's time (its hybrid clock's wall part)
    origin: str  # the vault that deleted it


def keep(store: RecordStore, record_type: str, record_id: str) -> None:
    """Keep the record's values before deleting it (in the delete's transaction)."""
    record = store.get(record_type, record_id)
    files = store.db.execute("SELECT count(*) FROM attachment WHERE record_id = ?",
                             (record_id,)).fetchone()[0]
    store.db.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE "
                     "SET value = excluded.value", (KEY + record_id, json.dumps(
                         {"record": record, "files": int(files)}, ensure_ascii=False)))


def deletions(store: RecordStore) -> list[Deletion]:
    """Every deleted record whose delete write this vault holds, newest first."""
    rows = store.db.execute(
        "SELECT t.id, t.type, c.hlc, t.origin FROM tombstone t "
        "JOIN change c ON c.origin = t.origin AND c.seq = t.seq ORDER BY c.hlc DESC")
    return [Deletion(i, t, parse_hlc(h)[0], o) for i, t, h, o in rows]


def deletion(store: RecordStore, record_id: str) -> Deletion | None:
    row = store.db.execute(
        "SELECT t.id, t.type, c.hlc, t.origin FROM tombstone t "
        "JOIN change c ON c.origin = t.origin AND c.seq = t.seq WHERE t.id = ?",
        (record_id,)).fetchone()
    return Deletion(row[0], row[1], parse_hlc(row[2])[0], row[3]) if row else None


def last_values(store: RecordStore, gone: Deletion) -> tuple[dict[str, Any], int] | None:
    """The record's values just before it was deleted, and how many files it had (what
    the copy kept here says; 0 when read from the log); None if nothing is left of them."""
    raw = store.db.execute("SELECT value FROM meta WHERE key = ?",
                           (KEY + gone.id,)).fetchone()
    if raw is not None:
        kept = json.loads(raw[0])
        return dict(kept["record"]), int(kept["files"])
    alive = registers_of(store.db.execute(
        "SELECT origin, seq, hlc, fields, replaces FROM change "
        "WHERE record_id = ? AND op = 'put'", (gone.id,)).fetchall())
    alive.pop(DELETED, None)
    if not set(alive) - {"local_only"}:
        return None  # blanked: deleted here before the trash existed, or deleted for good
    spec = SPECS[gone.type]
    values = shown_values(spec, alive)
    local_only = bool(alive["local_only"][0][3]) if "local_only" in alive else False
    return {"id": gone.id, "type": gone.type, **values, "local_only": local_only}, 0


def bring_back(store: RecordStore, record_type: str, record_id: str,
               values: dict[str, Any]) -> dict[str, Any]:
    """One write of every value that replaces the surviving delete; the record shows again.

    Its references must name live records (check_refs says which does not)."""
    spec = SPECS[record_type]
    fields, local_only = new_fields(spec, values)
    with store.db.transaction():
        store.check_refs(spec, fields)
        alive = merge.registers(store, record_id)
        tags = {DELETED: [[o, s, h] for h, o, s, _v in alive.get(DELETED, [])]}
        store._log(record_id, record_type, "put",  # as merge.resolve writes
                   {**fields, "local_only": local_only, DELETED: False}, tags)
        record = merge.materialize_and_get(store, record_type, record_id)
        if values.get("created_at"):  # this vault's own column: when it was first made here
            store.db.execute("UPDATE record SET created_at = ? WHERE id = ?",
                             (values["created_at"], record_id))
            record["created_at"] = values["created_at"]
        store.db.execute("DELETE FROM meta WHERE key = ?", (KEY + record_id,))
    return record


def forget(store: RecordStore, record_id: str) -> None:
    """Delete for good: the kept copy goes, and the values a contact's deletion left in the
    log are blanked as a delete made here blanks them (the delete stays, and travels)."""
    with store.db.transaction():
        store.db.execute("DELETE FROM meta WHERE key = ?", (KEY + record_id,))
        if deletion(store, record_id) is not None:
            store.db.execute("UPDATE change SET fields = '{}', replaces = '{}', "
                             "signature = NULL WHERE record_id = ? AND op = 'put'",
                             (record_id,))


def purge(store: RecordStore, now_ms: int) -> int:
    """Remove the kept copies of deletions older than KEEP_DAYS, and of records shown again
    (brought back by a contact); how many went. Writes only when there is something to go."""
    stale = []
    for (key,) in store.db.execute("SELECT key FROM meta WHERE key LIKE ?",
                                   (KEY.replace("_", r"\_") + "%",)).fetchall():
        gone = deletion(store, key[len(KEY):])
        if gone is None or gone.deleted_ms < now_ms - KEEP_DAYS * DAY_MS:
            stale.append(key)
    if stale:
        with store.db.transaction():
            for key in stale:
                store.db.execute("DELETE FROM meta WHERE key = ?", (key,))
    return len(stale)
