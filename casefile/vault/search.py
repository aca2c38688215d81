"""Searching the full-text index: queries, ranked hits, snippets, the vault's people's names.

The index's rows are written by casefile.vault.searchindex. Queries are built by
casefile.domain.textsearch from quoted tokens only, so nothing a person types can become
FTS5 syntax. Snippets are cut from the original text in Python, for the few hits shown,
because the index holds stems, not words.

Names of the vault's people mentioned in free text are found by any spelling at query
time (people_names): the index does not depend on who is in the vault, so a person added
after the letters that mention them needs no reindexing.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from casefile.domain import textsearch
from casefile.domain.describe import record_title
from casefile.domain.fields import RecordSpec, Search
from casefile.domain.namekeys import NO_NAMES, NameWords
from casefile.domain.records import SPECS
from casefile.vault.schema import quote
from casefile.vault.searchindex import text_of

if TYPE_CHECKING:
    from casefile.vault.db import Database

# bm25 weights for (title, body, names): a hit in a title or a name outranks one in a letter.
WEIGHTS = (10.0, 1.0, 6.0)
MAX_LIMIT = 500


def searchable_text(spec: RecordSpec, record: dict[str, Any]) -> str:
    """The original text a snippet is cut from: body fields first, then titles."""
    body = [text_of(record.get(f.name)) for f in spec.fields if f.search is Search.BODY]
    title = [text_of(record.get(f.name)) for f in spec.fields
             if f.search in (Search.TITLE, Search.NAME)]
    return "\n".join(t for t in body + title if t)


@dataclass(frozen=True)
class Hit:
    type: str
    id: str
    title: str
    snippet: str
    score: float

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.type, "id": self.id, "title": self.title, "snippet": self.snippet,
                "score": round(self.score, 4)}


# Whose names are spelt freely in any text: the vault's people (persons and contacts).
PEOPLE = ("person", "contact")


class _NamesCache:
    def __init__(self) -> None:
        self.stamp: tuple[int, int] | None = None
        self.words = NO_NAMES


_names_cache: weakref.WeakKeyDictionary[Database, _NamesCache] = weakref.WeakKeyDictionary()


def read_people_names(conn: Any) -> NameWords:
    texts: list[str] = []
    for record_type in PEOPLE:
        spec = SPECS[record_type]
        wanted = [f.name for f in spec.fields if f.search is Search.NAME]
        cols = ", ".join(quote(name) for name in wanted)
        for row in conn.execute(f"SELECT {cols} FROM {spec.table}"):
            texts.extend(value for value in row if value)
    return NameWords(texts)


def people_names(db: Database) -> NameWords:
    """The name words of the vault's people, read again only after the vault changed.

    A change is any write on this connection (total_changes) or a commit by another
    (PRAGMA data_version), so a person added in the window or by a bundle is found by the
    next search; reading the names costs about a millisecond per thousand people.
    """
    cache = _names_cache.get(db)
    if cache is None:
        cache = _names_cache[db] = _NamesCache()
    conn = db.conn
    stamp = (conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0])
    if stamp != cache.stamp:
        cache.words = read_people_names(conn)
        cache.stamp = stamp
    return cache.words


def match_expression(text: str,
                     names: NameWords = NO_NAMES) -> str | None:
    return textsearch.match_expression(text, names)


def query(conn: Any, text: str, *, record_type: str | None = None, limit: int = 20,
          names: NameWords = NO_NAMES) -> list[tuple[str, str, float]]:
    """(type, id, score) of the best matches, best first; bm25 scores are negative.

    ``names`` (people_names) lets a spelling of a person's name find it in any text."""
    expression = textsearch.match_expression(text, names)
    if expression is None:
        return []
    limit = max(1, min(int(limit), MAX_LIMIT))
    # Rank in the index first and join only the best rows to their records: joining every
    # match before ranking read a record row per match (300 ms for a common word in
    # 100,000 letters, against 50 ms this way).
    inner = "SELECT rowid, bm25(search, ?, ?, ?) AS score FROM search WHERE search MATCH ?"
    params: list[Any] = [*WEIGHTS, expression]
    if record_type:
        # "+rowid": a filter on the matches, not one index lookup per record of the type.
        inner += " AND +rowid IN (SELECT n FROM record WHERE type = ?)"
        params.append(record_type)
    sql = (f"SELECT r.type, r.id, h.score FROM ({inner} ORDER BY score, rowid LIMIT ?) h "
           "JOIN record r ON r.n = h.rowid ORDER BY h.score, h.rowid")
    params.append(limit)
    return [(t, i, float(s)) for t, i, s in conn.execute(sql, params)]


def make_hit(record: dict[str, Any], text: str, score: float,
             names: NameWords = NO_NAMES) -> Hit:
    spec = SPECS[record["type"]]
    return Hit(record["type"], record["id"], record_title(record),
               textsearch.snippet(searchable_text(spec, record), text, names=names), score)
