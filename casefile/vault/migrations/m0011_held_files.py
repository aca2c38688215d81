"""Files whose record has not applied yet wait here, and move in when it does.

A file arrives with the bundle of its record, but the record may be held (its writes dated
ahead, or waiting for a reference): the file used to be left out, and since its sender
counts it as sent, it never came again. Now it waits, encrypted in the vault like
everything else, until the record shows.
"""

from __future__ import annotations

from typing import Any

from casefile.vault.sqlscript import run_script

SQL = """
CREATE TABLE held_file (
  id TEXT PRIMARY KEY,
  record_id TEXT NOT NULL,
  peer TEXT NOT NULL,
  meta TEXT NOT NULL,  -- the Attachment's fields, as JSON
  data BLOB NOT NULL
);
CREATE INDEX held_file_by_record ON held_file(record_id);
"""


def upgrade(conn: Any) -> None:
    run_script(conn, SQL)
