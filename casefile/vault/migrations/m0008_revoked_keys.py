"""Schema 8: keys this vault no longer trusts at all (a seized or lost device's).

Removing a contact stops trusting the bundles they sign. Revoking their key goes further:
writes made with it (its origin) that this vault does not already hold are refused even when
another, still trusted group passes them on, since whoever has the device can make new ones.
"""

from __future__ import annotations

from typing import Any

from casefile.vault.sqlscript import run_script

SQL = """
CREATE TABLE revoked_key (
  signing_key TEXT PRIMARY KEY,
  origin TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,  -- the contact's name when revoked, for the messages
  revoked_at TEXT NOT NULL
) WITHOUT ROWID;
"""


def upgrade(conn: Any) -> None:
    run_script(conn, SQL)
