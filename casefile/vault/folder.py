"""A vault's folder on disk: the names of its files, its header, the spare database, and its
end (crypto-erase, then the files removed).

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
from pathlib import Path

from casefile.vault import header as hdr
from casefile.vault import leftovers
from casefile.vault.db import Database
from casefile.vault.keys import Secret

HEADER = "header.json"
DATABASE = "vault.db"
SPARE = "spare.db"
LOCK = "vault.lock"


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
