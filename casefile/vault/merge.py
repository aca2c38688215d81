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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from casefile.domain.records import SPECS
from casefile.domain.validate import parcel_total_weight
from casefile.i18n import _
from casefile.vault import searchindex
from casefile.vault.records import DELETED, RecordStore, now_iso
from casefile.vault.rows import INSERT_CHANGE, change_row, decode, encode
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
    # Records whose writes are stored but that cannot show yet, by reason (WAITING_*).
    waiting: dict[str, int] = field(default_factory=dict)
    # Writes refused alone: they can never apply here (see _conflicting_type).
    refused: list[dict[str, Any]] = field(default_factory=list)

    @property
    def applied(self) -> int:
        """Records this batch really added, changed or deleted."""
        return self.added + self.changed + self.deleted


# Why a record's writes are stored but the record is not shown yet.
WAITING_REFERENCE = "reference"  # it refers to a record this vault does not hold (yet)
WAITING_REQUIRED = "required"  # a required value has not arrived (yet)
WAITING_REFERRED = "referred"  # deleted, but other records still refer to it


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


def known(store: RecordStore, origin: str, seq: int) -> bool:
    return store.db.execute("SELECT 1 FROM change WHERE origin = ? AND seq = ?",
                            (origin, seq)).fetchone() is not None


def apply_writes(store: RecordStore, writes: Iterable[dict[str, Any]], *,
                 batched: bool = True) -> ApplyReport:
    """Store new writes and recompute the records they touch, in the caller's transaction.

    Writes must already be verified (signature, origin) and validated by the caller.
    ``batched`` (the default) reads and writes many records per statement (_BatchApply);
    ``batched=False`` goes one record at a time, the reference the batched path is tested
    against (tests/vault/test_merge_batched.py).
    """
    if batched:
        return _BatchApply(store).run(writes)
    report = ApplyReport()
    touched: dict[str, str] = {}
    for w in writes:
        if known(store, w["origin"], w["seq"]):
            report.duplicates += 1
            continue
        reason = _conflicting_type(store, w, touched)
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
    _tally(report, lambda record_id: len(conflicts_of(store, record_id)))
    return report


def _tally(report: ApplyReport, conflicts: Callable[[str], int]) -> None:
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


def known_type(store: RecordStore, record_id: str) -> str | None:
    """The type this vault knows an id as: shown, deleted, or waiting in the change log."""
    for sql in ("SELECT type FROM record WHERE id = ?", "SELECT type FROM tombstone WHERE id = ?",
                "SELECT record_type FROM change WHERE record_id = ? LIMIT 1"):
        row = store.db.execute(sql, (record_id,)).fetchone()
        if row:
            return str(row[0])
    return None


def _conflicting_type(store: RecordStore, write: dict[str, Any],
                      batch: dict[str, str],
                      lookup: Callable[[str], str | None] | None = None) -> str | None:
    """Why a write can never apply here, or None: its id is already another type's, or a
    field refers to a record of the wrong type. Refused alone, so a crafted write relayed
    by a careless group never makes the bundles after it fail. ``lookup`` answers
    known_type from memory (the batched apply looks ids up beforehand)."""
    def find(record_id: str) -> str | None:
        return lookup(record_id) if lookup is not None else known_type(store, record_id)

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


def registers(store: RecordStore, record_id: str) -> dict[str, list[tuple[str, str, int, Any]]]:
    """Per field, the surviving (hlc, origin, seq, value), newest first."""
    return _registers_of(store.db.execute(
        "SELECT origin, seq, hlc, fields, replaces FROM change WHERE record_id = ?",
        (record_id,)).fetchall())


def _registers_of(rows: Sequence[Sequence[Any]]) -> dict[str, list[tuple[str, str, int, Any]]]:
    """registers() from a record's change rows (origin, seq, hlc, fields, replaces)."""
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
    return _conflict_names(registers(store, record_id))


def _conflict_names(alive: dict[str, list[tuple[str, str, int, Any]]]) -> list[str]:
    names = {name for name, survivors in alive.items() if len(survivors) > 1}
    if is_deleted(alive) and any(n != DELETED for n in alive):
        names.add(DELETED)
    return sorted(names)


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
    missing = _missing(store, spec, values)
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


def shown_values(spec: Any, alive: dict[str, list[tuple[str, str, int, Any]]]
                 ) -> dict[str, Any]:
    """Each field's value as shown: its newest surviving value, or empty."""
    return {f.name: alive[f.name][0][3] if f.name in alive else ([] if f.is_list else None)
            for f in spec.fields}


def typed_row(spec: Any, alive: dict[str, list[tuple[str, str, int, Any]]],
              values: dict[str, Any]) -> tuple[bool, dict[str, list[list[Any]]], list[Any]]:
    """What the registry and typed-table rows hold for these values: local_only, the tags of
    every survivor, the encoded columns (a parcel's total weight computed here)."""
    if spec.type == "parcel":
        values["total_weight_g"] = parcel_total_weight(values.get("items"))
    local_only = bool(alive["local_only"][0][3]) if "local_only" in alive else False
    tags = {name: [[o, s, h] for h, o, s, _v in survivors] for name, survivors in alive.items()}
    return local_only, tags, [encode(f, values[f.name]) for f in spec.fields]


def _missing(store: RecordStore, spec: Any, values: dict[str, Any]) -> str | None:
    """Why a new record cannot show yet: a required value or a referenced record missing."""
    for f in spec.fields:
        value = values.get(f.name)
        if f.required and value in (None, "", []):
            return WAITING_REQUIRED
    for f in spec.fields:
        value = values.get(f.name)
        if f.ref and value:
            for target in value if isinstance(value, list) else [value]:
                if store.type_of(target) != f.ref:
                    return WAITING_REFERENCE
    return None


# materialize()'s outcomes for a record that waits, and the reason each stands for.
WAITING = {f"pending-{reason}": reason
           for reason in (WAITING_REFERENCE, WAITING_REQUIRED, WAITING_REFERRED)}


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


# -- applying a bundle's writes in batches ---------------------------------------------------

LOOKUP_CHUNK = 500  # ids per "IN (...)" query, under SQLite's variable limit
INSERT_NUMBERED_RECORD = ("INSERT INTO record(n, id, type, created_at, updated_at, local_only, "
                          "tags) VALUES (?, ?, ?, ?, ?, ?, ?)")


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), LOOKUP_CHUNK):
        yield items[start:start + LOOKUP_CHUNK]


def _ref_targets(spec: Any, fields: dict[str, Any]) -> Iterable[str]:
    for f in spec.fields:
        value = fields.get(f.name)
        if f.ref and value:
            for target in value if isinstance(value, list) else [value]:
                if isinstance(target, str):
                    yield target


class _BatchApply:
    """apply_writes() with the per-record statements gathered into a few per batch.

    The rules are materialize()'s, record for record and in the same order (referenced types
    first, retried while a pass makes progress); only where their answers come from changes:

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
        self.alive: dict[str, dict[str, list[tuple[str, str, int, Any]]]] = {}
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
            reason = _conflicting_type(self.store, w, touched, known_types.get)
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
        _tally(report, lambda record_id: len(_conflict_names(self.alive[record_id])))
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
        """known_type() of every id the writes name (their records and the ones referred to)."""
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
            alive = self.alive[record_id] = _registers_of(record_rows)
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
        missing = self._missing(spec, values)
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

    def _missing(self, spec: Any, values: dict[str, Any]) -> str | None:
        for f in spec.fields:
            if f.required and values.get(f.name) in (None, "", []):
                return WAITING_REQUIRED
        for f in spec.fields:
            value = values.get(f.name)
            if f.ref and value:
                for target in value if isinstance(value, list) else [value]:
                    if self.type_of(target) != f.ref:
                        return WAITING_REFERENCE
        return None

    def _referrers(self, record_type: str, record_id: str) -> dict[str, int]:
        self.flush()
        return self.store.referrers(record_type, record_id)

    def _delete(self, spec: Any, record_id: str) -> None:
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


__all__ = ["ApplyReport", "apply_writes", "conflicts_of", "materialize", "registers",
           "resolve", "version_vector", "writes_after"]
