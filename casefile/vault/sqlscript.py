"""Run a multi-statement SQL script inside the caller's transaction.

The driver's ``executescript`` commits first, which would split a migration into several
transactions; this runs one complete statement at a time instead.
"""

from __future__ import annotations

from typing import Any

import sqlcipher3


def run_script(conn: Any, sql: str) -> None:
    buffer = ""
    for line in sql.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        buffer += line
        if sqlcipher3.complete_statement(buffer):
            conn.execute(buffer)
            buffer = ""
    if buffer.strip():
        raise ValueError("incomplete SQL statement at end of script")
