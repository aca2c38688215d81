"""Travel mode: chosen cases left behind, safe in a backup, and brought back afterwards.

``travel_on`` gathers what belongs to the chosen cases (``vault.scope``: their people and
lawyers, letters, hearings, parcels, payments, events, tasks, and the facilities only they
use), writes a fresh backup of the whole vault into the backup folder (named apart from
the scheduled ones, so the schedule's rotation never deletes it), and only then removes
them from this vault: typed rows, registry, search index (merged so no old segment keeps a
word), history (their change-log writes and signed batches), attached files, held writes
and drafts — with ``secure_delete`` on, then VACUUM and a truncated WAL. It writes no
tombstone: nothing it removes is ever sent to a contact as a deletion.

``travel_off`` opens that backup (with the passphrase current when it was made) in a hidden
staging folder, reads the travelled records, their history and their files, crypto-erases
the staging copy, and puts them back. Writes that came in meanwhile for the same records
(a contact's bundle) are kept beside them and merged as any import would.

What stays: the list of travelled ids and the backup's path, in this vault's encrypted
local settings (ids are random and say nothing of a case).
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from casefile.domain.errors import CasefileError
from casefile.domain.records import SPECS
from casefile.i18n import _
from casefile.services import backups, drafts
from casefile.services.session import Session
from casefile.vault import search
from casefile.vault.backup import restore_backup
from casefile.vault.merge import TYPE_ORDER, materialize
from casefile.vault.peers import Peer
from casefile.vault.records import RecordStore
from casefile.vault.scope import scope_ids
from casefile.vault.vault import Vault, destroy_folder

SETTING = "travel"
PREFIX = "casefile-travel-"
SUFFIX = ".cfbackup"


def travelling(session: Session) -> dict[str, Any] | None:
    """``{"backup": path, "ids": [...], "since": iso}`` while travelling, else None."""
    raw = session.vault.local_setting(SETTING)
    return json.loads(raw) if raw else None


def _placeholders(ids: list[str] | set[str]) -> tuple[str, tuple[str, ...]]:
    ordered = tuple(sorted(ids))
    return ",".join("?" * len(ordered)) or "NULL", ordered


def left_behind(store: RecordStore, case_ids: list[str]) -> set[str]:
    """The chosen cases and what belongs only to them: a record a staying one refers to
    (a facility, a person in another case too) stays."""
    for case_id in case_ids:
        if store.type_of(case_id) != "case":
            raise CasefileError(_("no case with id {0}").format(case_id))
    peer = Peer("", "", "", "", False, tuple(case_ids))
    ids = set(scope_ids(store, peer))
    while True:
        keep = {i for i in ids if _referred_from_outside(store, i, ids)}
        if not keep:
            return ids
        ids -= keep


def _referred_from_outside(store: RecordStore, record_id: str, ids: set[str]) -> bool:
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


def travel_on(session: Session, case_ids: list[str]) -> dict[str, Any]:
    """Back up, then remove the chosen cases from this device. Returns the travel state."""
    if travelling(session) is not None:
        raise CasefileError(_("already travelling: run `travel off` first"))
    policy = backups.policy(session)
    if policy is None:
        raise CasefileError(_("choose a backup folder first (Vault security…, or "
                              "`casefile backup --schedule FOLDER`): travel mode keeps the "
                              "cases there"))
    folder = Path(policy.folder)
    if not folder.is_dir():
        raise CasefileError(_("the backup folder {0} is not there (is the USB stick in?)")
                            .format(folder))
    store = session.vault.records
    ids = left_behind(store, case_ids)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{PREFIX}{stamp}-{secrets.token_hex(3)}{SUFFIX}"
    session.backup(target)
    state = {"backup": str(target), "ids": sorted(ids),
             "since": datetime.now(UTC).isoformat()}
    db = session.vault.db
    with db.transaction():
        _remove(store, ids)
        kept = [d for d in drafts.stored(session) if d.record_id not in ids]
        drafts.keep(session, kept)
        session.vault.set_local_setting(SETTING, json.dumps(state))
    _compact(session)
    return state


def _remove(store: RecordStore, ids: set[str]) -> None:
    marks, params = _placeholders(ids)
    db = store.db
    rows = db.execute(f"SELECT n, id, type FROM record WHERE id IN ({marks})", params).fetchall()
    for n, _id, _type in rows:
        search.unindex(db.conn, n)
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


def _compact(session: Session) -> None:
    """Old words out of the full-text index's segments, freed pages out of the file."""
    conn = session.vault.db.conn
    conn.execute("INSERT INTO search(search) VALUES ('optimize')")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _rows(vault: Vault, table: str, column: str, ids: set[str]) -> list[dict[str, Any]]:
    marks, params = _placeholders(ids)
    cursor = vault.db.execute(f"SELECT * FROM {table} WHERE {column} IN ({marks})", params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def travel_off(session: Session, passphrase: str) -> int:
    """Bring the travelled cases back from their backup; returns how many records."""
    state = travelling(session)
    if state is None:
        raise CasefileError(_("not travelling"))
    ids = set(state["ids"])
    found: dict[str, list[dict[str, Any]]] = {}

    def collect(vault: Vault) -> None:
        found["record"] = _rows(vault, "record", "id", ids)
        for spec in SPECS.values():
            found[spec.table] = _rows(vault, spec.table, "id", ids)
        found["change"] = _rows(vault, "change", "record_id", ids)
        found["attachment"] = _rows(vault, "attachment", "record_id", ids)

    source = Path(state["backup"])
    staging = session.folder.with_name(f".{session.folder.name}.travel-{secrets.token_hex(4)}")
    try:
        restore_backup(source, staging, passphrase, collect)
    finally:
        if staging.exists():
            destroy_folder(staging)
    store = session.vault.records
    db = session.vault.db
    with db.transaction():
        _insert(db, "record", [r for r in found["record"]
                               if store.type_of(r["id"]) is None], drop=("n",))
        for record_type in sorted(SPECS, key=TYPE_ORDER.__getitem__):
            _insert(db, SPECS[record_type].table, found[SPECS[record_type].table])
        _insert(db, "change", found["change"], ignore=True)
        _insert(db, "attachment", found["attachment"], ignore=True)
        for record in found["record"]:
            search.index_record(db.conn, store.get(record["type"], record["id"]))
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
        session.vault.set_local_setting(SETTING, None)
    return len(found["record"])


def _insert(db: Any, table: str, rows: list[dict[str, Any]], *, drop: tuple[str, ...] = (),
            ignore: bool = False) -> None:
    for row in rows:
        names = [k for k in row if k not in drop]
        verb = "INSERT OR IGNORE" if ignore else "INSERT OR REPLACE"
        db.execute(f"{verb} INTO {table} ({', '.join(chr(34) + n + chr(34) for n in names)}) "
                   f"VALUES ({', '.join('?' * len(names))})", [row[n] for n in names])
