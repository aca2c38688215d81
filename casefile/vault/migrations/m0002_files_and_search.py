"""Schema 2: attachments stored inside the vault, and the full-text search index.

The index holds processed tokens (stems, transliteration keys) made by
casefile.vault.searchindex, so it is (re)built here from every record already stored.
"""

from __future__ import annotations

from typing import Any

from casefile.vault.sqlscript import run_script

SQL = """
CREATE TABLE attachment (
  id TEXT PRIMARY KEY,
  record_id TEXT NOT NULL REFERENCES record(id),
  filename TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  created_at TEXT NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX attachment_by_record ON attachment(record_id);
-- rowid = record.n; columns hold processed tokens, never shown to anyone.
CREATE VIRTUAL TABLE search USING fts5(
  title, body, names,
  tokenize = "unicode61 remove_diacritics 0",
  prefix = '2 3'
);
"""


def upgrade(conn: Any) -> None:
    from casefile.vault.searchindex import reindex_all  # noqa: PLC0415 - migrations load lazily

    run_script(conn, SQL)
    reindex_all(conn)
