"""The full-text index's rows: what a record puts in the FTS5 table ``search``.

One row per record (rowid = record.n) whose ``title``, ``body`` and ``names`` columns hold
the processed tokens that casefile.domain.folding and casefile.domain.namekeys make (folded
words, Snowball stems, transliteration keys for names), never the words themselves. Writes
of records, bundles and imports call this module; the migration that creates the table
fills it from here. Queries are casefile.vault.search's.
"""

from __future__ import annotations

import json
from typing import Any

from casefile.domain.fields import Kind, RecordSpec, Search
from casefile.domain.folding import index_text
from casefile.domain.namekeys import index_names
from casefile.domain.records import SPECS
from casefile.vault.schema import quote

INSERT = "INSERT INTO search(rowid, title, body, names) VALUES (?, ?, ?, ?)"

# Every transaction that indexes something adds a small segment to the index's lowest level.
# FTS5 merges them a little at a time, but a merge that takes in a large segment (a JSON
# Lines import leaves about 18,000 pages of them at 50,000 letters) would take thousands of
# writes at FTS5's own pace, so the 16th segment on a level (FTS5's crisismerge) rewrote
# the whole index inside one write's COMMIT: 2-4 s. Instead every write does MERGE_PAGES
# pages of that merge before its COMMIT (merge_step), and a level may hold CRISIS_MERGE
# segments, room enough for a merge of about MERGE_PAGES * CRISIS_MERGE pages to finish
# first (docs/performance.md).
CRISIS_MERGE = 256
MERGE_PAGES = 200


def text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(map(str, value))
    return str(value)


def columns(spec: RecordSpec, record: dict[str, Any]) -> tuple[str, str, str]:
    title, body, names = [], [], []
    for f in spec.fields:
        text = text_of(record.get(f.name))
        if not text or f.search is Search.NONE:
            continue
        if f.search is Search.BODY:
            body.append(text)
        else:
            title.append(text)
            if f.search is Search.NAME:
                names.append(text)
    return (index_text(" ".join(title)), index_text(" ".join(body)),
            index_names(" ".join(names)))


def searchable_text(spec: RecordSpec, record: dict[str, Any]) -> str:
    """The original text a snippet is cut from: body fields first, then titles."""
    body = [text_of(record.get(f.name)) for f in spec.fields if f.search is Search.BODY]
    title = [text_of(record.get(f.name)) for f in spec.fields
             if f.search in (Search.TITLE, Search.NAME)]
    return "\n".join(t for t in body + title if t)


def index_record(conn: Any, record: dict[str, Any]) -> None:
    spec = SPECS[record["type"]]
    n = conn.execute("SELECT n FROM record WHERE id = ?", (record["id"],)).fetchone()[0]
    title, body, names = columns(spec, record)
    conn.execute("DELETE FROM search WHERE rowid = ?", (n,))
    if title or body or names:
        conn.execute(INSERT, (n, title, body, names))


def set_crisis_merge(conn: Any) -> None:
    """Store CRISIS_MERGE in the index's settings (search_config), for every later write."""
    conn.execute("INSERT INTO search(search, rank) VALUES ('crisismerge', ?)", (CRISIS_MERGE,))


def merge_step(conn: Any) -> None:
    """Up to MERGE_PAGES pages of the index's pending merge (nothing when none is due)."""
    conn.execute("INSERT INTO search(search, rank) VALUES ('merge', ?)", (MERGE_PAGES,))


def unindex(conn: Any, n: int) -> None:
    conn.execute("DELETE FROM search WHERE rowid = ?", (n,))


def reindex_all(conn: Any) -> None:
    """Rebuild the index from the typed tables (used by the migration that creates it)."""
    conn.execute("DELETE FROM search")
    for spec in SPECS.values():
        wanted = [f for f in spec.fields if f.search is not Search.NONE]
        if not wanted:
            continue
        cols = ", ".join(f"t.{quote(f.name)}" for f in wanted)
        sql = f"SELECT r.n, {cols} FROM {spec.table} t JOIN record r ON r.id = t.id"
        rows = conn.execute(sql).fetchall()
        for row in rows:
            record = {"type": spec.type}
            for f, value in zip(wanted, row[1:], strict=True):
                record[f.name] = json.loads(value) if f.kind is Kind.STRLIST and value else value
            title, body, names = columns(spec, record)
            conn.execute(INSERT, (row[0], title, body, names))
