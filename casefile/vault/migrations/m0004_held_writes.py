"""Schema 4: writes dated far in the future, held back until their time comes.

A vault whose clock runs ahead (by mistake or on purpose) would otherwise win every
conflict's "shown meanwhile" choice for as long as its clock stays ahead.
"""

from __future__ import annotations

from typing import Any

from casefile.vault.sqlscript import run_script

SQL = """
CREATE TABLE held_write (
  origin TEXT NOT NULL,
  seq INTEGER NOT NULL,
  hlc TEXT NOT NULL,
  write TEXT NOT NULL,
  signature TEXT,
  held_at TEXT NOT NULL,
  PRIMARY KEY (origin, seq)
) WITHOUT ROWID;
"""


def upgrade(conn: Any) -> None:
    run_script(conn, SQL)
