"""Full-text search queries and snippets, from folded words, stems and name keys.

The storage layer keeps, for every searchable record, one FTS5 row whose ``title``,
``body`` and ``names`` columns hold the token strings made by casefile.domain.folding
(stems) and casefile.domain.namekeys (name keys), in a table tokenised with ``unicode61
remove_diacritics 0``. All the language work happens in those modules, identically when
indexing and when querying, so SQLite only has to split on spaces and compare prefixes.
Here a search-field query becomes an FTS5 expression of quoted tokens, and a hit's text a
one-line snippet with the matching words marked.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from casefile.domain.folding import (
    INVISIBLE,
    MAX_WORD_CHARS,
    WORD_RE,
    fold,
    raw_words,
    stem,
    strip_latin,
)
from casefile.domain.namekeys import NO_NAMES, NameWords, name_prefixes, translit_key

MAX_QUERY_WORDS = 16

# A query word: its stem, its name key prefixes, and the stems of the vault's people's
# name words it spells (matched whole, in titles and bodies).
_Term = tuple[str, tuple[str, ...], tuple[str, ...]]


def _query_terms(query: str, names: NameWords = NO_NAMES) -> list[_Term]:
    """(stem, name key prefixes, name stems) of each distinct query word, at most 16."""
    terms: list[_Term] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for raw in raw_words(query):
        folded = strip_latin(raw)[:MAX_WORD_CHARS]
        word_stem, keys = stem(folded), name_prefixes(raw[:MAX_WORD_CHARS])
        if (word_stem, keys) in seen:
            continue
        seen.add((word_stem, keys))
        # A name stem that the word's own stem already finds as a prefix adds nothing.
        extra = tuple(s for s in names.stems(word_stem, keys) if not s.startswith(word_stem))
        terms.append((word_stem, keys, extra))
        if len(terms) == MAX_QUERY_WORDS:
            break
    return terms


def _quote(token: str) -> str:
    # A double-quoted FTS5 string is always a phrase: no operator inside it is parsed.
    return '"' + token.replace('"', '""') + '"'


def match_expression(query: str, names: NameWords = NO_NAMES) -> str | None:
    """The FTS5 MATCH expression for a search-field query, or None if it has no word.

    Every word must match (AND). A word matches a record if its stem is a prefix of an
    indexed stem in title or body, or its name key is a prefix of an indexed key in
    names. Per word::

        (({title body}: "<stem>"*) OR (names: "<key>"*))

    with one more ``OR (names: "<key2>"*)`` when a partly typed Latin or Cyrillic name
    can continue into a different key (see name_prefixes), and one more
    ``OR ({title body}: "<name stem>")`` for each name word of ``names`` (the vault's
    people) whose key the word spells (see NameWords). Tokens are always quoted,
    so quotes, ``*``, ``-``, NEAR, OR, ``column:`` and parentheses typed by the user are
    only text. Prefix matching on stems is intended: кагарл finds Кагарлицкий, and
    письмо finds письма and письме (all stem to письм).
    """
    groups = []
    for word_stem, keys, name_stems in _query_terms(query, names):
        parts = [f"({{title body}}: {_quote(word_stem)}*)"]
        parts.extend(f"(names: {_quote(key)}*)" for key in keys)
        parts.extend(f"({{title body}}: {_quote(s)})" for s in name_stems)
        groups.append("(" + " OR ".join(parts) + ")")
    return " AND ".join(groups) if groups else None


# ---------------------------------------------------------------------------------------
# Snippets

_SPACE_RE = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")


class _RunMaskTable(dict[int, str]):
    """str.translate table: "w" for a character of the original text that belongs to a word.

    That is what folds to a letter or digit (also ﬁ, ①, ㋀ that NFKC turns into some), a
    combining mark or an invisible character, so that a run is never cut inside a word.
    """

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        inside = (
            ch in INVISIBLE
            or unicodedata.category(ch).startswith("M")
            or WORD_RE.search(fold(ch)) is not None
        )
        self[cp] = out = "w" if inside else " "
        return out


_RUN_MASK = _RunMaskTable()
_RUN_RE = re.compile("w+")


@lru_cache(maxsize=100_000)
def _run_tokens(run: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    raws = [w[:MAX_WORD_CHARS] for w in raw_words(run)]
    stems = tuple(stem(strip_latin(w)[:MAX_WORD_CHARS]) for w in raws)
    return stems, tuple(translit_key(w) for w in raws)


def _run_matches(run: str, terms: list[_Term]) -> bool:
    stems, keys = _run_tokens(run)
    for term_stem, term_keys, name_stems in terms:
        if any(s.startswith(term_stem) or s in name_stems for s in stems):
            return True
        if any(k.startswith(p) for k in keys if k for p in term_keys):
            return True
    return False


def snippet(text: str, query: str, width: int = 80, names: NameWords = NO_NAMES) -> str:
    """A one-line excerpt of the original ``text`` around the first word matching ``query``.

    A word matches as in match_expression (stem prefix, name-key prefix, or the stem of
    a name of ``names`` that the query spells). About
    ``width`` characters of text are shown, cut at spaces where possible, each matching
    word within them in ``[`` ``]``, and ``…`` where text was cut off. Whitespace and
    control characters collapse to single spaces. Without a match: the start of the text.
    """
    flat = _SPACE_RE.sub(" ", text).strip()
    width = max(width, 1)
    if not flat:
        return ""
    # Word runs are found in a mask of the same length, so positions are the text's own.
    mask = flat.translate(_RUN_MASK)
    terms = _query_terms(query, names)
    first = None
    if terms:
        first = next(
            (m for m in _RUN_RE.finditer(mask) if _run_matches(flat[m.start() : m.end()], terms)),
            None,
        )

    if first is None:
        start, end = 0, min(len(flat), width)
        anchor_start = anchor_end = 0
    else:
        anchor_start, anchor_end = first.span()
        # A third of the spare room before the match, the rest after it (reading on).
        before = max(0, (width - (anchor_end - anchor_start)) // 3)
        start = max(0, anchor_start - before)
        end = min(len(flat), start + width)
        start = max(0, min(start, end - width))  # near the end: use the room before
    if start > 0 and flat[start - 1] != " ":  # don't begin in the middle of a word
        space = flat.find(" ", start, anchor_start)
        if space != -1:
            start = space + 1
    if end < len(flat) and flat[end] != " ":  # ... nor end in one
        space = flat.rfind(" ", max(start, anchor_end), end)
        if space != -1:
            end = space

    pieces = ["…"] if start > 0 else []
    position = start
    if terms:
        for m in _RUN_RE.finditer(mask, start, end):
            run = flat[m.start() : m.end()]
            if _run_matches(run, terms):
                pieces.append(flat[position : m.start()])
                pieces.append(f"[{run}]")
                position = m.end()
    pieces.append(flat[position:end])
    excerpt = "".join(pieces).strip()
    return excerpt + "…" if end < len(flat) else excerpt
