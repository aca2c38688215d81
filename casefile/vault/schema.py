"""Typed tables derived from the field specs.

Migrations freeze the SQL this produced when they were written (so an old migration never
changes); tests/vault/test_schema.py checks that the live schema still matches the specs.
"""

from __future__ import annotations

from casefile.domain.fields import Kind, RecordSpec
from casefile.domain.records import SPECS


def column_sql(spec: RecordSpec) -> list[str]:
    cols = ["id TEXT PRIMARY KEY REFERENCES record(id)"]
    for f in spec.fields:
        col = f"{_quote(f.name)} {f.sql_type}"
        if f.required:
            col += " NOT NULL"
        if f.kind is Kind.REF and f.ref:
            col += f" REFERENCES {SPECS[f.ref].table}(id)"
        cols.append(col)
        if f.kind is Kind.DATETIME:
            # Sorting by an ISO string with mixed offsets is not chronological; this is.
            cols.append(f"{f.name}_utc TEXT GENERATED ALWAYS AS (datetime({f.name})) STORED")
    return cols


def table_sql(spec: RecordSpec) -> str:
    cols = ",\n  ".join(column_sql(spec))
    return f"CREATE TABLE {spec.table} (\n  {cols}\n);"


def _quote(name: str) -> str:
    return f'"{name}"' if name in {"on", "kind"} else name


def quote(name: str) -> str:
    return f'"{name}"'
