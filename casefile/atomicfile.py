"""Write a file the person asked for, atomically and readable only by them.

A temp file in the target folder (so ``os.replace`` never crosses file systems), mode 0600,
written, fsynced, then moved over the target; the folder is fsynced so the rename survives a
crash. A failure leaves the target as it was and removes the temp file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterable
from pathlib import Path


def write_atomic(target: Path, chunks: bytes | Iterable[bytes], *, overwrite: bool = True) -> None:
    target = Path(target)
    if not overwrite and target.exists():
        raise FileExistsError(target)
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
