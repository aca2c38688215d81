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


def _after(last: tuple[int, int], wall: int) -> tuple[int, int]:
    """The time that follows ``last`` when the wall clock reads ``wall``."""
    if wall > last[0]:
        return wall, 0
    if last[1] < MAX_COUNTER:
        return last[0], last[1] + 1
    return last[0] + 1, 0


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
        text = format_hlc(*_after(parse_hlc(self._get("hlc", format_hlc(0, 0))), wall))
        self._set("hlc", text)
        return text

    def reserve(self, count: int) -> tuple[int, list[str]]:
        """The next ``count`` sequence numbers (the first is returned) and clock times, taken
        in one read and one write of each: what ``count`` calls of next_seq() and tick()
        give while the wall clock stands still (a bulk import's writes share one moment)."""
        first = int(self._get("seq", "0")) + 1
        wall = self.wall_ms()
        last = parse_hlc(self._get("hlc", format_hlc(0, 0)))
        times = []
        for _ in range(count):
            last = _after(last, wall)
            times.append(format_hlc(*last))
        if count > 0:
            self._set("seq", str(first + count - 1))
            self._set("hlc", times[-1])
        return first, times

    def observe(self, remote: str) -> None:
        """Move past a time seen in a peer's write (receiving side of the HLC)."""
        if remote > self._get("hlc", format_hlc(0, 0)):
            self._set("hlc", remote)
