"""Schema 17: the full-text index merges a little in every write, never all at once.

FTS5 rewrote the whole index inside the COMMIT of the write that put the 16th segment on a
level (its crisis merge): 2-4 s for one letter, a bundle or a save, about every 240 writes,
on a vault of 50,000 letters imported from JSON Lines. The index now lets a level hold
searchindex.CRISIS_MERGE segments, while every write does a few pages of the pending merge
(casefile.vault.db, searchindex.merge_step). New vaults get the setting here too.
"""

from __future__ import annotations

from typing import Any

from casefile.vault import searchindex


def upgrade(conn: Any) -> None:
    searchindex.set_crisis_merge(conn)
