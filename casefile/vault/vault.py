"""A vault: one folder holding the SQLCipher database and its header.

    NAME.casefile/
        header.json   KDF costs and wrapped key slots; no case data
        vault.db      SQLCipher 4 database keyed with the raw 256-bit data key
        spare.db      a second SQLCipher database: the decoy a duress passphrase opens, or
                      (in every other vault) an empty one whose key was thrown away
        vault.db-wal  only while open (encrypted pages too); folded back on close
        vault.lock    empty; held exclusively while a casefile has the vault open
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from casefile.atomicfile import fsync_dir
from casefile.domain.errors import CasefileError, IntegrityError
from casefile.i18n import _
from casefile.vault import header as hdr
from casefile.vault import keys, leftovers
from casefile.vault.attachments import AttachmentStore
from casefile.vault.db import Database, integrity_problems
from casefile.vault.keys import KdfParams, Secret
from casefile.vault.lockfile import ProcessLock
from casefile.vault.migrations import LATEST
from casefile.vault.records import RecordStore

HEADER = "header.json"
DATABASE = "vault.db"
SPARE = "spare.db"
LOCK = "vault.lock"
GENERATION = "generation"  # the meta row that holds the database's side of the generation

# One header read-modify-write at a time in this process (the window's worker connections
# commit too); other processes are kept out by the vault's lock.
_HEADER_LOCK = threading.Lock()


def header_path(folder: Path) -> Path:
    return Path(folder) / HEADER


def is_vault(folder: Path) -> bool:
    return header_path(folder).is_file()


def read_header(folder: Path) -> hdr.Header:
    return hdr.read(header_path(folder))


def make_spare(folder: Path) -> None:
    """An empty vault database whose key is thrown away at once, at ``spare.db``.

    Every vault has one, so that a decoy kept there for a duress passphrase looks like
    nothing: both are SQLCipher files, random bytes to anyone without the key.
    """
    folder = Path(folder)
    staging = folder / f".spare-{secrets.token_hex(6)}.db"
    key = Secret.random()
    try:
        Database(staging, key, create=True).close()
        staging.replace(folder / SPARE)
    finally:
        key.wipe()
        for leftover in (staging, Path(f"{staging}-wal"), Path(f"{staging}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


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
            directory = hdr.Directory()
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
        self._drop(header, directory, "keyring")
        header.set_directory(self._key, directory)
        self._advance(header)  # the old header, with the old passphrase, is refused from now

    @staticmethod
    def _drop(header: hdr.Header, directory: hdr.Directory, kind: str) -> None:
        index = directory.find(kind)
        if index is not None:
            header.erase(index)
            directory.kinds[index] = None

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


def unlock(folder: Path, passphrase: str) -> Secret:
    """The data key from the passphrase (the slow step: run it off the UI thread).

    Every slot is tried at the cost of one Argon2id derivation. With the opt-in guard on,
    each wrong passphrase is counted in the (encrypted) guard, and the vault is destroyed
    when the count reaches the limit; a right one resets the count. A duress passphrase
    erases the real key slots and makes the decoy the vault, then opens it like any other.
    A version 1 header is upgraded here.
    """
    folder = Path(folder)
    header = hdr.read_any(header_path(folder))
    if isinstance(header, hdr.LegacyHeader):
        return _unlock_legacy(folder, header, passphrase)
    limit, failed = header.guard_state()
    opened = header.open(passphrase.encode("utf-8"))
    if opened is None or opened.kind not in ("passphrase", "duress"):
        if opened is not None:
            opened.key.wipe()
            opened.derived.wipe()
        _count_failure(folder, header, limit, failed)
        raise keys.WrongKeyError(_("wrong passphrase"))
    try:
        if opened.kind == "duress":
            _duress(folder, header, opened, limit)
        elif failed:
            header.set_guard(limit, 0)
            hdr.write(header_path(folder), header)
    except BaseException:
        opened.key.wipe()
        raise
    finally:
        opened.derived.wipe()
    return opened.key


def _count_failure(folder: Path, header: hdr.Header, limit: int | None, failed: int) -> None:
    if limit is None:
        return
    failed += 1
    if failed >= limit:
        destroy_folder(folder)
        raise CasefileError(_("{0} wrong passphrases in a row: the vault was destroyed, "
                              "as it was set to be").format(failed))
    header.set_guard(limit, failed)
    hdr.write(header_path(folder), header)


def _duress(folder: Path, header: hdr.Header, opened: hdr.Opened, limit: int | None) -> None:
    """Crypto-erase the real slots and put the decoy in the real database's place.

    The new header is an ordinary one whose only slot is the duress passphrase's, as the
    passphrase; it is written over the old header's bytes in place, as crypto-erase does.
    """
    lock = ProcessLock(folder / LOCK)
    lock.acquire()
    try:
        decoy = hdr.Header.new(header.kdf, opened.key, salt=header.salt)
        directory = hdr.Directory()
        decoy.wrap(directory.place("passphrase"), "passphrase", opened.derived, opened.key)
        decoy.set_directory(opened.key, directory)
        decoy.set_guard(limit, 0)
        hdr.write_in_place(header_path(folder), decoy)
        (folder / SPARE).replace(folder / DATABASE)
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                (folder / (DATABASE + suffix)).unlink()
        fsync_dir(folder)
        make_spare(folder)
    finally:
        lock.release()


def _unlock_legacy(folder: Path, header: hdr.LegacyHeader, passphrase: str) -> Secret:
    try:
        key = header.open_passphrase(passphrase)
    except keys.WrongKeyError:
        if header.destroy_after is None:
            raise
        header.failed_unlocks += 1
        if header.failed_unlocks >= header.destroy_after:
            destroy_folder(folder)
            raise CasefileError(_("{0} wrong passphrases in a row: the vault was destroyed, "
                                  "as it was set to be").format(header.failed_unlocks)) from None
        hdr.write(header_path(folder), header)
        raise
    try:
        upgraded = header.upgraded(passphrase, key)
        if not (folder / SPARE).is_file():
            make_spare(folder)
        hdr.write(header_path(folder), upgraded)
    except BaseException:
        key.wipe()
        raise
    return key


def drop_slot(folder: Path, data_key: Secret, kind: str) -> None:
    """Make the slot of ``kind`` random bytes again (its secret opens nothing from now)."""
    header = read_header(folder)
    directory = header.directory_of(data_key)
    if directory.find(kind) is None:
        return
    Vault._drop(header, directory, kind)
    if kind == "duress":
        directory.decoy_key = None
    header.set_directory(data_key, directory)
    hdr.write(header_path(folder), header)
    if kind == "duress":
        make_spare(folder)  # the decoy goes; an empty one takes its place


def set_destroy_after(folder: Path, count: int | None) -> None:
    header = read_header(folder)
    header.set_guard(count, 0)
    hdr.write(header_path(folder), header)


def _unlock_random(folder: Path, kind: str, secret: bytes) -> Secret:
    header = hdr.read_any(header_path(folder))
    if isinstance(header, hdr.LegacyHeader):
        if kind == "recovery":
            return header.open_recovery(secret)
        raise CasefileError(_("this vault is not remembered on this device"))
    opened = header.open(secret)
    if opened is not None:
        opened.derived.wipe()
        if opened.kind == kind:
            return opened.key
        opened.key.wipe()
    raise keys.WrongKeyError(_("wrong recovery code") if kind == "recovery"
                             else _("the key remembered on this device does not open "
                                    "this vault"))


def unlock_with_recovery(folder: Path, code: bytes) -> Secret:
    return _unlock_random(Path(folder), "recovery", code)


def unlock_with_device_key(folder: Path, device_key: bytes) -> Secret:
    return _unlock_random(Path(folder), "keyring", device_key)


def crypto_erase(folder: Path) -> None:
    """Overwrite every key slot in place: from this moment no passphrase or recovery code
    opens the database, whatever is left of its files."""
    path = header_path(folder)
    blank = hdr.erased(hdr.read_any(path)).to_bytes()
    with path.open("r+b") as fh:  # in place, so the old bytes are overwritten, not unlinked
        fh.write(blank.ljust(path.stat().st_size, b" "))
        fh.flush()
        os.fsync(fh.fileno())


def destroy_folder(folder: Path) -> None:
    """Crypto-erase, then remove the vault's files and folder, and any copy an interrupted
    restore into the same place left beside it (it opens with the same passphrase)."""
    for staging in leftovers.restore_leftovers(folder):
        with contextlib.suppress(Exception):  # a half-written copy may have no header yet
            crypto_erase(staging)
        leftovers.wipe_tree(staging)
    crypto_erase(folder)
    shutil.rmtree(folder, ignore_errors=True)


def vault_files(folder: Path) -> list[Path]:
    return [p for p in Path(folder).iterdir() if p.is_file()]


def file_mode_ok(path: Path) -> bool:
    return os.name == "nt" or (path.stat().st_mode & 0o077) == 0
