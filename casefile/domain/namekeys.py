"""Names spelt any way: spelling-insensitive Latin keys of name words, so that Кагарлицкий,
Kagarlitsky and Kagarlicki meet, and the name words of the vault's people (NameWords) that a
query word may spell.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import lru_cache

from casefile.domain.folding import (
    CYRILLIC_RE,
    FTS_SEPARATOR_LETTERS,
    MAX_WORD_CHARS,
    prefold,
    raw_words,
    stem,
    strip_latin,
)

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
_NON_WORD_RE = re.compile(f"[\\W_{FTS_SEPARATOR_LETTERS}]+")


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
    s = prefold(word)
    if CYRILLIC_RE.search(s):
        table = _UK_TABLE if _UKRAINIAN_RE.search(s) else _RU_TABLE
        s = s.translate(table)
        if CYRILLIC_RE.search(s):  # a letter missing from the table: use its base letter
            s = "".join(
                unicodedata.normalize("NFD", c)[0] if CYRILLIC_RE.match(c) else c for c in s
            ).translate(table)
    s = strip_latin(s.translate(_LATIN_SPECIAL))
    return _NON_WORD_RE.sub("", _latin_key(s))


def index_names(text: str) -> str:
    """Space-joined translit keys of all words, for the FTS ``names`` column."""
    keys = (translit_key(w[:MAX_WORD_CHARS]) for w in raw_words(text))
    return " ".join(k for k in keys if k)


# Letters that can merge with the letter before them in a key (t+s=c, k+h=h, s+h=ш,
# i+e=e, c+o=k, ...). A partly typed word may end just before one of them.
_LATIN_NEXT = "hszeou"
_CYRILLIC_NEXT = "еос"


@lru_cache(maxsize=4096)
def name_prefixes(raw_word: str) -> tuple[str, ...]:
    """Key prefixes that a name starting with ``raw_word`` can have.

    Keys are not prefix-stable: "kagarlit" gives kagarlit but Kagarlitsky gives
    kagarlic..., "Dmitri" gives dmitri but Dmitriyevich gives dmitrev... So the key of
    the word plus each letter that could merge with its end is added, cut to the
    length of the word's own key.
    """
    key = translit_key(raw_word)
    if not key:
        return ()
    following = _CYRILLIC_NEXT if CYRILLIC_RE.search(raw_word) else _LATIN_NEXT
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
    folded = strip_latin(raw)
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
        found = map(_name_word, set(raw_words(" ".join(names))))
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
