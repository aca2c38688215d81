"""A vault: one folder holding the SQLCipher database and its header.

    NAME.casefile/
        header.json   KDF costs and wrapped key slots; no case data
        vault.db      SQLCipher 4 database keyed with the raw 256-bit data key
        vault.db-wal  only while open (encrypted pages too); folded back on close
        vault.lock    empty; held exclusively while a casefile has the vault open
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

from casefile.domain.errors import CasefileError, IntegrityError
from casefile.i18n import _
from casefile.vault import header as hdr
from casefile.vault import keys
from casefile.vault.attachments import AttachmentStore
from casefile.vault.db import Database, integrity_problems
from casefile.vault.keys import KdfParams, Secret
from casefile.vault.lockfile import ProcessLock
from casefile.vault.migrations import LATEST
from casefile.vault.records import RecordStore

HEADER = "header.json"
DATABASE = "vault.db"
LOCK = "vault.lock"


def header_path(folder: Path) -> Path:
    return Path(folder) / HEADER


def is_vault(folder: Path) -> bool:
    return header_path(folder).is_file()


def read_header(folder: Path) -> hdr.Header:
    return hdr.read(header_path(folder))


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
        self.records = RecordStore(self.db)
        self.attachments = AttachmentStore(self.db)

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
        header = hdr.Header([hdr.passphrase_slot(passphrase, data_key, params)])
        vault = cls(folder, Secret(bytearray(data_key.bytes())), create=True)
        try:
            with vault.db.transaction() as conn:
                conn.execute("INSERT INTO meta(key, value) VALUES ('origin', ?)",
                             (secrets.token_hex(16),))
            # The header goes last: a folder without one is not yet a vault.
            hdr.write(header_path(folder), header)
        except BaseException:
            vault.close()
            raise
        finally:
            data_key.wipe()
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
        remembered way in except the recovery code.
        """
        if not new_passphrase:
            raise CasefileError(_("the passphrase must not be empty"))
        header = read_header(self.folder)
        old = header.slot("passphrase")
        params = params or (old.kdf if old and old.kdf else keys.calibrate(1.0))
        header.set_slot(hdr.passphrase_slot(new_passphrase, self._key, params))
        header.drop_slot("keyring")
        hdr.write(header_path(self.folder), header)

    def set_recovery(self, code: bytes) -> None:
        """Make (or replace) the recovery-code slot for this vault's data key."""
        header = read_header(self.folder)
        header.set_slot(hdr.recovery_slot(code, self._key))
        hdr.write(header_path(self.folder), header)

    def set_keyring_slot(self, device_key: bytes) -> None:
        """Make (or replace) the slot opened by the device key kept in the OS keyring."""
        header = read_header(self.folder)
        header.set_slot(hdr.random_key_slot("keyring", device_key, self._key))
        hdr.write(header_path(self.folder), header)

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


def unlock(folder: Path, passphrase: str) -> Secret:
    """The data key from the passphrase (the slow step: run it off the UI thread).

    With the opt-in guard on, each wrong passphrase is counted in the header, and the vault
    is destroyed when the count reaches the limit; a right one resets the count.
    """
    header = read_header(folder)
    try:
        key = hdr.open_passphrase_slot(header, passphrase)
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
    if header.failed_unlocks:
        header.failed_unlocks = 0
        hdr.write(header_path(folder), header)
    return key


def set_destroy_after(folder: Path, count: int | None) -> None:
    header = read_header(folder)
    header.destroy_after, header.failed_unlocks = count, 0
    hdr.write(header_path(folder), header)


def unlock_with_recovery(folder: Path, code: bytes) -> Secret:
    return hdr.open_recovery_slot(read_header(folder), code)


def unlock_with_device_key(folder: Path, device_key: bytes) -> Secret:
    return hdr.open_random_key_slot(read_header(folder), "keyring", device_key)


def drop_keyring_slot(folder: Path) -> None:
    header = read_header(folder)
    if header.slot("keyring") is not None:
        header.drop_slot("keyring")
        hdr.write(header_path(folder), header)


def crypto_erase(folder: Path) -> None:
    """Overwrite every key slot in place: from this moment no passphrase or recovery code
    opens the database, whatever is left of its files."""
    path = header_path(folder)
    blank = hdr.erased(read_header(folder)).to_bytes()
    with path.open("r+b") as fh:  # in place, so the old bytes are overwritten, not unlinked
        fh.write(blank.ljust(path.stat().st_size, b" "))
        fh.flush()
        os.fsync(fh.fileno())


def destroy_folder(folder: Path) -> None:
    """Crypto-erase, then remove the vault's files and folder."""
    crypto_erase(folder)
    shutil.rmtree(folder, ignore_errors=True)


def vault_files(folder: Path) -> list[Path]:
    return [p for p in Path(folder).iterdir() if p.is_file()]


def file_mode_ok(path: Path) -> bool:
    return os.name == "nt" or (path.stat().st_mode & 0o077) == 0
