"""Which of its contacts the vault that made a write withheld it from.

A case that A shares with B only used to reach C, one of A's contacts, whenever B shared
everything with C: B passed on what A had chosen not to give C. Now each bundle says, for
the writes of its sender's own origins, which of the sender's contacts (by signing key) do
not share their record, and a relay never passes a write on to those. Groups the origin
does not know still get it through a relay, as before; writes received before this schema
have nothing recorded and travel as before.
"""

from __future__ import annotations

from typing import Any

from casefile.vault.sqlscript import run_script

SQL = """
CREATE TABLE write_withheld (
  origin TEXT NOT NULL,
  seq INTEGER NOT NULL,
  keys TEXT NOT NULL,  -- JSON list of signing keys the write must not be passed on to
  PRIMARY KEY (origin, seq)
) WITHOUT ROWID;
"""


def upgrade(conn: Any) -> None:
    run_script(conn, SQL)
