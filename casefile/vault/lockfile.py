"""One process at a time per vault: an exclusive, non-blocking lock on ``vault.lock``.

SQLite's own locking would let a second casefile open the file and fail later, mid-write;
this fails at once with a clear message instead. The lock file is empty.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from casefile.domain.errors import CasefileError
from casefile.i18n import _

if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import msvcrt
else:
    import fcntl


class VaultBusyError(CasefileError):
    pass


class ProcessLock:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if sys.platform == "win32":  # pragma: no cover
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise VaultBusyError(_("vault is open in another casefile")) from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            if sys.platform != "win32":
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
