"""Schema 7: which attached files each peer has been sent, so a bundle carries each file once.

Bundles may carry the files attached to the records they share (``files`` in
docs/bundle-format.md). A file goes to a peer until a bundle has carried it there, or it
came from that peer; ``--full`` sends them all again.
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
"""


def upgrade(conn: Any) -> None:
    run_script(conn, SQL)
