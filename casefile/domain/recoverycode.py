"""The recovery code as a person copies it by hand: 128 bits in 8 groups of 5 characters.

Why not words: BIP-39 has no Russian list (three proposals were closed unmerged), and the one
the ``mnemonic`` package carries is a single contribution outside the standard; handwritten
Russian also blurs letters (и/п/н, т/ш). So the code is made of 16 characters that nothing
else looks like, in Latin or Cyrillic, printed or written: the digits 2–9 and the Latin
letters D F J L N R V W. There is no 0, 1, O or I, and no letter with a Cyrillic twin (A, B,
C, E, H, K, M, O, P, T, X, Y). Each character is 4 bits; 32 of them are the 128 bits.

Each group is 4 of those characters and a check character, a Damm check over GF(16)
(``x ∘ y = 2·x + y``, a totally anti-symmetric quasigroup) that starts from the group's
number: every single wrong character and every swap of two neighbours is caught, and so is a
whole group written in another group's place. The mistake is named by its group.

Typing is forgiving: spaces, dashes, case, and Cyrillic letters are read as the code character
they stand for — the one on the same key in the Russian layout (a code typed with the wrong
layout on), else the one they look like (З → 3, И → N). A wrong guess is caught by the check.
"""

from __future__ import annotations

import re
import secrets

from casefile.domain.errors import CasefileError
from casefile.i18n import _, ngettext

ALPHABET = "23456789DFJLNRVW"
GROUPS = 8
DATA_PER_GROUP = 4
GROUP_SIZE = DATA_PER_GROUP + 1
CODE_BYTES = 16  # 128 bits: 32 characters of 4 bits
CONFIRM_GROUPS = 3  # groups typed back to show the code was written down

_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}

# Cyrillic letters, as typed: on the same key of the Russian layout as a code letter (the code
# typed with the wrong layout on) ...
_SAME_KEY = {"В": "D", "А": "F", "О": "J", "Д": "L", "Т": "N", "К": "R", "М": "V", "Ц": "W"}
# ... else the code character they look like, printed or handwritten; and Latin letters and
# digits the code leaves out, read as the code character they are most often mistaken for.
_LOOKS_LIKE = {"З": "3", "Ч": "4", "Б": "6", "И": "N", "Й": "N", "П": "N", "Я": "R",
               "Ш": "W", "Щ": "W", "Г": "F", "Ј": "J",
               "Z": "2", "S": "5", "G": "6", "B": "8", "O": "D", "0": "D", "U": "V"}
READ_AS = {**_LOOKS_LIKE, **_SAME_KEY}
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_.,:;/|]+")


class RecoveryCodeError(CasefileError):
    """A typed code that cannot be right; ``groups`` are the 1-based groups at fault."""

    def __init__(self, message: str, groups: tuple[int, ...] = ()) -> None:
        super().__init__(message)
        self.groups = groups


def _times_two(x: int) -> int:
    """2·x in GF(16) = GF(2)[x] / (x⁴ + x + 1)."""
    x <<= 1
    return x ^ 0b10011 if x & 0b10000 else x


def _fold(start: int, values: list[int]) -> int:
    interim = start
    for value in values:
        interim = _times_two(interim) ^ value
    return interim


def _check_character(position: int, data: str) -> str:
    """The character that folds group ``position`` (0-based) to zero."""
    return ALPHABET[_times_two(_fold(position, [_VALUE[ch] for ch in data]))]


def _group_is_valid(position: int, group: str) -> bool:
    return _fold(position, [_VALUE[ch] for ch in group]) == 0


def encode(data: bytes) -> str:
    """16 bytes as the code shown: ``"4DW7N R82LF …"``, 8 groups of 5."""
    if len(data) != CODE_BYTES:
        raise ValueError("a recovery code holds 16 bytes")
    chars = "".join(ALPHABET[b >> 4] + ALPHABET[b & 0xF] for b in data)
    groups = [chars[i:i + DATA_PER_GROUP] for i in range(0, len(chars), DATA_PER_GROUP)]
    return " ".join(g + _check_character(n, g) for n, g in enumerate(groups))


def generate() -> str:
    """A new code of 128 random bits."""
    return encode(secrets.token_bytes(CODE_BYTES))


def groups(code: str) -> list[str]:
    """The groups of a code as shown (or as typed, once it is read)."""
    return code.split()


def normalise_group(text: str) -> str:
    """What a person typed for one group, as code characters (unknown ones kept as they are)."""
    joined = "".join(_SEPARATORS.split(text.strip())).upper()
    return "".join(READ_AS.get(ch, ch) for ch in joined)


def _split(text: str) -> list[str]:
    tokens = [t for t in _SEPARATORS.split(text.strip()) if t]
    if len(tokens) == GROUPS:
        return [normalise_group(t) for t in tokens]
    joined = normalise_group("".join(tokens))
    if len(joined) != GROUPS * GROUP_SIZE:
        raise RecoveryCodeError(_(
            "a recovery code has 40 characters, in 8 groups of 5; this has {0}").format(
                len(joined)))
    return [joined[i:i + GROUP_SIZE] for i in range(0, len(joined), GROUP_SIZE)]


def _malformed(number: int, group: str) -> RecoveryCodeError | None:
    """A stray character or a wrong length in group ``number`` (1-based), if any."""
    stray = next((ch for ch in group if ch not in _VALUE), None)
    if stray is not None:
        return RecoveryCodeError(_(
            "group {0}: “{1}” is not used in recovery codes (they have only 2–9 and the "
            "Latin letters D F J L N R V W)").format(number, stray), (number,))
    if len(group) != GROUP_SIZE:
        return RecoveryCodeError(_("group {0} has {1} characters instead of 5").format(
            number, len(group)), (number,))
    return None


def _wrong_groups(typed: list[str]) -> tuple[int, ...]:
    """The groups whose check fails; a stray character or a wrong length is raised at once."""
    wrong = []
    for n, group in enumerate(typed, start=1):
        malformed = _malformed(n, group)
        if malformed is not None:
            raise malformed
        if not _group_is_valid(n - 1, group):
            wrong.append(n)
    return tuple(wrong)


def decode(text: str) -> bytes:
    """The 16 bytes of a typed code; a mistake is named by its group."""
    typed = _split(text)
    wrong = _wrong_groups(typed)
    if wrong:
        listed = ", ".join(str(n) for n in wrong)
        raise RecoveryCodeError(ngettext(
            "group {0} of the recovery code has a mistake: check it against the sheet",
            "groups {0} of the recovery code have a mistake: check them against the sheet",
            len(wrong)).format(listed), wrong)
    chars = "".join(g[:DATA_PER_GROUP] for g in typed)
    return bytes(_VALUE[chars[i]] << 4 | _VALUE[chars[i + 1]] for i in range(0, len(chars), 2))


def is_words(text: str) -> bool:
    """Whether the text is a code of the older kind, 12 English words (9 or more words of
    letters only: a code of groups has 8 at most)."""
    tokens = [t for t in _SEPARATORS.split(text.strip()) if t]
    return len(tokens) > GROUPS and all(t.isalpha() and len(t) >= 3 for t in tokens)


def typed_group_problem(code: str, number: int, typed: str) -> str:
    """What is wrong with ``typed`` as group ``number`` (1-based) of ``code``; "" if right."""
    group = normalise_group(typed)
    shown = groups(code)
    if group == shown[number - 1]:
        return ""
    if not group:
        return _("type group {0}").format(number)
    if group in shown:
        return _("this is group {0}; type group {1}").format(shown.index(group) + 1, number)
    malformed = _malformed(number, group)
    if malformed is not None:
        return str(malformed)
    return _("group {0} does not match the code: look at the code again and correct what "
             "you wrote down").format(number)


def groups_to_check(count: int = CONFIRM_GROUPS) -> list[int]:
    """Which groups (1-based, in order) a person types back to show the code is written down."""
    return sorted(secrets.SystemRandom().sample(range(1, GROUPS + 1), count))
