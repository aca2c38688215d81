"""How long a passphrase would hold against a lab that has the seized disk.

The attack that matters here is offline: the vault folder copied from a seized laptop, and
passphrases tried against its Argon2id slot (64 MiB a guess) on many machines at once. This
estimates the number of guesses such a lab would need and says it as time at
ATTACK_GUESSES_PER_SECOND.

zxcvbn (Dropbox's estimator) finds common passwords, English words, names, dates, keyboard
patterns and repeats, but knows no Russian: it prices a Cyrillic word as random letters, so
"Кагарлицкий1958" comes out as strong. So a second estimate treats every Cyrillic word as one
pick from a list of common words and names (and a four-digit year as a year), and the lower
of the two counts.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from casefile.i18n import _, format_number, ngettext
from casefile.vault import keys

# The least time (seconds) key derivation may be calibrated to for a new vault or passphrase;
# the command line refuses a lower --kdf-seconds.
MIN_KDF_SECONDS = keys.MIN_KDF_SECONDS
ATTACK_GUESSES_PER_SECOND = 1_000  # generous for Argon2id at 64 MiB, across a lab's machines
SECONDS_PER_YEAR = 365.25 * 24 * 3600
WEAK_BELOW_YEARS = 1.0
STRONG_FROM_YEARS = 1_000.0
ZXCVBN_MAX_CHARS = 72  # zxcvbn refuses longer input (its run time grows fast with length)
CYRILLIC_WORD_LOG10 = 5.0  # ~100,000 common Russian words, names and their forms
SHORT_WORD_LOG10 = 1.5  # a one- or two-letter word
YEAR_LOG10 = 2.0  # 1900-2099
_TOKEN_RE = re.compile(r"[^\W\d_]+|\d+|[^\w\s]")
_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
_YEAR_RE = re.compile(r"^(19|20)\d\d$")


@dataclass(frozen=True)
class Strength:
    level: str  # weak, fair, strong
    guesses_log10: float
    reasons: tuple[str, ...]  # what makes it easier to guess, translated

    @property
    def years(self) -> float:
        return _years(self.guesses_log10)

    def describe(self) -> str:
        """One paragraph for the person choosing it."""
        label = {"weak": _("Weak passphrase"), "fair": _("Fair passphrase"),
                 "strong": _("Strong passphrase")}[self.level]
        text = label + ": " + _("a lab with the seized disk, trying {0} passphrases a second, "
                                "would need {1}.").format(
            format_number(ATTACK_GUESSES_PER_SECOND), _duration(self.years))
        if self.level != "strong":
            text += "".join(" " + reason for reason in self.reasons)
            text += " " + _("Four or more words picked at random (not a phrase, a name or a "
                            "date) make a strong one.")
        return text


def _years(guesses_log10: float) -> float:
    """Years to try all the guesses at the lab's rate (infinite past a float's range)."""
    exponent = guesses_log10 - math.log10(ATTACK_GUESSES_PER_SECOND * SECONDS_PER_YEAR)
    return math.inf if exponent > 300 else 10.0 ** exponent


def _duration(years: float) -> str:
    seconds = years * SECONDS_PER_YEAR
    if seconds < 3600:
        return _("less than an hour")
    if seconds < 86_400:
        return _("hours")
    if years < 1:
        days = max(1, round(seconds / 86_400))
        return ngettext("about {0} day", "about {0} days", days).format(format_number(days))
    if years < 1_000_000:
        whole = round(years)
        return ngettext("about {0} year", "about {0} years", whole).format(format_number(whole))
    return _("more than a million years")


def _token_log10(token: str) -> tuple[float, str | None]:
    if token.isdigit():
        if _YEAR_RE.match(token):
            return YEAR_LOG10, _("It contains a year.")
        return float(len(token)), None
    if not token[0].isalpha():
        return 1.0, None  # a punctuation mark
    if len(token) <= 2:
        return SHORT_WORD_LOG10, None
    if _CYRILLIC_RE.search(token):
        return CYRILLIC_WORD_LOG10, None
    return min(_zxcvbn(token[:ZXCVBN_MAX_CHARS])["guesses_log10"], 12.0), None


def _words_estimate(passphrase: str) -> tuple[float, list[str]]:
    total, reasons = 0.0, []
    for token in _TOKEN_RE.findall(passphrase):
        value, reason = _token_log10(token)
        total += value
        if reason and reason not in reasons:
            reasons.append(reason)
    return total, reasons


def _zxcvbn(text: str) -> dict[str, Any]:
    from zxcvbn import zxcvbn  # noqa: PLC0415 - its word lists load in ~0.1 s: only when asked

    result: dict[str, Any] = zxcvbn(text)  # zxcvbn has no type hints
    return result


_PATTERN_REASONS = {
    "date": lambda: _("It contains a date."),
    "repeat": lambda: _("It repeats characters."),
    "sequence": lambda: _("It contains a run like abc or 123."),
    "spatial": lambda: _("It contains a keyboard pattern."),
}


def _zxcvbn_estimate(passphrase: str) -> tuple[float, list[str]]:
    if len(passphrase) > ZXCVBN_MAX_CHARS:
        return math.inf, []
    result = _zxcvbn(passphrase)
    reasons = []
    for match in result["sequence"]:
        pattern = match["pattern"]
        # A common password that is most of it (not a short word inside a long phrase).
        if pattern == "dictionary" and match.get("dictionary_name") == "passwords" \
                and match.get("rank", 10**9) <= 10_000 \
                and len(match["token"]) >= 0.6 * len(passphrase.strip()):
            reasons.append(_("It is on lists of common passwords."))
        elif pattern in _PATTERN_REASONS:
            reasons.append(_PATTERN_REASONS[pattern]())
    return float(result["guesses_log10"]), list(dict.fromkeys(reasons))


def assess(passphrase: str) -> Strength:
    if not passphrase:
        return Strength("weak", 0.0, ())
    zx, zx_reasons = _zxcvbn_estimate(passphrase)
    words, word_reasons = _words_estimate(passphrase)
    log10 = min(zx, words)
    reasons = tuple(dict.fromkeys(zx_reasons + word_reasons))
    years = _years(log10)
    level = ("weak" if years < WEAK_BELOW_YEARS
             else "strong" if years >= STRONG_FROM_YEARS else "fair")
    return Strength(level, log10, reasons)
