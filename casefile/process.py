"""Process-wide hardening, applied once at start by the CLI and the window."""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys

PR_SET_DUMPABLE = 4


def harden() -> None:
    """No core dumps (they would hold keys and case data), private file modes."""
    os.umask(0o077)
    if sys.platform != "win32":
        import resource  # noqa: PLC0415 - POSIX only

        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
