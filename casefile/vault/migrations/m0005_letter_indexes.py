"""Schema 5: an index that answers "which letters are unanswered" without reading letters.

The dashboard and a person's page group letters by direction and person; without this index
that meant reading every letter's row, bodies and all (seconds at 100,000 letters).
"""

from __future__ import annotations

from typing import Any

from casefile.vault.sqlscript import run_script

SQL = """
CREATE INDEX letter_by_direction
  ON r_letter(direction, person_id, sent_on, status, received_on);
"""


def upgrade(conn: Any) -> None:
    run_script(conn, SQL)
