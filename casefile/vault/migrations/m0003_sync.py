"""Schema 3: this vault's identity, trusted peers and what each receives, and the sync log.

The identity's private keys live only here, inside the encrypted database. Each write may
carry its origin's Ed25519 signature, kept so it can be relayed to others unchanged.
"""

from __future__ import annotations

from typing import Any

from casefile.vault.sqlscript import run_script

SQL = """
CREATE TABLE identity (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  signing_private BLOB NOT NULL,
  age_secret TEXT NOT NULL
);
ALTER TABLE change ADD COLUMN signature BLOB;
CREATE TABLE peer (
  name TEXT PRIMARY KEY,
  signing_key TEXT NOT NULL UNIQUE,
  public_key TEXT NOT NULL,
  added_at TEXT NOT NULL,
  scope_all INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE peer_case (
  peer TEXT NOT NULL REFERENCES peer(name) ON DELETE CASCADE,
  case_id TEXT NOT NULL,
  PRIMARY KEY (peer, case_id)
);
-- What each peer has told us it holds (its version vector), so unacknowledged writes are
-- sent again rather than skipped when a bundle is lost.
CREATE TABLE peer_vector (
  peer TEXT NOT NULL REFERENCES peer(name) ON DELETE CASCADE,
  origin TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (peer, origin)
);
-- Records ever sent to a peer, so their later deletion reaches it too.
CREATE TABLE peer_sent (
  peer TEXT NOT NULL REFERENCES peer(name) ON DELETE CASCADE,
  record_id TEXT NOT NULL,
  PRIMARY KEY (peer, record_id)
) WITHOUT ROWID;
-- Every export and import: when, to or from whom, how many records. No bundle contents.
CREATE TABLE exchange (
  n INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('export', 'import')),
  peer TEXT NOT NULL,
  bundle_id TEXT NOT NULL,
  sender_seq INTEGER NOT NULL,
  bundle_hash TEXT NOT NULL,
  writes INTEGER NOT NULL,
  records INTEGER NOT NULL,
  conflicts INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX exchange_by_peer ON exchange(peer, direction, sender_seq);
"""


def upgrade(conn: Any) -> None:
    run_script(conn, SQL)
