"""Schema 16: the change log's tags (origin, seq) in an index of their own.

The change log is keyed by (origin, seq) WITHOUT ROWID, so its key's b-tree holds every
write's fields too: a letter body per row. Asking which writes an origin has (the version
vector a bundle carries, the writes a contact has not acknowledged) walked and decrypted all
of it: 1.5 s for the vector and 5.5 s for the writes to send at 50,000 letters, for an export
that sent nothing. This index holds the tags alone, so those questions read a few pages.
"""

from __future__ import annotations

from typing import Any

from casefile.vault.sqlscript import run_script

SQL = """
CREATE INDEX change_tags ON change(origin, seq);
"""


def upgrade(conn: Any) -> None:
    run_script(conn, SQL)
