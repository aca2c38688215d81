"""Where each received file came from, so only those who sent it can delete it here.

A file deletion from a contact used to be honoured for any file id, even a scan this vault
had attached itself or one the contact never had. Now a deletion is honoured only from a
contact the file was received from (its origin, or a group that passed it on). Files
received before this schema are counted as received from every contact that has them, as
the old rule did; this vault's own files have no source and are never deleted by others.
"""

from __future__ import annotations

from typing import Any

from casefile.vault.sqlscript import run_script

SQL = """
CREATE TABLE file_source (
  attachment_id TEXT NOT NULL,
  peer TEXT NOT NULL,
  PRIMARY KEY (attachment_id, peer)
) WITHOUT ROWID;
INSERT OR IGNORE INTO file_source(attachment_id, peer)
  SELECT s.attachment_id, s.peer FROM peer_sent_file s
  JOIN attachment a ON a.id = s.attachment_id;
"""


def upgrade(conn: Any) -> None:
    run_script(conn, SQL)
