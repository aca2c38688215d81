"""Applying a bundle's writes in batches: merge.apply_writes()'s default path.

The rules are casefile.vault.mergerules', record for record and in the same order as the
record-at-a-time path in casefile.vault.merge (tests/vault/test_merge_batched.py compares
the vaults both make); only where their answers come from changes: many records are read
and written per statement (docs/adr/0003).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from casefile.domain.fields import RecordSpec
from casefile.domain.records import SPECS
from casefile.vault import searchindex
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
from casefile.vault.rows import INSERT_CHANGE, change_row, decode
from casefile.vault.schema import quote

LOOKUP_CHUNK = 500  # ids per "IN (...)" query, under SQLite's variable limit
INSERT_NUMBERED_RECORD = ("INSERT INTO record(n, id, type, created_at, updated_at, local_only, "
                          "tags) VALUES (?, ?, ?, ?, ?, ?, ?)")


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), LOOKUP_CHUNK):
        yield items[start:start + LOOKUP_CHUNK]


def _ref_targets(spec: RecordSpec, fields: dict[str, Any]) -> Iterable[str]:
    for f in spec.fields:
        value = fields.get(f.name)
        if f.ref and value:
            for target in value if isinstance(value, list) else [value]:
                if isinstance(target, str):
                    yield target


class BatchApply:
    """apply_writes() with the per-record statements gathered into a few per batch.

    The rules are merge.materialize()'s, record for record and in the same order (referenced
    types first, retried while a pass makes progress); only where their answers come from
    changes:

    - duplicates and the types ids are known as are looked up for the whole bundle at once,
      and its new writes go into the change log with one statement;
    - each touched record's registers are computed once from one read of its writes (the log
      does not change while records are materialized), and serve the conflict count too;
    - which records exist, their numbers and tombstones are kept in memory, so a record's
      rows and full-text entry are built there and written per table at the end of a pass.

    What needs the vault as it stands (referrers of a record being deleted, a deletion
    itself, the next record number after one) writes out what is pending first, so every
    query sees what the record-at-a-time path would have seen.
    """

    def __init__(self, store: RecordStore) -> None:
        self.store = store
        self.db = store.db
        self.types: dict[str, str | None] = {}  # id -> type of the live record, None: none
        self.numbers: dict[str, int] = {}  # id -> record.n of live records looked up
        self.gone: set[str] = set()  # ids with a tombstone (among those looked up)
        self.max_n: int | None = None  # the largest record.n, None: read it again
        self.alive: dict[str, Registers] = {}
        self._pending: dict[str, list[tuple[Any, ...]]] = {}

    # -- storing the writes ------------------------------------------------------------------

    def run(self, writes: Iterable[dict[str, Any]]) -> ApplyReport:
        writes = list(writes)
        report = ApplyReport()
        have = self._known_tags(writes)
        known_types = self._known_types(writes)
        touched: dict[str, str] = {}
        rows: list[tuple[Any, ...]] = []
        newest: str | None = None
        for w in writes:
            tag = (w["origin"], w["seq"])
            if tag in have:
                report.duplicates += 1
                continue
            reason = conflicting_type(w, touched, known_types.get)
            if reason is not None:
                report.refused.append(refusal(w, reason))
                continue
            rows.append(change_row((w["origin"], w["seq"], w["hlc"]), w["record_id"],
                                   w["record_type"], w["op"], fields=w["fields"],
                                   replaces=w["replaces"]))
            have.add(tag)
            if newest is None or w["hlc"] > newest:
                newest = w["hlc"]
            touched[w["record_id"]] = w["record_type"]
        self.db.conn.executemany(INSERT_CHANGE, rows)
        if newest is not None:  # observing each write in turn ends at the newest
            self.store.clock.observe(newest)
        for record_id, record_type in self.db.execute("SELECT id, type FROM waiting_record"):
            touched.setdefault(record_id, record_type)
        self._read(touched)
        queue = sorted(touched.items(), key=lambda kv: (TYPE_ORDER[kv[1]], kv[0]))
        while queue:
            retry = []
            for record_id, record_type in queue:
                outcome = self.materialize(record_id, record_type)
                report.outcomes[record_id] = outcome
                if outcome in WAITING:
                    retry.append((record_id, record_type))
            self.flush()
            if len(retry) == len(queue):
                break
            queue = retry
        tally(report, lambda record_id: len(conflict_names(self.alive[record_id])))
        return report

    def _known_tags(self, writes: list[dict[str, Any]]) -> set[tuple[str, int]]:
        """The (origin, seq) of these writes the change log holds already."""
        by_origin: dict[str, list[int]] = {}
        for w in writes:
            by_origin.setdefault(w["origin"], []).append(w["seq"])
        have: set[tuple[str, int]] = set()
        for origin, seqs in by_origin.items():
            for chunk in _chunks(sorted(set(seqs))):
                marks = ",".join("?" * len(chunk))
                have.update(self.db.execute(
                    f"SELECT origin, seq FROM change WHERE origin = ? AND seq IN ({marks})",
                    (origin, *chunk)).fetchall())
        return have

    def _known_types(self, writes: list[dict[str, Any]]) -> dict[str, str | None]:
        """merge.known_type() of every id the writes name (their records and the ones
        referred to)."""
        ids: set[str] = set()
        for w in writes:
            ids.add(w["record_id"])
            spec = SPECS.get(w["record_type"])
            if spec is not None:
                ids.update(_ref_targets(spec, w["fields"]))
        found: dict[str, str | None] = {}
        wanted = sorted(ids)
        for sql in ("SELECT id, type FROM record WHERE id IN ({})",
                    "SELECT id, type FROM tombstone WHERE id IN ({})",
                    "SELECT record_id, record_type FROM change WHERE record_id IN ({}) "
                    "GROUP BY record_id"):
            for chunk in _chunks(wanted):
                for record_id, record_type in self.db.execute(
                        sql.format(",".join("?" * len(chunk))), chunk):
                    found.setdefault(record_id, str(record_type))
            wanted = [i for i in wanted if i not in found]
        return found

    # -- what the records are ----------------------------------------------------------------

    def _read(self, touched: dict[str, str]) -> None:
        """Every touched record's writes, once, and the records and tombstones it needs."""
        ids = sorted(touched)
        rows: dict[str, list[tuple[Any, ...]]] = {i: [] for i in ids}
        for chunk in _chunks(ids):
            for record_id, *row in self.db.execute(
                    "SELECT record_id, origin, seq, hlc, fields, replaces FROM change "
                    f"WHERE record_id IN ({','.join('?' * len(chunk))})", chunk):
                rows[record_id].append(row)
        targets: set[str] = set(ids)
        for record_id, record_rows in rows.items():
            alive = self.alive[record_id] = registers_of(record_rows)
            spec = SPECS[touched[record_id]]
            for f in spec.fields:
                if f.ref and f.name in alive:
                    for survivor in alive[f.name]:
                        value = survivor[3]
                        targets.update(t for t in (value if isinstance(value, list) else [value])
                                       if isinstance(t, str))
        self._look_up(sorted(targets))
        for chunk in _chunks(ids):
            self.gone.update(r[0] for r in self.db.execute(
                f"SELECT id FROM tombstone WHERE id IN ({','.join('?' * len(chunk))})", chunk))

    def _look_up(self, ids: Sequence[str]) -> None:
        wanted = [i for i in ids if i not in self.types]
        for chunk in _chunks(wanted):
            self.types.update(dict.fromkeys(chunk))
            for record_id, record_type, n in self.db.execute(
                    f"SELECT id, type, n FROM record WHERE id IN ({','.join('?' * len(chunk))})",
                    chunk):
                self.types[record_id] = record_type
                self.numbers[record_id] = n

    def type_of(self, record_id: str) -> str | None:
        if record_id not in self.types:
            self._look_up([record_id])
        return self.types[record_id]

    # -- materialize(), record by record -----------------------------------------------------

    def materialize(self, record_id: str, record_type: str) -> str:
        outcome = self._materialize(record_id, record_type)
        if self.types.get(record_id) is None and record_id not in self.gone:
            self._add("INSERT OR IGNORE INTO waiting_record(id, type) VALUES (?, ?)",
                      (record_id, record_type))
        else:
            self._add("DELETE FROM waiting_record WHERE id = ?", (record_id,))
        return outcome

    def _materialize(self, record_id: str, record_type: str) -> str:
        spec = SPECS[record_type]
        alive = self.alive[record_id]
        exists = self.type_of(record_id) is not None
        others = [n for n in alive if n != DELETED]
        deleted = is_deleted(alive)
        referred = exists and deleted and not others and bool(self._referrers(spec.type,
                                                                              record_id))
        if deleted and not others and not referred:
            if exists:
                self._delete(spec, record_id)
            _hlc, origin, seq, _v = alive[DELETED][0]
            self.db.execute("INSERT OR REPLACE INTO tombstone(id, type, deleted_at, origin, seq) "
                            "VALUES (?, ?, ?, ?, ?)",
                            (record_id, record_type, now_iso(), origin, seq))
            self.gone.add(record_id)
            return "deleted" if exists else "unchanged"
        if referred:
            return "pending-referred"
        if not others:
            return "unchanged"
        values = shown_values(spec, alive)
        missing = missing_reason(spec, values, self.type_of)
        if missing is not None:
            return f"pending-{missing}"
        local_only, tags, encoded = typed_row(spec, alive, values)
        stamp = now_iso()
        if exists:
            sets = ", ".join(f"{quote(f.name)} = ?" for f in spec.fields)
            self._add(f"UPDATE {spec.table} SET {sets} WHERE id = ?", (*encoded, record_id))
            self._add("UPDATE record SET updated_at = ?, tags = ?, local_only = ? WHERE id = ?",
                      (stamp, json.dumps(tags), int(local_only), record_id))
            n = self.numbers[record_id]
            self._add("DELETE FROM search WHERE rowid = ?", (n,))
        else:
            n = self._next_n()
            self._add("DELETE FROM tombstone WHERE id = ?", (record_id,))
            self.gone.discard(record_id)
            self._add(INSERT_NUMBERED_RECORD, (n, record_id, record_type, stamp, stamp,
                                               int(local_only), json.dumps(tags)))
            names = ["id", *(f.name for f in spec.fields)]
            self._add(f"INSERT INTO {spec.table} ({', '.join(map(quote, names))}) "
                      f"VALUES ({', '.join('?' * len(names))})", (record_id, *encoded))
            self.types[record_id] = record_type
            self.numbers[record_id] = n
        # What store.get() would read back: each value as stored, decoded.
        shown = {f.name: decode(f, value) for f, value in zip(spec.fields, encoded, strict=True)}
        title, body, names_ = searchindex.columns(spec, shown)
        if title or body or names_:
            self._add(searchindex.INSERT, (n, title, body, names_))
        return "changed" if exists else "added"

    def _referrers(self, record_type: str, record_id: str) -> dict[str, int]:
        self.flush()
        return self.store.referrers(record_type, record_id)

    def _delete(self, spec: RecordSpec, record_id: str) -> None:
        self.flush()
        n = self.numbers[record_id]
        searchindex.unindex(self.db.conn, n)
        self.db.execute("DELETE FROM attachment WHERE record_id = ?", (record_id,))
        self.db.execute(f"DELETE FROM {spec.table} WHERE id = ?", (record_id,))
        self.db.execute("DELETE FROM record WHERE id = ?", (record_id,))
        self.types[record_id] = None
        del self.numbers[record_id]
        if n == self.max_n:  # the next record takes the number of the largest left
            self.max_n = None

    def _next_n(self) -> int:
        """The record.n an insert without one would get: one past the largest."""
        if self.max_n is None:
            self.flush()
            self.max_n = int(self.db.execute("SELECT coalesce(max(n), 0) FROM record"
                                             ).fetchone()[0])
        self.max_n += 1
        return self.max_n

    # -- writing -----------------------------------------------------------------------------

    def _add(self, sql: str, row: tuple[Any, ...]) -> None:
        self._pending.setdefault(sql, []).append(row)

    def flush(self) -> None:
        """Write what is pending, one statement per kind, in an order that keeps every
        reference whole: registry rows before typed rows, inserts before updates, the
        full-text entries that go before those that come."""
        pending, self._pending = self._pending, {}
        if not pending:
            return
        order = [sql for sql in pending if sql.startswith("DELETE FROM tombstone")]
        order += [sql for sql in pending if sql == INSERT_NUMBERED_RECORD]
        order += [sql for sql in pending if sql.startswith("INSERT INTO ")
                  and sql not in (INSERT_NUMBERED_RECORD, searchindex.INSERT)]
        order += [sql for sql in pending if sql.startswith("UPDATE ")]
        order += [sql for sql in pending if sql.startswith("DELETE FROM search")]
        order += [sql for sql in pending if sql == searchindex.INSERT]
        order += [sql for sql in pending if "waiting_record" in sql]
        if len(order) != len(pending):  # a statement kind flush() does not place
            raise RuntimeError(f"unplaced statements: {sorted(set(pending) - set(order))}")
        for sql in order:
            self.db.conn.executemany(sql, pending[sql])
