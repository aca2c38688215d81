"""Encrypted single-file backups of a whole vault, and restoring them.

    b"CASEFILE-BACKUP-1\n" | 8-byte big-endian header length | header.json | vault.db bytes

The database bytes are SQLCipher pages encrypted with the data key, and the header wraps
that key exactly as the vault's does, so the backup opens with the passphrase that was
current when it was made. Nothing in it is plaintext case data.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import struct
from collections.abc import Callable, Iterator
from pathlib import Path

from casefile.atomicfile import check_output, fsync_dir, replace_in_vault, write_atomic
from casefile.domain.errors import CasefileError, IntegrityError
from casefile.i18n import _
from casefile.vault import header as hdr
from casefile.vault import leftovers
from casefile.vault.folder import DATABASE, HEADER, header_path, is_vault, make_spare
from casefile.vault.keys import Secret, WrongKeyError
from casefile.vault.vault import Vault

MAGIC = b"CASEFILE-BACKUP-1\n"
CHUNK = 1024 * 1024


def write_backup(vault: Vault, target: Path) -> None:
    target = Path(target)
    check_output(target)  # before the snapshot lands beside it
    snap = target.with_name(f".{target.name}.{secrets.token_hex(6)}.db")
    try:
        vault.snapshot(snap)
        header = header_path(vault.folder).read_bytes()

        def chunks() -> Iterator[bytes]:
            yield MAGIC + struct.pack(">Q", len(header)) + header
            with snap.open("rb") as fh:
                while block := fh.read(CHUNK):
                    yield block

        write_atomic(target, chunks())
    finally:
        with contextlib.suppress(FileNotFoundError):
            snap.unlink()


def read_backup_header(source: Path) -> tuple[hdr.Header | hdr.LegacyHeader, int]:
    bad = IntegrityError(_("{0} is not a casefile backup, or it is damaged").format(source))
    try:
        with Path(source).open("rb") as fh:
            start = fh.read(len(MAGIC) + 8)
            if len(start) != len(MAGIC) + 8 or not start.startswith(MAGIC):
                raise bad
            (length,) = struct.unpack(">Q", start[len(MAGIC):])
            if length > hdr.MAX_HEADER_BYTES:
                raise bad
            raw = fh.read(length)
    except FileNotFoundError:
        raise CasefileError(_("no such file: {0}").format(source)) from None
    if len(raw) != length:
        raise bad
    return hdr.Header.from_bytes(raw), len(MAGIC) + 8 + length


def restore_backup(source: Path, folder: Path, passphrase: str,
                   prepare: Callable[[Vault], None] | None = None) -> None:
    """Make a new vault at ``folder`` from a backup; refuse to overwrite anything.

    The backup is unpacked into a hidden sibling folder, opened with the passphrase and
    checked completely; ``prepare`` then runs on it in one transaction (a restored vault
    starts a new origin), and only then is it renamed into place.
    """
    folder = Path(folder)
    if folder.exists() and (is_vault(folder) or any(folder.iterdir())):
        raise CasefileError(_("{0} already exists; restore will not overwrite it").format(folder))
    for staging in leftovers.restore_leftovers(folder):  # an earlier restore, interrupted
        leftovers.wipe_tree(staging)
    header, offset = read_backup_header(source)
    key, header = _open_backup_header(header, passphrase)
    folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    staging = folder.with_name(f".{folder.name}.restore-{secrets.token_hex(4)}")
    staging.mkdir(mode=0o700)
    try:
        with Path(source).open("rb") as fh:
            fh.seek(offset)
            replace_in_vault(staging / DATABASE, iter(lambda: fh.read(CHUNK), b""))
        replace_in_vault(staging / HEADER, header.to_bytes())
        make_spare(staging)
        _verify(staging, key)
        if prepare is not None:
            with Vault(staging, Secret(bytearray(key.bytes()))) as vault, \
                    vault.db.transaction():
                prepare(vault)
        if folder.exists():
            folder.rmdir()
        staging.rename(folder)
        fsync_dir(folder.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        key.wipe()


def _open_backup_header(header: hdr.Header | hdr.LegacyHeader,
                        passphrase: str) -> tuple[Secret, hdr.Header]:
    """The data key and the header the restored vault gets (version 2).

    A backup carries no decoy, so a duress slot in it is made random bytes again.
    """
    if isinstance(header, hdr.LegacyHeader):
        key = header.open_passphrase(passphrase)
        return key, header.upgraded(passphrase, key)
    opened = header.open(passphrase.encode("utf-8"))
    if opened is None or opened.kind != "passphrase":
        if opened is not None:
            opened.key.wipe()
            opened.derived.wipe()
        raise WrongKeyError(_("wrong passphrase"))
    opened.derived.wipe()
    directory = header.directory_of(opened.key)
    index = directory.find("duress")
    if index is not None:
        header.erase(index)
        directory.kinds[index] = None
        directory.decoy_key = None
        header.set_directory(opened.key, directory)
    return opened.key, header


def _verify(folder: Path, key: Secret) -> None:
    with Vault(folder, Secret(bytearray(key.bytes()))) as vault:
        problems = vault.check()
    if problems:
        raise IntegrityError(_("the backup failed its integrity check: {0}").format(problems[0]))
