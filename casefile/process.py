"""Process-wide hardening, applied once at start by the CLI and the window."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from pathlib import Path
from types import TracebackType

PR_SET_DUMPABLE = 4


def scrubbed_report(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """What went wrong and where, without the exception's message or any local values: the
    message of an unexpected error may quote a name or a note."""
    import traceback  # noqa: PLC0415 - only when something went wrong

    lines = [f"casefile: internal error: {exc_type.__module__}.{exc_type.__qualname__}"]
    for frame in traceback.extract_tb(tb):
        lines.append(f"  at {Path(frame.filename).name}:{frame.lineno} in {frame.name}")
    lines.append("casefile: please report this; the message was left out on purpose")
    return "\n".join(lines) + "\n"


def _excepthook(exc_type: type[BaseException], exc: BaseException,
                tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    sys.stderr.write(scrubbed_report(exc_type, tb))


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    _excepthook(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)


def harden() -> None:
    """No core dumps (they would hold keys and case data), private file modes, and crash
    reports without messages."""
    os.umask(0o077)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
    if sys.platform != "win32":
        import resource  # noqa: PLC0415 - POSIX only

        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        import ctypes  # noqa: PLC0415 - Linux only

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
