"""Text processing for full-text search: folding, stemming, name keys, queries, snippets.

The storage layer keeps, for every searchable record, one FTS5 row whose ``title``,
``body`` and ``names`` columns hold the token strings made here, in a table tokenised
with ``unicode61 remove_diacritics 0``. All the language work (ё = е, word forms,
Latin spellings of Cyrillic names) happens in this module, identically when indexing
and when querying, so SQLite only has to split on spaces and compare prefixes.

Every token this module emits is a run of characters that unicode61 also treats as one
token, so a quoted query term always lines up with an indexed token.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import lru_cache

import Stemmer

MAX_WORD_CHARS = 64  # longer runs (base64, hashes) are cut: they are never searched whole
MAX_QUERY_WORDS = 16

# ---------------------------------------------------------------------------------------
# Folding

# Letters written as modifier letters (Lm, so "word" characters to Python and SQLite)
# that people type as apostrophes: Ukrainian ʼ, transliteration primes ʹ ʺ, ꞌ.
_APOSTROPHE_LETTERS = "\u02b9\u02ba\u02bb\u02bc\u02bd\u02c8\ua78b\ua78c"
# Invisible characters that would otherwise cut a word in two (soft hyphen from pasted
# text, zero-width spaces and joiners, BOM).
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

_PREFOLD_TABLE: dict[int, str | None] = {
    ord("ё"): "е",  # after casefold only the small letter is left
    **{ord(c): "'" for c in _APOSTROPHE_LETTERS},
    **dict.fromkeys(map(ord, _INVISIBLE)),
}
# str.translate looks every character up in the table one by one (a third of the time of
# indexing a letter): ё is replaced on its own and the table used only where it has work.
_PREFOLD_RARE_RE = re.compile(f"[{_APOSTROPHE_LETTERS}{_INVISIBLE}]")

# Combining marks of the generic blocks that are left over after NFKC, i.e. that have
# no precomposed letter: stress accents over Russian vowels (за́мок), Latin letters with
# rare marks. Cyrillic й, ї, ў are precomposed by NFKC, so they are never touched.
# Script-specific marks (Devanagari, Hebrew points, ...) are left alone.
_STRAY_MARKS = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_STRAY_MARKS_RE = re.compile(f"[{_STRAY_MARKS}]")

# Latin letters whose "diacritic" is part of the glyph, not a combining mark.
_LATIN_EXTRA = {
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "ħ": "h",
    "ı": "i",
    "ŧ": "t",
    "ƶ": "z",
    "æ": "ae",
    "œ": "oe",
    "ß": "ss",
    "þ": "th",
}


def _is_latin(ch: str) -> bool:
    return ("a" <= ch <= "z") or unicodedata.name(ch, "").startswith("LATIN ")


class _LatinFoldTable(dict[int, str]):
    """str.translate table, filled lazily: a Latin letter with diacritics -> the letter.

    Letters map to letters only, so folding never moves a word boundary.
    """

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        out = _LATIN_EXTRA.get(ch, ch)
        if cp >= 0x80 and out == ch:
            parts = unicodedata.normalize("NFD", ch)
            if (
                len(parts) > 1
                and _is_latin(parts[0])
                and all(unicodedata.category(m).startswith("M") for m in parts[1:])
            ):
                out = _LATIN_EXTRA.get(parts[0], parts[0])
        self[cp] = out
        return out


_LATIN_FOLD = _LatinFoldTable()
# Runs of the characters _LATIN_FOLD can change: it leaves ASCII and basic Cyrillic alone,
# so a Russian text has only its few quotes and dashes looked up, not every letter.
_LATIN_FOLD_RUN_RE = re.compile("[^\x00-\x7f\u0400-\u04ff]+")


# Characters outside ASCII and Cyrillic letters: a folded text without any (most Russian
# and English text) has no apostrophe letter, invisible character, stray mark or Latin
# diacritic either, so the steps that look for those can be skipped after one scan.
_UNUSUAL_RE = re.compile("[^\x00-\x7f\u0400-\u0482\u048a-\u04ff]")


def _normalized(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    # casefold can decompose (ΐ, İ -> i + U+0307); recompose so only true strays remain.
    return unicodedata.normalize("NFC", text).replace("ё", "е")


def _cleaned(text: str) -> str:
    if _PREFOLD_RARE_RE.search(text):
        text = text.translate(_PREFOLD_TABLE)
    return _STRAY_MARKS_RE.sub("", text)


def _prefold(text: str) -> str:
    """fold() without stripping Latin diacritics: transliteration still needs š, č, ž."""
    if text.isascii():
        return text.lower()  # the common case, and NFKC/casefold are identities on it
    text = _normalized(text)
    return text if _UNUSUAL_RE.search(text) is None else _cleaned(text)


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(_LATIN_FOLD)


def _strip_latin(text: str) -> str:
    return text if text.isascii() else _LATIN_FOLD_RUN_RE.sub(_fold_run, text)


def fold(text: str) -> str:
    """Normalise text for comparison.

    NFKC (ligatures, full-width forms), casefold, ё→е, Latin letters lose their
    diacritics (é→e, ü→u, ł→l, ß→ss). Cyrillic letters keep theirs: й, ї, ў are letters
    of their own. Stray combining accents (Russian stress marks) are dropped and
    apostrophe-like modifier letters become ``'``.
    """
    if text.isascii():
        return text.lower()
    text = _normalized(text)
    return text if _UNUSUAL_RE.search(text) is None else _strip_latin(_cleaned(text))


# ---------------------------------------------------------------------------------------
# Words

# A word is a run of Unicode letters and digits (no underscore). A handful of letters
# that Python's Unicode knows but SQLite's unicode61 tables treat as separators are
# excluded, so each word is exactly one FTS5 token.
_FTS_SEPARATOR_LETTERS = "\u19b0-\u19c0\u19c8\u19c9\u1cf2\u1cf3"
_WORD_RE = re.compile(f"[^\\W_{_FTS_SEPARATOR_LETTERS}]+")


# Without an underscore or one of those letters in the text, plain \w+ finds the same
# words, faster (indexing a letter is mostly finding its words).
_PLAIN_WORD_RE = re.compile(r"\w+")
_NOT_PLAIN_RE = re.compile(f"[_{_FTS_SEPARATOR_LETTERS}]")


def _find_words(text: str) -> list[str]:
    found = (_WORD_RE if _NOT_PLAIN_RE.search(text) else _PLAIN_WORD_RE).findall(text)
    if found and max(map(len, found)) > MAX_WORD_CHARS:
        return [w[:MAX_WORD_CHARS] for w in found]
    return found


def words(text: str) -> list[str]:
    """The folded words of a text, in order.

    Words are runs of letters and digits; hyphens and apostrophes separate words
    (Кара-Мурза -> кара, мурза). Words longer than 64 characters are cut to 64.
    """
    return _find_words(fold(text))


def _raw_words(text: str) -> list[str]:
    """Words of _prefold(text): the same words as words(), before Latin diacritics go."""
    return _WORD_RE.findall(_prefold(text))


# ---------------------------------------------------------------------------------------
# Stemming

_CYRILLIC_RE = re.compile("[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]")
_stemmers = threading.local()  # Snowball stemmer objects keep state: one per thread


def _stemmer(language: str) -> Stemmer.Stemmer:
    stemmer = getattr(_stemmers, language, None)
    if stemmer is None:
        stemmer = Stemmer.Stemmer(language)
        setattr(_stemmers, language, stemmer)
    return stemmer


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """Snowball stem of one folded word (письма -> письм, letters -> letter).

    Russian stemmer for words with Cyrillic letters (Ukrainian too: no Ukrainian
    Snowball stemmer exists and the Russian one is harmless on it), English (porter2)
    otherwise; it leaves other scripts as they are. Digits-only words are unchanged.
    """
    if not word or word.isdigit():
        return word
    language = "russian" if _CYRILLIC_RE.search(word) else "english"
    # A stemmer never returns an empty stem for a real word, but keep the word if it did:
    # an empty FTS5 phrase matches nothing.
    return _stemmer(language).stemWord(word) or word


class _StemMemo(dict[str, str]):
    """word -> stem(word) for indexing: a plain dict lookup per word (a bulk import stems
    tens of millions of words, nearly all seen before), emptied when it grows large."""

    def __missing__(self, word: str) -> str:
        if len(self) >= 200_000:
            self.clear()
        self[word] = out = stem(word)
        return out


_STEM_MEMO = _StemMemo()


def index_text(text: str) -> str:
    """Space-joined stems of all words of ``text``, for the FTS ``title``/``body`` columns."""
    return " ".join(map(_STEM_MEMO.__getitem__, words(text)))


# ---------------------------------------------------------------------------------------
# Transliteration keys for names

_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # Ukrainian and Belarusian
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
    # Serbian, Macedonian
    "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "ch", "џ": "dzh", "ѓ": "g", "ќ": "k",
    "ѕ": "dz",
    # Tatar, Bashkir, Kazakh, Kyrgyz, Chechen names
    "ә": "a", "ө": "o", "ү": "u", "ұ": "u", "қ": "k", "ғ": "g", "ң": "n", "һ": "h",
    "җ": "zh", "ҙ": "z", "ҫ": "s", "ҡ": "k", "ӏ": "",
}  # fmt: skip
_RU_TABLE = str.maketrans(_CYRILLIC_TO_LATIN)
# In Ukrainian and Belarusian г is h (Гнатюк = Hnatiuk). A word can only be recognised
# as such by a letter Russian lacks.
_UK_TABLE = str.maketrans({**_CYRILLIC_TO_LATIN, "г": "h"})
_UKRAINIAN_RE = re.compile("[іїєґў]")

# Scholarly (ISO 9), Czech, Polish, Turkish and Crimean Tatar letters, before their
# diacritics are stripped: šč = щ, č/ç = ч, ž/ż = ж, ş = ш.
_LATIN_SPECIAL = str.maketrans(
    {"š": "sh", "ş": "sh", "ŝ": "sh", "č": "ch", "ç": "ch", "ĉ": "ch", "ž": "zh",
     "ż": "zh", "ẑ": "zh", "ǯ": "zh", "ʒ": "zh"}
)  # fmt: skip

# 'c' followed by a vowel other than e/i/y or by most consonants is an English or French
# k (Victor, Nicolai); elsewhere it is ц as in Polish, Czech and ISO 9 (Kagarlicki).
_HARD_C_RE = re.compile(r"c(?=[^eiyhkz])")
# One left-to-right pass, longest spelling first, so that a letter is used once.
# ч -> q, ш and щ -> w, ж -> j: letters that are free once q, w, j, x, y were rewritten.
_DIGRAPHS = {
    "schtsch": "w", "szcz": "w", "shch": "w", "tsch": "q", "sch": "w", "tch": "q",
    "sz": "w", "cz": "q", "sh": "w", "ch": "q", "zh": "j", "kh": "h", "ts": "c",
    "tz": "c", "ph": "f", "th": "t",
}  # fmt: skip
_DIGRAPH_RE = re.compile("|".join(sorted(_DIGRAPHS, key=len, reverse=True)))
_DOUBLE_RE = re.compile(r"([^\W\d_])\1+")
_HUSHER_O_RE = re.compile("(?<=[qwj])o")
_CONSONANT_IU_RE = re.compile("(?<=[bcdfghjklmnpqrstvwz])iu")
_NON_WORD_RE = re.compile(f"[\\W_{_FTS_SEPARATOR_LETTERS}]+")


def _latin_key(s: str) -> str:
    s = s.replace("dj", "dzh")  # Djokhar = Dzhokhar
    s = _HARD_C_RE.sub("k", s)
    s = s.replace("q", "k").replace("w", "v").replace("x", "ks")
    s = s.replace("y", "i").replace("j", "i")
    s = _DIGRAPH_RE.sub(lambda m: _DIGRAPHS[m.group()], s)
    s = _DOUBLE_RE.sub(r"\1", s)
    # After ж, ч, ш, щ an ё is often spelt o (Gorbachov, Khrushchov; Чорновіл).
    s = _HUSHER_O_RE.sub("e", s)
    # ye/ie for е after a vowel or ь (Sergeyev, Vasilyev, Dmitriyevich, Yevgeny) and
    # yo/io for ё (Semyon, Fyodor, Pyotr) are plain e, as ё and е are.
    s = s.replace("ie", "e").replace("io", "e")
    # ю after a consonant is often spelt u (Ludmila, Lubov).
    s = _CONSONANT_IU_RE.sub("u", s)
    return _DOUBLE_RE.sub(r"\1", s)


@lru_cache(maxsize=100_000)
def translit_key(word: str) -> str:
    """A spelling-insensitive Latin key of one name word, so Cyrillic and Latin meet.

    Кагарлицкий, Kagarlitsky, Kagarlitskiy, Kagarlitskii, Kagarlitskij, Kagarlicki all
    give ``kagarlicki``; Юрий/Yuri/Yuriy/Iurii/Jurij give ``iuri``.

    The rule, in order:

    1. Fold case and ё→е; in Cyrillic, transliterate letter by letter (х=kh, ц=ts,
       ч=ch, ш=sh, щ=shch, ж=zh, й=y, ы=y, ю=yu, я=ya, ь and ъ dropped; Ukrainian
       і=i, ї=yi, є=ye, ґ=g, and г=h in a word that has і, ї, є, ґ or ў).
    2. Latin letters with diacritics: š ş=sh, č ç=ch, ž ż=zh, the rest lose the mark.
    3. dj=dzh; c before a consonant or a/o/u is k; q=k, w=v, x=ks; y=i, j=i.
    4. In one pass, longest first: schtsch szcz shch sch sz sh → ш (щ and ш meet);
       tsch tch cz ch → ч; zh → ж; kh=h, ts=tz=c, ph=f, th=t.
    5. Doubled letters collapse (Kirill = Kiril); o after ж ч ш щ is e (Gorbachov =
       Горбачёв); ie=e and io=e (Sergeyev = Сергеев, Semyon = Семён, Yevgeny =
       Евгений, Iosif = Yosif); iu after a consonant is u (Ludmila = Людмила); doubles
       collapse again.

    Spellings that do not meet, because the letter means something else in English
    spellings: German z for ц (Jelzin) and ch for х (Michail), French ch for ш, j for ж
    or дж (Jokhar), Polish c before a vowel (Coj), Ukrainian г spelt g (Hnatiuk ≠ Гнатюк
    without і/ї/є/ґ in the word; Igor ≠ Ігор), and English forms that are not
    transliterations (John ≠ Джон, Alexander ≠ Александр).
    """
    s = _prefold(word)
    if _CYRILLIC_RE.search(s):
        table = _UK_TABLE if _UKRAINIAN_RE.search(s) else _RU_TABLE
        s = s.translate(table)
        if _CYRILLIC_RE.search(s):  # a letter missing from the table: use its base letter
            s = "".join(
                unicodedata.normalize("NFD", c)[0] if _CYRILLIC_RE.match(c) else c for c in s
            ).translate(table)
    s = _strip_latin(s.translate(_LATIN_SPECIAL))
    return _NON_WORD_RE.sub("", _latin_key(s))


def index_names(text: str) -> str:
    """Space-joined translit keys of all words, for the FTS ``names`` column."""
    keys = (translit_key(w[:MAX_WORD_CHARS]) for w in _raw_words(text))
    return " ".join(k for k in keys if k)


# Letters that can merge with the letter before them in a key (t+s=c, k+h=h, s+h=ш,
# i+e=e, c+o=k, ...). A partly typed word may end just before one of them.
_LATIN_NEXT = "hszeou"
_CYRILLIC_NEXT = "еос"


@lru_cache(maxsize=4096)
def _name_prefixes(raw_word: str) -> tuple[str, ...]:
    """Key prefixes that a name starting with ``raw_word`` can have.

    Keys are not prefix-stable: "kagarlit" gives kagarlit but Kagarlitsky gives
    kagarlic..., "Dmitri" gives dmitri but Dmitriyevich gives dmitrev... So the key of
    the word plus each letter that could merge with its end is added, cut to the
    length of the word's own key.
    """
    key = translit_key(raw_word)
    if not key:
        return ()
    following = _CYRILLIC_NEXT if _CYRILLIC_RE.search(raw_word) else _LATIN_NEXT
    candidates = {key}
    for letter in following:
        alternative = translit_key(raw_word + letter)[: len(key)]
        if alternative:
            candidates.add(alternative)
    # Drop candidates that another, shorter candidate already covers.
    kept = [c for c in candidates if not any(o != c and c.startswith(o) for o in candidates)]
    return tuple(sorted(kept, key=lambda c: (c != key, c)))


# ---------------------------------------------------------------------------------------
# Names of the vault's people, for queries

MAX_NAME_STEMS = 32  # per query word: a letter or two typed so far can match many names
MIN_NAME_PREFIX = 3  # a shorter key expands only to a name word with exactly that key


@lru_cache(maxsize=100_000)
def _name_word(raw_word: str) -> tuple[str, str] | None:
    """(name key, stem) of one word of a name, None for a number or a word without a key."""
    raw = raw_word[:MAX_WORD_CHARS]
    folded = _strip_latin(raw)
    if folded.isdigit():
        return None
    key = translit_key(raw)
    return (key, stem(folded)) if key else None


class NameWords:
    """The words of the names of the vault's people, each with its name key and stem.

    A query word spells a name word when its name key is a prefix of the name word's key
    (``kagarlitsky``, ``Kagarlitskiy``, ``kagarl`` spell «Кагарлицкий») or its stem is a
    prefix of the name word's stem (the declined «Кагарлицкому»). It then also finds, in
    titles and bodies, the stems of every name word with that key: every spelling of the
    name that the vault's people have (Кагарлицкий and Kagarlitsky), so ``kagarlitsky``
    finds a letter saying «Кагарлицкому», and «Кагарлицкому» one saying "Kagarlitsky".
    Those stems are matched whole, not as prefixes: «Юрий» stems to юр, and its forms
    (Юрия, Юрию) are found but not юрист. Only names are expanded: other words are not
    transliterated (``pismo`` does not find «письмо»).
    """

    def __init__(self, names: Iterable[str] = ()) -> None:
        found = map(_name_word, set(_raw_words(" ".join(names))))
        pairs = {pair for pair in found if pair is not None}
        self._stems_of: dict[str, list[str]] = {}
        for key, word_stem in sorted(pairs):
            self._stems_of.setdefault(key, []).append(word_stem)
        self._by_key = [(key, key) for key in self._stems_of]  # sorted
        self._by_stem = sorted((word_stem, key) for key, word_stem in pairs)

    def __len__(self) -> int:
        return len(self._by_stem)

    @staticmethod
    def _keys_starting(rows: list[tuple[str, str]], prefix: str) -> Iterator[str]:
        """The key of each (word, key) row whose word starts with ``prefix``; a prefix
        shorter than 3 letters only where it is the whole word."""
        i = bisect_left(rows, (prefix, ""))
        while i < len(rows) and rows[i][0].startswith(prefix):
            if len(prefix) >= MIN_NAME_PREFIX or rows[i][0] == prefix:
                yield rows[i][1]
            i += 1

    def stems(self, word_stem: str, prefixes: Iterable[str]) -> tuple[str, ...]:
        """Stems of every spelling of the name words that a query word (its stem and name
        key prefixes) spells, at most 32."""
        if not self._by_stem:
            return ()
        keys = set(self._keys_starting(self._by_stem, word_stem))
        for prefix in prefixes:
            keys.update(self._keys_starting(self._by_key, prefix))
        found: list[str] = []
        for key in sorted(keys):
            for name_stem in self._stems_of[key]:
                if name_stem not in found:
                    found.append(name_stem)
                    if len(found) == MAX_NAME_STEMS:
                        return tuple(found)
        return tuple(found)


NO_NAMES = NameWords()

# ---------------------------------------------------------------------------------------
# Queries

# A query word: its stem, its name key prefixes, and the stems of the vault's people's
# name words it spells (matched whole, in titles and bodies).
_Term = tuple[str, tuple[str, ...], tuple[str, ...]]


def _query_terms(query: str, names: NameWords = NO_NAMES) -> list[_Term]:
    """(stem, name key prefixes, name stems) of each distinct query word, at most 16."""
    terms: list[_Term] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for raw in _raw_words(query):
        folded = _strip_latin(raw)[:MAX_WORD_CHARS]
        word_stem, keys = stem(folded), _name_prefixes(raw[:MAX_WORD_CHARS])
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
    can continue into a different key (see _name_prefixes), and one more
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
            ch in _INVISIBLE
            or unicodedata.category(ch).startswith("M")
            or _WORD_RE.search(fold(ch)) is not None
        )
        self[cp] = out = "w" if inside else " "
        return out


_RUN_MASK = _RunMaskTable()
_RUN_RE = re.compile("w+")


@lru_cache(maxsize=100_000)
def _run_tokens(run: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    raws = [w[:MAX_WORD_CHARS] for w in _raw_words(run)]
    stems = tuple(stem(_strip_latin(w)[:MAX_WORD_CHARS]) for w in raws)
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
