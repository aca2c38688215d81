"""Schema 7: attached files in bundles: what each peer has been sent, and deleted files.

Bundles may carry the files attached to the records they share (``files`` in
docs/bundle-format.md). A file goes to a peer until a bundle has carried it there, or it
came from that peer; ``--full`` sends them all again. A deleted file leaves its id (no name,
no bytes) so its deletion reaches every peer that has it, as a record's deletion does.
"""

from __future__ import annotations

from typing import Any

from casefile.vault.sqlscript import run_script

SQL = """
CREATE TABLE peer_sent_file (
  peer TEXT NOT NULL REFERENCES peer(name) ON DELETE CASCADE,
  attachment_id TEXT NOT NULL,
  PRIMARY KEY (peer, attachment_id)
) WITHOUT ROWID;
CREATE TABLE file_tombstone (
  id TEXT PRIMARY KEY,
  record_id TEXT,  -- NULL: deleted by a peer before this vault ever held it
  deleted_at TEXT NOT NULL
) WITHOUT ROWID;
"""


def upgrade(conn: Any) -> None:
    run_script(conn, SQL)
