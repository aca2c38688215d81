"""One gettext catalog for the whole program: window, command line, validation, print.

Every string a person reads is wrapped in ``_()``. Field and enum labels that are declared
at import time use ``N_()`` (mark only) and are translated where they are shown.
The catalog lives in ``casefile.resources/translations/<lang>/LC_MESSAGES/casefile.mo``.
"""

from __future__ import annotations

import functools
import gettext
import locale
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

DOMAIN = "casefile"
LANGUAGES = ("en", "ru")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
# A document printed in another language than the window's: set for one thread (the one
# rendering it) by ``document_language``; every other thread keeps the program's language.
_local = threading.local()


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext name
    """Mark a string for extraction without translating it yet."""
    return message


def _(message: str) -> str:
    return (getattr(_local, "translation", None) or _translation).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return (getattr(_local, "translation", None) or _translation).ngettext(singular, plural, n)


def system_language() -> str:
    """The language to use when the person has not chosen one: from LANGUAGE/LC_ALL/LANG."""
    for var in ("CASEFILE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            code = value.split(":")[0].split("_")[0].split(".")[0].lower()
            if code in LANGUAGES:
                return code
            if var != "CASEFILE_LANG":
                break
    code = (locale.getlocale()[0] or "en").split("_")[0].lower()
    return code if code in LANGUAGES else "en"


def _load(code: str) -> gettext.NullTranslations:
    if code == "en":  # the strings themselves: no catalog to find
        return gettext.NullTranslations()
    import importlib.resources  # noqa: PLC0415 - a tenth of a start-up: only when needed

    root = importlib.resources.files("casefile.resources") / "translations"
    mo = root / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if mo.is_file():
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    return gettext.NullTranslations()


@functools.cache
def _document_catalog(code: str) -> gettext.NullTranslations:
    return _load(code)  # read once: a batch of documents need not reread the catalog


def set_language(code: str) -> None:
    """Switch the whole program's language ('en' or 'ru')."""
    global _translation, _language  # noqa: PLW0603 - the process has one language at a time
    code = code if code in LANGUAGES else "en"
    _translation = _load(code)
    _language = code


def language() -> str:
    """The language strings are translated into on this thread (a document's, while one
    is rendered in its own language; else the program's)."""
    return getattr(_local, "language", None) or _language


@contextmanager
def document_language(code: str | None) -> Iterator[str]:
    """Translate into ``code`` on this thread only, until the block ends (None: no change).

    A document for a facility is rendered in Russian on a worker thread while the window
    stays in English: the window's thread never sees the switch, and the thread's previous
    language is back afterwards, also after an error.
    """
    if code is None:
        yield language()
        return
    code = code if code in LANGUAGES else "en"
    before = (getattr(_local, "translation", None), getattr(_local, "language", None))
    _local.translation, _local.language = _document_catalog(code), code
    try:
        yield code
    finally:
        _local.translation, _local.language = before


# -- dates and numbers in the chosen language -------------------------------------------------
# Unambiguous written forms: 27.11.2026 in Russian, 27 Nov 2026 in English.
_DATE_PATTERNS = {"ru": "dd.MM.yyyy", "en": "d MMM yyyy"}


def format_date(value: str | None) -> str:
    """An ISO date (YYYY-MM-DD) as people in the chosen language write it."""
    from datetime import date  # noqa: PLC0415

    from babel.dates import format_date as babel_date  # noqa: PLC0415

    if not value:
        return ""
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return value
    return babel_date(day, _DATE_PATTERNS.get(language(), "d MMM yyyy"), locale=language())


_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_DATE_NAMED = re.compile(r"^(\d{1,2})\s+([^\W\d_]{3,})\.?,?\s+(\d{4})$")


@functools.cache
def _month_prefixes() -> dict[str, int]:
    """The first three letters of each month's name in every language (and case) -> month."""
    from babel.dates import get_month_names  # noqa: PLC0415

    return {str(name)[:3].casefold(): month
            for code in LANGUAGES for context in ("format", "stand-alone")
            for month, name in get_month_names("wide", context, locale=code).items()}


def parse_date(text: str | None) -> str | None:
    """A date as people write it, as ISO (YYYY-MM-DD); None if ``text`` is not one.

    Read: 2026-11-27, 27.11.2026 and 27 Nov 2026 / 27 ноября 2026 (what ``format_date``
    writes in either language), whatever the chosen language.
    """
    from datetime import date  # noqa: PLC0415

    text = " ".join((text or "").split())
    if m := _DATE_ISO.match(text):
        year, month, day = (int(g) for g in m.groups())
    elif m := _DATE_DMY.match(text):
        day, month, year = (int(g) for g in m.groups())
    elif (m := _DATE_NAMED.match(text)) and m[2][:3].casefold() in _month_prefixes():
        day, month, year = int(m[1]), _month_prefixes()[m[2][:3].casefold()], int(m[3])
    else:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def format_moment(value: str | None) -> str:
    """An ISO time with offset, on the court's own clock: '01.12.2026 10:00 (+05:00)'."""
    from datetime import datetime  # noqa: PLC0415

    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    shown = f"{format_date(moment.date().isoformat())} {moment:%H:%M}"
    if moment.tzinfo is None:
        return shown
    return f"{shown} ({moment.isoformat(timespec='minutes')[16:]})"


def format_amount(value: str | float | None) -> str:
    """Money with the language's grouping and decimal sign: 200 000,00 / 200,000.00."""
    from decimal import Decimal, InvalidOperation  # noqa: PLC0415

    from babel.numbers import format_decimal  # noqa: PLC0415

    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return format_decimal(number, "#,##0.00", locale=language())


def format_number(value: float) -> str:
    return _format_number(value, language())


@functools.lru_cache(maxsize=4096, typed=True)
def _format_number(value: float, language: str) -> str:
    # Cached: babel takes tens of microseconds a number, and a batch of manifests formats
    # the same weights and counts thousands of times.
    from babel.numbers import format_decimal  # noqa: PLC0415

    return format_decimal(value, "#,##0.###", locale=language)


def format_month(value: str | None, *, year: bool = True) -> str:
    """A month ('YYYY-MM' or an ISO date) for chart axes: 'март 2026' / 'Mar 2026'."""
    from datetime import date  # noqa: PLC0415

    from babel.dates import format_date as babel_date  # noqa: PLC0415

    if not value:
        return ""
    try:
        day = date(int(value[:4]), int(value[5:7]), 1)
    except ValueError:
        return value
    return babel_date(day, "LLL yyyy" if year else "LLL", locale=language())


def currency_symbol(code: str) -> str:
    """A currency as the language shows it: '₽' in Russian, 'RUB' in English, '€' in both."""
    from babel.numbers import get_currency_symbol  # noqa: PLC0415

    try:
        return get_currency_symbol(code, locale=language())
    except (ValueError, LookupError):
        return code
