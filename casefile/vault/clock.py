"""Write tags: this vault's origin id, its own sequence numbers, a hybrid logical clock.

The HLC time is ``"<13-digit milliseconds>.<6-digit counter>"``: it never goes backwards on
this vault even if the wall clock does, and it moves past any time seen from a peer, so
"newest" means the same thing on every replica. Ties break on the origin id.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

MAX_COUNTER = 999_999


def format_hlc(wall_ms: int, counter: int) -> str:
    return f"{wall_ms:013d}.{counter:06d}"


def parse_hlc(text: str) -> tuple[int, int]:
    wall, _, counter = text.partition(".")
    return int(wall), int(counter)


class Clock:
    """Reads and advances the clock and the sequence kept in the ``meta`` table.

    Callers hold a transaction, so the stored values and the writes they tag commit together.
    """

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        # The wall clock; replaceable so tests can make it jump backwards.
        self.wall_ms: Callable[[], int] = lambda: int(time.time() * 1000)

    def _get(self, key: str, default: str) -> str:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def _set(self, key: str, value: str) -> None:
        self._conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) "
                           "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    @property
    def origin(self) -> str:
        return self._get("origin", "")

    def next_seq(self) -> int:
        seq = int(self._get("seq", "0")) + 1
        self._set("seq", str(seq))
        return seq

    def tick(self, *, wall_ms: int | None = None) -> str:
        wall = self.wall_ms() if wall_ms is None else wall_ms
        last_wall, last_counter = parse_hlc(self._get("hlc", format_hlc(0, 0)))
        if wall > last_wall:
            value = (wall, 0)
        elif last_counter < MAX_COUNTER:
            value = (last_wall, last_counter + 1)
        else:
            value = (last_wall + 1, 0)
        text = format_hlc(*value)
        self._set("hlc", text)
        return text

    def observe(self, remote: str) -> None:
        """Move past a time seen in a peer's write (receiving side of the HLC)."""
        if remote > self._get("hlc", format_hlc(0, 0)):
            self._set("hlc", remote)
