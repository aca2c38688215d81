"""Cell text as field values: enum words, dates as Russian spreadsheets write them, numbers and
money as people type them, yes and no, lines joined. References are resolved by the caller,
which knows the vault (tables.build_preview).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from casefile.domain.fields import FieldSpec, Kind
from casefile.domain.validate import FieldError
from casefile.i18n import _
from casefile.services.interop.tablemap import key, value_names

# ISO, and the day-first forms Russian spreadsheets use.
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")
_DOTTED_DATE_RE = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")
_CURRENCY_RE = re.compile(r"(₽|руб\.?|р\.|rub|RUB|\$|€|eur|EUR|usd|USD)", re.IGNORECASE)
_SPACES_RE = re.compile(r"[\s\u00a0\u202f\u2009']+")


def enum_value(record_type: str, field: FieldSpec, text: str) -> str:
    code = value_names(record_type, field.name).get(key(text))
    if code is None:
        raise FieldError(_("'{0}' is not one of: {1}").format(
            text[:40], ", ".join(_(c.label) for c in field.choices)))
    return code


def date_value(text: str) -> str:
    iso = _ISO_DATE_RE.fullmatch(text)
    dotted = _DOTTED_DATE_RE.fullmatch(text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        if dotted:
            return date(int(dotted[3]), int(dotted[2]), int(dotted[1])).isoformat()
    except ValueError:
        pass
    raise FieldError(_("must be a date such as 2024-03-05 or 05.03.2024, got '{0}'").format(
        text[:40]))


def whole_value(text: str) -> str:
    """'1 958' and '1958.0' (a number cell exported as text) as 1958; the rest as given."""
    compact = _SPACES_RE.sub("", text)
    whole = re.fullmatch(r"(-?\d+)(?:[.,]0+)?", compact)
    return whole[1] if whole else text


def amount_value(text: str) -> str:
    """Money as people type it: "1 500,50", "1,500.50", "1.500,50 ₽", "−200" -> 1500.50."""
    compact = _SPACES_RE.sub("", _CURRENCY_RE.sub("", text)).replace("\u2212", "-")
    if "," in compact and "." in compact:
        decimal_mark = "," if compact.rfind(",") > compact.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        compact = compact.replace(thousands, "").replace(decimal_mark, ".")
    elif compact.count(",") == 1:
        compact = compact.replace(",", ".")
    return compact or text


def yes_no(text: str) -> bool | str:
    folded = key(text)
    if folded in ("да", "yes", "true", "1", "+", "x", "х", "v", "✓"):
        return True
    if folded in ("нет", "no", "false", "0", "-", ""):
        return False
    return text


def one_line(text: str) -> str:
    """A line break inside a one-line field (an address typed on three lines) as ", "."""
    out = ""
    for part in (p.strip() for p in text.splitlines()):
        if not part:
            continue
        if out:
            out += " " if out.endswith((",", ";")) else ", "
        out += part
    return out


def cell_value(record_type: str, field: FieldSpec, text: str) -> Any:  # noqa: PLR0911
    """The cell's text as the value to validate, or FieldError. References are resolved by
    the caller, which knows the vault."""
    kind = field.kind
    if kind is Kind.ENUM:
        return enum_value(record_type, field, text)
    if kind is Kind.DATE:
        return date_value(text)
    if kind is Kind.INT:
        return whole_value(text)
    if kind in (Kind.NUMBER, Kind.DECIMAL):
        return amount_value(text)
    if kind is Kind.BOOL:
        return yes_no(text)
    if kind is Kind.STRLIST:
        return [p.strip() for p in re.split(r"[;\n]", text) if p.strip()]
    if kind in (Kind.TEXT, Kind.EMAIL, Kind.PHONE, Kind.TIMEZONE):
        return one_line(text)
    return text
