"""An unlocked vault: the database, its records and attachments, its key slots, and the
generation that ties the database to its header.

The folder's files are casefile.vault.folder's; getting the key from a passphrase, a
recovery code or the device is casefile.vault.unlock's.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from casefile.domain.errors import CasefileError, IntegrityError
from casefile.i18n import _
from casefile.vault import header as hdr
from casefile.vault import keyslots
from casefile.vault.attachments import AttachmentStore
from casefile.vault.db import Database, integrity_problems
from casefile.vault.folder import (
    DATABASE,
    LOCK,
    SPARE,
    header_path,
    is_vault,
    make_spare,
    read_header,
)
from casefile.vault.keys import KdfParams, Secret
from casefile.vault.lockfile import ProcessLock
from casefile.vault.migrations import LATEST
from casefile.vault.records import RecordStore
from casefile.vault.unlock import drop_from, drop_slot, unlock

GENERATION = "generation"  # the meta row that holds the database's side of the generation

# One header read-modify-write at a time in this process (the window's worker connections
# commit too); other processes are kept out by the vault's lock.
_HEADER_LOCK = threading.Lock()


class Vault:
    """An unlocked vault. ``close()`` locks it again: the key is wiped, the file closed."""

    def __init__(self, folder: Path, key: Secret, *, create: bool = False,
                 migrate_to: int = LATEST, secondary: bool = False) -> None:
        """``secondary``: a second connection for a worker thread of the process that already
        holds the vault's lock (see ``worker_opener``); it neither takes nor frees the lock."""
        self.folder = Path(folder)
        self._lock: ProcessLock | None = None if secondary else ProcessLock(self.folder / LOCK)
        if self._lock is not None:
            self._lock.acquire()
        try:
            self.db = Database(self.folder / DATABASE, key, create=create, migrate_to=migrate_to)
        except BaseException:
            if self._lock is not None:
                self._lock.release()
            key.wipe()
            raise
        self._key = key
        if not create:
            try:
                self._count_generations(check=not secondary)
            except BaseException:
                self.db.conn.close()  # no checkpoint: leave a refused vault as it was found
                if self._lock is not None:
                    self._lock.release()
                key.wipe()
                raise
        self.records = RecordStore(self.db)
        self.attachments = AttachmentStore(self.db)

    # -- the generation ------------------------------------------------------------------

    def _count_generations(self, *, check: bool) -> None:
        """Compare the generation sealed in the header with the database's, then count.

        The database may be one ahead of the header (a crash after a session's first commit,
        before the header caught up): the header is brought up to it. Anything else is
        damage: a database behind its header is an older copy of ``vault.db`` or lost its
        write-ahead log; a header behind its database by more than one is an older
        ``header.json`` put back (one from before ``passwd`` is two or more behind). A
        folder without a header (a new vault's first steps, a decoy being made) is not
        counted.
        """
        path = header_path(self.folder)
        if not path.is_file():
            return
        header = hdr.read_any(path)
        if isinstance(header, hdr.LegacyHeader):
            return  # upgraded at its next passphrase unlock; counted from then
        if check:
            sealed = header.directory_of(self._key).generation
            stored = db_generation(self.db.conn)
            if stored < sealed:
                raise IntegrityError(_(
                    "the vault is damaged: its database is older than its header (an older "
                    "copy of vault.db was put back, or the write-ahead log with the last "
                    "saved changes was lost after a crash)"))
            if stored > sealed + 1:
                raise IntegrityError(_(
                    "the vault is damaged: its header is older than its database (an older "
                    "header.json was put back, such as one from before the passphrase was "
                    "changed)"))
            if stored == sealed + 1:
                self._seal_generation(stored, header)
        self.db.first_commit = self._first_commit

    def _first_commit(self, conn: Any) -> Callable[[], None]:
        """Inside this session's first committed write: one generation on, database first."""
        new = _bump_db_generation(conn)
        return lambda: self._seal_generation(new)

    def _seal_generation(self, generation: int, header: hdr.Header | None = None) -> None:
        """Write ``generation`` into the header's directory (the given header, or the one on
        disk, which is left alone when it is already there or beyond)."""
        with _HEADER_LOCK:
            current = header or read_header(self.folder)
            directory = current.directory_of(self._key)
            if header is None and directory.generation >= generation:
                return
            directory.generation = generation
            current.set_directory(self._key, directory)
            hdr.write(header_path(self.folder), current)

    def _advance(self, header: hdr.Header) -> None:
        """Write ``header`` two generations on (database, header, database, header), so that
        every header written before it, being at least two behind, is refused from now on,
        and a crash at any point leaves a vault that opens."""
        self.db.first_commit = None
        for _step in range(2):
            with self.db.transaction() as conn:
                new = _bump_db_generation(conn)
            self._seal_generation(new, header)

    # -- lifecycle -------------------------------------------------------------------------

    @classmethod
    def create(cls, folder: Path, passphrase: str, params: KdfParams) -> Vault:
        folder = Path(folder)
        if is_vault(folder) or (folder / DATABASE).exists():
            raise CasefileError(_("a vault already exists at {0}").format(folder))
        if not passphrase:
            raise CasefileError(_("the passphrase must not be empty"))
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        data_key = Secret.random()
        header = hdr.Header.for_passphrase(params, passphrase, data_key)
        vault = cls.create_keyed(folder, Secret(bytearray(data_key.bytes())))
        try:
            make_spare(folder)
            # The header goes last: a folder without one is not yet a vault.
            hdr.write(header_path(folder), header)
            vault._count_generations(check=False)
        except BaseException:
            vault.close()
            raise
        finally:
            data_key.wipe()
        return vault

    @classmethod
    def create_keyed(cls, folder: Path, key: Secret) -> Vault:
        """A new database (with its origin id) for ``key``, without a header: a new vault's
        first step, or a decoy made for a duress passphrase."""
        vault = cls(folder, key, create=True)
        try:
            with vault.db.transaction() as conn:
                conn.execute("INSERT INTO meta(key, value) VALUES ('origin', ?)",
                             (secrets.token_hex(16),))
        except BaseException:
            vault.close()
            raise
        return vault

    @classmethod
    def open(cls, folder: Path, passphrase: str) -> Vault:
        return cls.open_with_key(folder, unlock(folder, passphrase))

    @classmethod
    def open_with_key(cls, folder: Path, key: Secret) -> Vault:
        if not (Path(folder) / DATABASE).is_file():
            key.wipe()
            raise IntegrityError(_("the vault is damaged: its database is missing from {0}")
                                 .format(folder))
        return cls(folder, key)

    def close(self) -> None:
        if self._key:
            self.db.close()
            self._key.wipe()
            if self._lock is not None:
                self._lock.release()

    def worker_opener(self) -> Callable[[], Vault]:
        """Open a second connection to this vault from another thread (once).

        SQLCipher connections belong to the thread that made them, so long work (a bundle, a
        spreadsheet, a backup) that should not freeze the window opens its own connection on
        the worker thread with a copy of the key; WAL lets the window keep reading meanwhile.
        """
        key = Secret(bytearray(self._key.bytes()))
        folder = self.folder

        def open_on_this_thread() -> Vault:
            if not key:
                raise RuntimeError("a worker connection opens once")
            return Vault(folder, key, secondary=True)

        return open_on_this_thread

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- whole-vault operations ----------------------------------------------------------

    @property
    def origin(self) -> str:
        return self.records.clock.origin

    def check(self) -> list[str]:
        return integrity_problems(self.db)

    def change_passphrase(self, new_passphrase: str, params: KdfParams | None = None) -> None:
        """Rewrite the passphrase slot only: quick whatever the vault's size.

        The keyring slot is dropped too: a changed passphrase should end every other
        remembered way in except the recovery code. New key derivation costs make a new
        header (new salt): then the recovery code and the duress passphrase, which cannot be
        wrapped anew without their secrets, end too.
        """
        if not new_passphrase:
            raise CasefileError(_("the passphrase must not be empty"))
        header = read_header(self.folder)
        directory = header.directory_of(self._key)
        if params is not None and params != header.kdf:
            guard = header.guard_state()[0]
            header = hdr.Header.new(params, self._key)
            header.set_guard(guard, 0)
            directory = keyslots.Directory()
            make_spare(self.folder)
        derived = header.derive(new_passphrase.encode("utf-8"))
        try:
            clash = header.open(new_passphrase.encode("utf-8"), derived)
            if clash is not None and clash.kind != "passphrase":
                clash.key.wipe()
                raise CasefileError(_("choose another passphrase"))
            if clash is not None:
                clash.key.wipe()
            header.wrap(directory.place("passphrase"), "passphrase", derived, self._key)
        finally:
            derived.wipe()
        drop_from(header, directory, "keyring")
        header.set_directory(self._key, directory)
        self._advance(header)  # the old header, with the old passphrase, is refused from now

    def _set_slot(self, kind: str, secret: bytes) -> None:
        header = read_header(self.folder)
        directory = header.directory_of(self._key)
        derived = header.derive(secret)
        try:
            header.wrap(directory.place(kind), kind, derived, self._key)
        finally:
            derived.wipe()
        header.set_directory(self._key, directory)
        hdr.write(header_path(self.folder), header)

    def has_slot(self, kind: str) -> bool:
        return read_header(self.folder).directory_of(self._key).find(kind) is not None

    def drop_slot(self, kind: str) -> None:
        drop_slot(self.folder, self._key, kind)

    def set_recovery(self, code: bytes) -> None:
        """Make (or replace) the recovery-code slot for this vault's data key."""
        self._set_slot("recovery", code)

    def set_keyring_slot(self, device_key: bytes) -> None:
        """Make (or replace) the slot opened by the device key kept in the OS keyring."""
        self._set_slot("keyring", device_key)

    def set_duress(self, passphrase: str, decoy_database: Path, decoy_key: Secret) -> None:
        """Install a decoy database (made with ``decoy_key``) as the spare, opened by
        ``passphrase``, which must not open any other slot."""
        header = read_header(self.folder)
        directory = header.directory_of(self._key)
        secret = passphrase.encode("utf-8")
        derived = header.derive(secret)
        try:
            clash = header.open(secret, derived)
            if clash is not None:
                clash.key.wipe()
                if clash.kind != "duress":
                    raise CasefileError(_("the duress passphrase must differ from the "
                                          "passphrase"))
            header.wrap(directory.place("duress"), "duress", derived, decoy_key)
        finally:
            derived.wipe()
        directory.decoy_key = decoy_key.bytes()
        header.set_directory(self._key, directory)
        Path(decoy_database).replace(self.folder / SPARE)
        hdr.write(header_path(self.folder), header)

    def decoy_key(self) -> Secret | None:
        """The key of the decoy a duress passphrase opens (to prepare its records)."""
        key = read_header(self.folder).directory_of(self._key).decoy_key
        return Secret(bytearray(key)) if key else None

    def local_setting(self, name: str) -> str | None:
        """A setting of this vault on this device (backup schedule...), stored encrypted in the
        vault's own meta table: never in Qt's settings, never in a bundle."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?",
                              ("local:" + name,)).fetchone()
        return row[0] if row else None

    def set_local_setting(self, name: str, value: str | None) -> None:
        with self.db.transaction() as conn:
            if value is None:
                conn.execute("DELETE FROM meta WHERE key = ?", ("local:" + name,))
            else:
                conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) "
                             "DO UPDATE SET value = excluded.value", ("local:" + name, value))

    def snapshot(self, target: Path) -> None:
        """A consistent encrypted copy of the database (same key) at ``target``."""
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.db.conn.execute(f"ATTACH DATABASE ? AS snap KEY \"x'{self._key.hex()}'\"",
                             (str(target),))
        try:
            self.db.conn.execute("SELECT sqlcipher_export('snap')")
            version = self.db.schema_version
            self.db.conn.execute(f"PRAGMA snap.user_version = {int(version)}")
        finally:
            self.db.conn.execute("DETACH DATABASE snap")


def db_generation(conn: Any) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (GENERATION,)).fetchone()
    return int(row[0]) if row else 0


def _bump_db_generation(conn: Any) -> int:
    new = db_generation(conn) + 1
    conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) "
                 "DO UPDATE SET value = excluded.value", (GENERATION, str(new)))
    return new
