"""Russian alphabetical order: the ``ru`` collation lists of names and titles sort by.

The Unicode Collation Algorithm (pyuca, DUCET 10.0.0, pinned so that an index built on one
machine is in order on every other) with the Cyrillic script moved before the Latin one, as
CLDR's Russian order does. So Ё sorts beside Е, Ї and І beside И (and Й after them), case
only breaks ties, and Latin names come after Cyrillic ones. Equal keys fall back to the
code points, so different strings never compare equal.
"""

from __future__ import annotations

import functools
import struct
import threading
from typing import Any

NAME = "ru"  # ORDER BY full_name COLLATE ru

_lock = threading.Lock()
_state: dict[str, Any] = {}


def _collator() -> tuple[Any, int, int, int]:
    """The collator (loaded once, on first use: 0.1 s) and the primary weight ranges."""
    with _lock:
        if "collator" not in _state:
            from pyuca.collator import Collator_10_0_0  # noqa: PLC0415

            collator = Collator_10_0_0()
            cyrillic = [collator.sort_key(chr(c))[0] for c in range(0x0400, 0x0530)
                        if chr(c).isalpha()]
            latin = collator.sort_key("a")[0]
            _state["collator"] = (collator, latin, min(cyrillic), max(cyrillic))
        return _state["collator"]  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=50_000)
def sort_key(text: str) -> bytes:
    """A byte string whose plain order is the Russian alphabetical order of ``text``."""
    collator, latin, cyr_lo, cyr_hi = _collator()
    weights = list(collator.sort_key(text))
    shift = cyr_hi - cyr_lo + 1
    for i, weight in enumerate(weights):
        if weight == 0:  # the end of the primary weights
            break
        if cyr_lo <= weight <= cyr_hi:
            weights[i] = weight - cyr_lo + latin
        elif latin <= weight < cyr_lo:
            weights[i] = weight + shift
    # Every weight fits 16 bits; a 0 level separator keeps shorter keys first.
    return struct.pack(f">{len(weights)}H", *weights) + b"\0\0" + text.encode(
        "utf-8", "surrogatepass")


def compare(a: str, b: str) -> int:
    """The collation function SQLite calls: negative, zero or positive."""
    if a == b:
        return 0
    ka, kb = sort_key(a), sort_key(b)
    return -1 if ka < kb else 1 if ka > kb else 0
