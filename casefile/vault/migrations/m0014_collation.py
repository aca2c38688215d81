"""Names and titles in Russian alphabetical order (the ``ru`` collation).

Lists of people, cases, facilities and contacts sort by the collation registered on every
connection (casefile/vault/db.py); these indexes keep their deep pages fast. Every
connection that opens a vault of this schema must register ``ru`` before it writes to
these tables, queries them in that order or checks the database's integrity.
"""

from __future__ import annotations

from typing import Any

from casefile.vault.sqlscript import run_script

SQL = """
CREATE INDEX person_by_name_ru ON r_person(full_name COLLATE ru);
CREATE INDEX case_by_title_ru ON r_case(title COLLATE ru);
CREATE INDEX facility_by_name_ru ON r_facility(name COLLATE ru);
CREATE INDEX contact_by_name_ru ON r_contact(full_name COLLATE ru);
"""


def upgrade(conn: Any) -> None:
    run_script(conn, SQL)
