"""Getting the data key out of a vault's header, and the header changes made without an
open vault.

unlock() tries the passphrase on every slot (with the opt-in guard against guessing, the
duress passphrase's swap and the version 1 header's upgrade); a recovery code and the key
remembered on this device open their own slots. drop_slot() and set_destroy_after() change
the header of a vault that is not open.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from casefile.atomicfile import fsync_dir
from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.vault import header as hdr
from casefile.vault import keys, keyslots
from casefile.vault.folder import (
    DATABASE,
    LOCK,
    SPARE,
    destroy_folder,
    header_path,
    make_spare,
    read_header,
)
from casefile.vault.keys import Secret
from casefile.vault.lockfile import ProcessLock


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


def _duress(folder: Path, header: hdr.Header, opened: keyslots.Opened,
            limit: int | None) -> None:
    """Crypto-erase the real slots and put the decoy in the real database's place.

    The new header is an ordinary one whose only slot is the duress passphrase's, as the
    passphrase; it is written over the old header's bytes in place, as crypto-erase does.
    """
    lock = ProcessLock(folder / LOCK)
    lock.acquire()
    try:
        decoy = hdr.Header.new(header.kdf, opened.key, salt=header.salt)
        directory = keyslots.Directory()
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
    drop_from(header, directory, kind)
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


def drop_from(header: hdr.Header, directory: keyslots.Directory, kind: str) -> None:
    """Make the slot of ``kind`` random bytes in ``header`` and free it in ``directory``."""
    index = directory.find(kind)
    if index is not None:
        header.erase(index)
        directory.kinds[index] = None
