"""Schema 6: each write's signed batch as bytes, so export copies them instead of re-encoding.

``signed_batch`` holds a write of the change log as the one-write signed batch a bundle
carries, in canonical JSON (docs/bundle-format.md). It is made on the write's first export,
together with its signature; existing vaults start with none and fill it on their next
export. It is a table of its own, not a column of ``change``: reading it beside each write's
fields would push the log's rows onto overflow pages. The triggers drop a batch whenever its
write or the write's signature changes (a delete blanking its record's writes, an identity
re-tagging its origin), so stale bytes are never sent.
"""

from __future__ import annotations

from typing import Any

from casefile.vault.sqlscript import run_script

SQL = """
CREATE TABLE signed_batch (
  origin TEXT NOT NULL,
  seq INTEGER NOT NULL,
  batch BLOB NOT NULL,
  PRIMARY KEY (origin, seq)
) WITHOUT ROWID;
CREATE TRIGGER change_changed_batch_stale
AFTER UPDATE OF origin, seq, hlc, record_id, record_type, op, fields, replaces, signature
ON change
WHEN new.origin IS NOT old.origin OR new.seq IS NOT old.seq OR new.hlc IS NOT old.hlc
  OR new.record_id IS NOT old.record_id OR new.record_type IS NOT old.record_type
  OR new.op IS NOT old.op OR new.fields IS NOT old.fields
  OR new.replaces IS NOT old.replaces OR new.signature IS NOT old.signature
BEGIN
  DELETE FROM signed_batch WHERE origin = old.origin AND seq = old.seq;
END;
CREATE TRIGGER change_deleted_batch_gone
AFTER DELETE ON change
BEGIN
  DELETE FROM signed_batch WHERE origin = old.origin AND seq = old.seq;
END;
"""


def upgrade(conn: Any) -> None:
    run_script(conn, SQL)
