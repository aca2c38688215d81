"""Adding many new records at once (a JSON Lines import): the same rows as RecordStore.add,
written a batch at a time.

RecordStore.add costs about fifteen statements a record: the existence and reference
checks, the clock and sequence read and written in the meta table, the change log, the
registry and typed rows, reading the record back and indexing it. Here the checks are
answered from memory (ids of the vault looked up once, plus the records held back), the
batch takes its sequence numbers and clock times in one reservation, and each table gets
one executemany. The rows are built by the functions RecordStore.add uses, so a vault
filled this way holds what one filled record by record holds (tests/vault/test_bulk.py).

The caller holds the transaction: a failure anywhere rolls back every batch.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from casefile.domain.errors import CasefileError
from casefile.domain.fields import RecordSpec
from casefile.domain.validate import spec_for
from casefile.i18n import _
from casefile.vault import searchindex
from casefile.vault.db import Database
from casefile.vault.records import RecordStore, now_iso
from casefile.vault.rows import (
    INSERT_CHANGE,
    change_row,
    insert_typed_sql,
    new_fields,
    record_row,
    typed_row,
)

BATCH = 2_000  # records held back before writing: bounds memory, not correctness
LOOKUP_CHUNK = 500  # ids per "id IN (...)" query, under SQLite's variable limit
# FTS5 gathers new index entries in memory and writes them out as a segment when they pass
# "hashsize" bytes (1 MiB by default), merging segments as they pile up. An import's
# hundreds of megabytes of text made hundreds of segments and most of the index's cost;
# 32 MiB while the import runs took a third off it (30,000 letters).
IMPORT_HASH_BYTES = 32 * 1024 * 1024
FTS5_HASH_BYTES = 1024 * 1024  # FTS5's default
# SQLite's page cache (2 MiB by default) while an import runs. Three indexes are keyed by
# random UUIDs (registry, change log, typed table); once they outgrow the cache nearly
# every insert reads and decrypts a page and later encrypts it again. 64 MiB took a fifth
# off importing 100,000 letters. Pages in the cache are in memory only.
IMPORT_CACHE_KIB = 64 * 1024
INSERT_NUMBERED_RECORD = ("INSERT INTO record(n, id, type, created_at, updated_at, local_only, "
                          "tags) VALUES (?, ?, ?, ?, ?, ?, ?)")


@contextlib.contextmanager
def import_cache(db: Database) -> Iterator[None]:
    """A larger page cache for the duration of an import, then the connection's own again."""
    before = int(db.execute("PRAGMA cache_size").fetchone()[0])
    db.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {before}")


class BulkAdder:
    """Adds new records like RecordStore.add, holding them back and writing them in batches.

    Checks happen in add(), so an error names the record that caused it; flush() (also
    called when a batch is full) writes. Anything else that writes to the vault in the same
    transaction (an edit) must come after flush(), so it sees every record added before it.
    """

    def __init__(self, store: RecordStore, batch: int | None = None) -> None:
        if not store.db.in_transaction:
            raise RuntimeError("BulkAdder needs the caller's transaction")
        self.store = store
        self.batch = batch or BATCH
        self._types: dict[str, str | None] = {}  # id -> type, None: no such record
        self._held: list[tuple[RecordSpec, str, dict[str, Any], bool]] = []
        self._hash_setting: tuple[str, ...] | None = None  # the index's own, while raised

    def prefetch(self, ids: Iterable[str]) -> None:
        """Look up many ids in a few queries (those of the file, before adding them)."""
        wanted = [i for i in dict.fromkeys(ids) if i not in self._types]
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            chunk = wanted[start:start + LOOKUP_CHUNK]
            self._types.update(dict.fromkeys(chunk))
            marks = ",".join("?" * len(chunk))
            self._types.update(self.store.db.execute(
                f"SELECT id, type FROM record WHERE id IN ({marks})", chunk).fetchall())

    def type_of(self, record_id: str) -> str | None:
        """The type of a stored or held-back record, None if there is none."""
        if record_id not in self._types:
            self._types[record_id] = self.store.type_of(record_id)
        return self._types[record_id]

    def add(self, record_type: str, values: Mapping[str, Any], record_id: str) -> None:
        """Check and hold back a new record from validated ``values``, as RecordStore.add."""
        spec = spec_for(record_type)
        fields, local_only = new_fields(spec, values)
        if self.type_of(record_id) is not None:
            raise CasefileError(_("a record with id {0} already exists").format(record_id))
        self.store.check_refs(spec, fields, self.type_of)
        self._types[record_id] = spec.type
        self._held.append((spec, record_id, fields, local_only))
        if len(self._held) >= self.batch:
            self.flush()

    def finish(self) -> None:
        """Write what is held back and put the index's settings back as they were."""
        self.flush()
        if self._hash_setting is not None:
            db = self.store.db
            saved, self._hash_setting = self._hash_setting, None
            db.execute("INSERT INTO search(search, rank) VALUES ('hashsize', ?)",
                       (int(saved[0]) if saved else FTS5_HASH_BYTES,))
            if not saved:  # the vault had none: leave none (FTS5 holds the default now)
                db.execute("DELETE FROM search_config WHERE k = 'hashsize'")

    def _raise_index_memory(self) -> None:
        if self._hash_setting is None:
            db = self.store.db
            self._hash_setting = tuple(db.execute(
                "SELECT v FROM search_config WHERE k = 'hashsize'").fetchone() or ())
            db.execute("INSERT INTO search(search, rank) VALUES ('hashsize', ?)",
                       (IMPORT_HASH_BYTES,))

    def flush(self) -> None:
        """Write the held-back records, in the order they were added."""
        if not self._held:
            return
        self._raise_index_memory()
        held, self._held = self._held, []
        db = self.store.db
        origin = self.store.clock.origin
        first_seq, times = self.store.clock.reserve(len(held))
        # record.n is an INTEGER PRIMARY KEY: a row added without one gets max(n) + 1, so
        # numbering from there gives each record the n (and index rowid) add() would.
        n = int(db.execute("SELECT coalesce(max(n), 0) FROM record").fetchone()[0])
        stamp = now_iso()
        changes, registry, index = [], [], []
        # Typed rows go in runs of one type in the order added, so that a reference to a
        # record added earlier always finds its row (foreign keys are checked per row).
        runs: list[tuple[str, list[tuple[Any, ...]]]] = []
        for offset, (spec, record_id, fields, local_only) in enumerate(held):
            tag = (origin, first_seq + offset, times[offset])
            n += 1
            changes.append(change_row(tag, record_id, spec.type, "put",
                                      fields={**fields, "local_only": local_only},
                                      replaces={k: [] for k in [*fields, "local_only"]}))
            registry.append((n, *record_row(spec, record_id, fields, local_only,
                                            tag=tag, stamp=stamp)))
            sql = insert_typed_sql(spec)
            if not runs or runs[-1][0] != sql:
                runs.append((sql, []))
            runs[-1][1].append(typed_row(spec, record_id, fields))
            title, body, names = searchindex.columns(spec, fields)
            if title or body or names:
                index.append((n, title, body, names))
        db.conn.executemany(INSERT_CHANGE, changes)
        db.conn.executemany(INSERT_NUMBERED_RECORD, registry)
        for sql, rows in runs:
            db.conn.executemany(sql, rows)
        db.conn.executemany(searchindex.INSERT, index)
