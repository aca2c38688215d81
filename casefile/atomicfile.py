"""Write a file the person asked for, atomically and readable only by them.

A temp file in the target folder (so ``os.replace`` never crosses file systems), mode 0600,
written, fsynced, then moved over the target; the folder is fsynced so the rename survives a
crash. A failure leaves the target as it was and removes the temp file.

Every output a person names (a PDF, an export, a calendar, a bundle, a saved attachment, a
backup; from the command line or the window's Save as) goes through ``write_atomic``, which
refuses a target inside any vault folder (``-o VAULT/vault.db`` would destroy the vault) and
writes to something that is not a regular file (``/dev/null``, a FIFO, a terminal) only by
opening it, never by replacing it. Only the vault's own files are written with
``replace_in_vault``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

from casefile.domain.errors import CasefileError
from casefile.i18n import _

# The files by which a folder is known to be a vault (vault/vault.py), and the text its
# header.json always holds.
VAULT_FILES = ("vault.db", "vault.db-wal", "vault.lock")
VAULT_HEADER, HEADER_MARK = "header.json", b'"casefile-vault"'


def is_vault_folder(folder: Path) -> bool:
    """A folder holding a vault's files (an open, closed, damaged or half-restored vault)."""
    folder = Path(folder)
    if any(os.path.lexists(folder / name) for name in VAULT_FILES):
        return True
    try:
        with (folder / VAULT_HEADER).open("rb") as fh:
            return HEADER_MARK in fh.read(65536)
    except OSError:
        return False


def check_output(target: Path) -> None:
    """Refuse an output a person named that would land inside a vault folder, or on a folder.

    Both the path as given and the path with links resolved are looked at, and every folder
    above the file, so neither ``VAULT/../VAULT/vault.db`` nor a link into a vault slips by.
    """
    target = Path(target)
    real = Path(os.path.realpath(target))
    given = Path(os.path.abspath(target))  # noqa: PTH100 - lexical: `..` as written, no links
    for path in (given, real):
        for folder in path.parents:
            if is_vault_folder(folder):
                raise CasefileError(_("refusing to write {0}: it is inside the vault folder {1}; "
                                      "choose a place outside it").format(target, folder))
    if real.is_dir():
        raise CasefileError(_("refusing to write {0}: it is a folder").format(target))


def write_atomic(target: Path, chunks: bytes | Iterable[bytes], *, overwrite: bool = True) -> None:
    """Write an output a person named (see the module's docstring)."""
    target = Path(target)
    check_output(target)
    try:
        mode = target.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    if mode is not None and not overwrite:
        raise FileExistsError(target)
    if mode is not None and not stat.S_ISREG(mode):
        _write_into(target, chunks)
        return
    _replace(target, chunks)


def replace_in_vault(target: Path, chunks: bytes | Iterable[bytes]) -> None:
    """Atomically replace one of the vault's own files (its header, a restore's staging)."""
    _replace(Path(target), chunks)


def _write_into(target: Path, chunks: bytes | Iterable[bytes]) -> None:
    """A device, FIFO or terminal: opened and written, never replaced or created."""
    fd = os.open(target, os.O_WRONLY | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "wb") as fh:
        for chunk in [chunks] if isinstance(chunks, bytes) else chunks:
            fh.write(chunk)


def _replace(target: Path, chunks: bytes | Iterable[bytes]) -> None:
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in [chunks] if isinstance(chunks, bytes) else chunks:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    fsync_dir(target.parent)


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory for fsync
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
