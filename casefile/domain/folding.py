"""Text as the search index and its queries see it: folded words and their stems.

Folding (NFKC, case, ё = е, Latin letters without their diacritics, stress marks and
invisible characters dropped), the words of a text (each exactly one FTS5 token of the
``unicode61`` tokenizer), and their Snowball stems (Russian for Cyrillic words, English
otherwise). Indexing and querying both go through here, so a quoted query term always lines
up with an indexed token. Name keys are casefile.domain.namekeys'; queries and snippets
casefile.domain.textsearch's.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import Stemmer

MAX_WORD_CHARS = 64  # longer runs (base64, hashes) are cut: they are never searched whole

# ---------------------------------------------------------------------------------------
# Folding

# Letters written as modifier letters (Lm, so "word" characters to Python and SQLite)
# that people type as apostrophes: Ukrainian ʼ, transliteration primes ʹ ʺ, ꞌ.
_APOSTROPHE_LETTERS = "\u02b9\u02ba\u02bb\u02bc\u02bd\u02c8\ua78b\ua78c"
# Invisible characters that would otherwise cut a word in two (soft hyphen from pasted
# text, zero-width spaces and joiners, BOM).
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

_PREFOLD_TABLE: dict[int, str | None] = {
    ord("ё"): "е",  # after casefold only the small letter is left
    **{ord(c): "'" for c in _APOSTROPHE_LETTERS},
    **dict.fromkeys(map(ord, INVISIBLE)),
}
# str.translate looks every character up in the table one by one (a third of the time of
# indexing a letter): ё is replaced on its own and the table used only where it has work.
_PREFOLD_RARE_RE = re.compile(f"[{_APOSTROPHE_LETTERS}{INVISIBLE}]")

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


def prefold(text: str) -> str:
    """fold() without stripping Latin diacritics: transliteration still needs š, č, ž."""
    if text.isascii():
        return text.lower()  # the common case, and NFKC/casefold are identities on it
    text = _normalized(text)
    return text if _UNUSUAL_RE.search(text) is None else _cleaned(text)


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(_LATIN_FOLD)


def strip_latin(text: str) -> str:
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
    return text if _UNUSUAL_RE.search(text) is None else strip_latin(_cleaned(text))


# ---------------------------------------------------------------------------------------
# Words

# A word is a run of Unicode letters and digits (no underscore). A handful of letters
# that Python's Unicode knows but SQLite's unicode61 tables treat as separators are
# excluded, so each word is exactly one FTS5 token.
FTS_SEPARATOR_LETTERS = "\u19b0-\u19c0\u19c8\u19c9\u1cf2\u1cf3"
WORD_RE = re.compile(f"[^\\W_{FTS_SEPARATOR_LETTERS}]+")


# Without an underscore or one of those letters in the text, plain \w+ finds the same
# words, faster (indexing a letter is mostly finding its words).
_PLAIN_WORD_RE = re.compile(r"\w+")
_NOT_PLAIN_RE = re.compile(f"[_{FTS_SEPARATOR_LETTERS}]")


def _find_words(text: str) -> list[str]:
    found = (WORD_RE if _NOT_PLAIN_RE.search(text) else _PLAIN_WORD_RE).findall(text)
    if found and max(map(len, found)) > MAX_WORD_CHARS:
        return [w[:MAX_WORD_CHARS] for w in found]
    return found


def words(text: str) -> list[str]:
    """The folded words of a text, in order.

    Words are runs of letters and digits; hyphens and apostrophes separate words
    (Кара-Мурза -> кара, мурза). Words longer than 64 characters are cut to 64.
    """
    return _find_words(fold(text))


def raw_words(text: str) -> list[str]:
    """Words of prefold(text): the same words as words(), before Latin diacritics go."""
    return WORD_RE.findall(prefold(text))


# ---------------------------------------------------------------------------------------
# Stemming

CYRILLIC_RE = re.compile("[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]")
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
    language = "russian" if CYRILLIC_RE.search(word) else "english"
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
