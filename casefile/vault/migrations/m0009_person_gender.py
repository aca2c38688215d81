"""Schema 9: a person's grammatical gender, for declining their name on printed documents.

Empty means "guess from the name"; a person sets it when the guess is wrong (Шевчук and
Черных do not say whether they are a man's or a woman's surname). Parcel items' declared
values (``value_rub``) live inside the items' JSON and need no column.
"""

from __future__ import annotations

from typing import Any

from casefile.vault.sqlscript import run_script

SQL = """
ALTER TABLE r_person ADD COLUMN gender TEXT;
"""


def upgrade(conn: Any) -> None:
    run_script(conn, SQL)
