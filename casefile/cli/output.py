"""What a command prints: text and ``--json`` on stdout, warnings and the one-line error on
stderr, and the exit status each failure earns (the contract's "Common rules")."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any

from casefile.domain.errors import CasefileError, IntegrityError
from casefile.i18n import _

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTEGRITY = 0, 1, 2, 3


class Console:
    """Where output goes; tests pass their own streams."""

    def __init__(self, out: Any = None, err: Any = None, stdin: Any = None) -> None:
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.stdin = stdin or sys.stdin

    def print(self, text: str = "") -> None:
        print(text, file=self.out)

    def json(self, obj: Any) -> None:
        print(json.dumps(obj, ensure_ascii=False, indent=2), file=self.out)

    def json_list(self, items: Iterable[Any]) -> None:
        """What ``json(list(items))`` prints, byte for byte, written item by item."""
        first = True
        for item in items:
            self.out.write("[\n  " if first else ",\n  ")
            self.out.write(json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  "))
            first = False
        self.out.write("[]\n" if first else "\n]\n")

    def warn(self, text: str) -> None:
        print(f"casefile: {one_line(text)}", file=self.err)

    def interactive(self) -> bool:
        return bool(getattr(self.stdin, "isatty", lambda: False)())


def one_line(message: str) -> str:
    """The message as one printable line: a line break, control character or lone surrogate
    that it quotes from the input (an id, a file name) is shown escaped (``\\x85``)."""
    return "".join(ch if ch.isprintable() or ch == " " else
                   ch.encode("unicode_escape", "backslashreplace").decode("ascii")
                   for ch in message)


def failure(exc: Exception) -> tuple[int, str]:
    """The exit status and the one line a person reads for an exception."""
    if isinstance(exc, IntegrityError):
        return EXIT_INTEGRITY, str(exc)
    if isinstance(exc, CasefileError):
        return EXIT_FAIL, str(exc)
    storage_error = _storage_error()
    if storage_error is not None and isinstance(exc, storage_error):
        # The key was right (it came out of an authenticated slot): the file is damaged.
        return EXIT_INTEGRITY, _("the vault database is damaged or unreadable ({0})").format(exc)
    if isinstance(exc, OSError):
        return EXIT_FAIL, _("{0}: {1}").format(exc.filename or "", exc.strerror or exc)
    # Input no check above caught: text that is not UTF-8 (or not text at all), or nested
    # deeper than Python parses. Told without the value, as crash reports are.
    if isinstance(exc, UnicodeError):
        return EXIT_FAIL, _("the input is not valid UTF-8 text")
    if isinstance(exc, RecursionError):
        return EXIT_FAIL, _("the input is nested too deeply")
    raise exc


def _storage_error() -> type[Exception] | None:
    """The database's error class, if the database was loaded (else nothing raised it)."""
    session = sys.modules.get("casefile.services.records.session")
    return getattr(session, "StorageError", None)
