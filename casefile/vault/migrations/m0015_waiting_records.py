"""Records whose writes are here but that do not show yet, kept in a table of their own.

Every import used to look for them by scanning the whole change log (0.9 s at 12,000 writes,
7.3 s at 50,000), so even a one-record bundle cost seconds on a fund's vault. Now
materializing a record keeps this table: in while it waits, out once it shows or is gone.
"""

from __future__ import annotations

from typing import Any

from casefile.vault.sqlscript import run_script

SQL = """
CREATE TABLE waiting_record (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL
) WITHOUT ROWID;
INSERT OR IGNORE INTO waiting_record(id, type)
  SELECT record_id, record_type FROM change
  WHERE record_id NOT IN (SELECT id FROM record) AND record_id NOT IN (SELECT id FROM tombstone);
"""


def upgrade(conn: Any) -> None:
    run_script(conn, SQL)
