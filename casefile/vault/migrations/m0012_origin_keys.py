"""The origins this vault has written under, and the keys of those that are not its identity.

A vault restored from a backup must never reuse a (origin, seq) it may have sent before the
backup was taken: its contacts would take its new writes for ones they hold and drop them.
So a restore starts a new origin, with a signing key of its own kept here; the old origins
stay listed (without a key when it is the identity's), so their writes are still this
vault's own.
"""

from __future__ import annotations

from typing import Any

from casefile.vault.sqlscript import run_script

SQL = """
CREATE TABLE origin_key (
  origin TEXT PRIMARY KEY,
  signing_private BLOB,  -- NULL for the identity's own origin (its key is the identity's)
  made_at TEXT NOT NULL
) WITHOUT ROWID;
"""


def upgrade(conn: Any) -> None:
    run_script(conn, SQL)
