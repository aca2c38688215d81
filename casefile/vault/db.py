"""The SQLCipher connection: keyed with the raw data key, hardened, migrated.

Connections are bound to the thread that made them; the window runs all database work on
one worker thread that owns this object.
"""

from __future__ import annotations

import contextlib
import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sqlcipher3

from casefile.domain import collation
from casefile.domain.errors import CasefileError, IntegrityError
from casefile.i18n import _
from casefile.vault import searchindex
from casefile.vault.keys import Secret
from casefile.vault.migrations import LATEST, MIGRATIONS

DatabaseError = sqlcipher3.DatabaseError


class Database:
    """One keyed connection with a re-entrant transaction helper."""

    def __init__(self, path: Path, key: Secret, *, create: bool = False,
                 migrate_to: int = LATEST) -> None:
        self.path = path
        if not create:
            if not path.is_file():
                raise IntegrityError(_("the vault is damaged: its database is missing"))
            if path.stat().st_size == 0:
                raise IntegrityError(_("the vault is damaged: its database is empty"))
            if wal_drops_commits(path.with_name(path.name + "-wal")):
                raise IntegrityError(_("the vault is damaged: its write-ahead log was altered "
                                       "since it was last closed, and saved changes would be "
                                       "lost"))
        self.conn: Any = sqlcipher3.connect(str(path), isolation_level=None,
                                            check_same_thread=True)
        # Before anything reads the schema: the indexes of m0014_collation need it for every
        # write, query and integrity check of their tables, backups included.
        self.conn.create_collation(collation.NAME, collation.compare)
        self._depth = 0
        # Called inside the first transaction this connection commits that changed a row
        # (migrations come before it), before COMMIT; what it returns runs after the
        # COMMIT (the vault's generation, casefile/vault/vault.py).
        self.first_commit: Callable[[Any], Callable[[], None]] | None = None
        # Whether a write does a step of the full-text index's merge before its COMMIT
        # (searchindex.merge_step): once the index exists, never inside the migrations.
        self.merges_index = False
        try:
            self._configure(key)
            if not create:
                self._require_vault()
            self.migrate(migrate_to)
            self.merges_index = self.schema_version >= 2
        except BaseException:
            self.conn.close()
            raise

    def _configure(self, key: Secret) -> None:
        c = self.conn
        # SQLCipher's own log must never print key-related diagnostics to stderr or a file.
        c.execute("PRAGMA cipher_log_level = NONE")
        c.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        try:
            c.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError:
            # The key came out of an authenticated slot, so it is right: the file is damaged.
            raise IntegrityError(_("the vault database is damaged or was tampered with")) from None
        c.execute("PRAGMA foreign_keys = ON")
        c.execute("PRAGMA temp_store = MEMORY")  # a file temp store would hold plaintext
        c.execute("PRAGMA secure_delete = ON")
        c.execute("PRAGMA journal_mode = WAL")
        c.execute("PRAGMA synchronous = FULL")  # a crash must lose nothing committed

    def _require_vault(self) -> None:
        """An existing vault's database always has a schema, its origin and (once one was made)
        its identity: without them it would open as a fresh, empty vault under a new identity,
        so a database emptied, cut short or swapped for a blank one is damaged, never new."""
        c = self.conn
        damaged = IntegrityError(_("the vault is damaged: its database has lost its schema"))
        if self.schema_version < 1:
            raise damaged
        tables = {row[0] for row in
                  c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"meta", "record", "change", "tombstone"} <= tables:
            raise damaged
        if c.execute("SELECT 1 FROM meta WHERE key = 'origin'").fetchone() is None:
            raise IntegrityError(_("the vault is damaged: its database has lost its origin id"))
        if "identity" in tables and c.execute("SELECT 1 FROM identity").fetchone() is None \
                and _identity_was_made(c, tables):
            raise IntegrityError(_("the vault is damaged: its database has lost its identity"))

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self, target: int = LATEST) -> None:
        current = self.schema_version
        if current > LATEST:
            raise CasefileError(
                _("this vault was made by a newer casefile (schema {0})").format(current))
        for number in range(current + 1, target + 1):
            with self.transaction():
                MIGRATIONS[number - 1](self.conn)
                self.conn.execute(f"PRAGMA user_version = {int(number)}")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Any]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error; nested calls join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        changes = self.conn.total_changes
        try:
            yield self.conn
            wrote = self.conn.total_changes != changes
            if wrote and self.merges_index:
                searchindex.merge_step(self.conn)
            after = (self.first_commit(self.conn) if self.first_commit is not None
                     and wrote else None)
        except BaseException:
            self._depth = 0
            self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self.conn.execute("COMMIT")
        if after is not None:
            self.first_commit = None
            after()

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def execute(self, sql: str, params: Any = ()) -> Any:
        return self.conn.execute(sql, params)

    def close(self) -> None:
        with contextlib.suppress(sqlcipher3.Error):
            # Fold the WAL back into the database and leave no -wal file behind.
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()


WAL_MAGIC = (0x377F0682, 0x377F0683)  # checksums in little-, big-endian words


def _wal_checksum(data: bytes, big_endian: bool, s0: int, s1: int) -> tuple[int, int]:
    words = struct.unpack((">" if big_endian else "<") + f"{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def wal_drops_commits(wal: Path) -> bool:
    """Whether SQLite would silently skip committed transactions in ``wal``.

    A clean close leaves no write-ahead log; after a crash it holds the last transactions.
    SQLite replays frames up to the first one whose salt or checksum is wrong and ignores the
    rest without a word: a byte flipped in an earlier transaction silently drops every later
    one. Frames after the first bad one that carry the log's salt and mark a commit are such
    dropped transactions. (A crash can only leave the last frame torn, which has nothing
    committed after it; frames left from before the log was restarted carry an older salt.)
    """
    try:
        with wal.open("rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        return False
    if len(data) < 32:
        return False  # nothing SQLite would replay
    magic, _version, page_size, _seq, salt1, salt2, c0, c1 = struct.unpack(">8I", data[:32])
    if magic not in WAL_MAGIC or not 512 <= page_size <= 65536:
        return len(data) > 32  # frames SQLite cannot read at all
    big = magic & 1 == 1
    if _wal_checksum(data[:24], big, 0, 0) != (c0, c1):
        return len(data) > 32
    s = (c0, c1)
    frame = 24 + page_size
    broken = False
    for start in range(32, len(data) - frame + 1, frame):
        pgno, commit, f1, f2, k0, k1 = struct.unpack(">6I", data[start:start + 24])
        salted = (f1, f2) == (salt1, salt2)
        if not broken:
            if salted:
                s = _wal_checksum(data[start:start + 8] + data[start + 24:start + frame], big, *s)
                if s == (k0, k1) and pgno:
                    continue
            broken = True  # SQLite stops here: what follows is not replayed
            continue
        if salted and commit:
            return True
    return False


def _identity_was_made(c: Any, tables: set[str]) -> bool:
    """Marked when it was made; before that mark existed, trusted contacts, exchanges and
    signed writes all needed the vault's identity first."""
    if c.execute("SELECT 1 FROM meta WHERE key = 'identity'").fetchone() is not None:
        return True
    return any(c.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None
               for table in ("peer", "exchange", "signed_batch") if table in tables) or (
        c.execute("SELECT 1 FROM change WHERE signature IS NOT NULL LIMIT 1").fetchone()
        is not None)


def integrity_problems(db: Database) -> list[str]:
    """Everything `casefile check` looks at; an empty list means the vault is sound."""
    c = db.conn

    def rows(sql: str) -> list[str]:
        try:
            return [" ".join(map(str, row)) for row in c.execute(sql)]
        except sqlcipher3.DatabaseError as exc:
            return [f"{sql}: {exc}"]

    problems = rows("PRAGMA cipher_integrity_check")
    problems += [r for r in rows("PRAGMA integrity_check") if r != "ok"]
    problems += [f"foreign key: {r}" for r in rows("PRAGMA foreign_key_check")]
    problems += rows("INSERT INTO search(search, rank) VALUES ('integrity-check', 1)")
    try:
        if db.schema_version != LATEST:
            problems.append(f"schema version {db.schema_version}, expected {LATEST}")
    except sqlcipher3.DatabaseError as exc:
        problems.append(f"schema version: {exc}")
    return problems
