"""Keep PySide6 6.12's reference-count errors on None, True and False from aborting.

PySide6 6.12.0 hands borrowed references back to Python: every call of a method that
returns nothing (``widget.setText(…)``, ``timer.start()``, …) gives back ``None``, and every
``signal.emit(…)`` gives back ``True``, without counting the reference it gives. Each such call
leaves the object one reference short. From Python 3.12 on, ``None``, ``True`` and ``False``
are immortal and the error is harmless; on Python 3.11 they are counted like any object, and
once the calls have taken more references than there are, the interpreter aborts with
``Fatal Python error: bool_dealloc`` (or ``none_dealloc``) — most often while it is quitting
and dropping every reference at once. The calls are everywhere (each page built, each signal
emitted), so they cannot be avoided in our code, and PySide6-Pdf exists only for 6.12.

``immortalize()`` gives the three objects the head start 3.12 gives them: a reference count so
large that no session can use it up. They are static objects, never freed, so nothing else
changes. tests/ui/test_quit.py opens and closes the window 200 times in one process.
"""

from __future__ import annotations

import ctypes
import sys

# About 2.8e14 calls to spare: at a million a second, nine years.
HEAD_START = 1 << 48
SINGLETONS = (None, True, False)


def needed() -> bool:
    """Only CPython before 3.12 counts references on None, True and False."""
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def immortalize() -> None:
    """Add HEAD_START to the reference count of None, True and False (once per process)."""
    if not needed() or sys.getrefcount(None) >= HEAD_START:
        return
    for singleton in SINGLETONS:
        # ob_refcnt is the first field of every object; id() is its address on CPython.
        ctypes.c_ssize_t.from_address(id(singleton)).value += HEAD_START
