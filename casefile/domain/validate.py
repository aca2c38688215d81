"""Validate and normalise record data against the field specs.

Every value is checked here, before storage sees it: type, enum membership, ranges,
dates, time zones, list shapes. References are checked for existence by the vault.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from casefile.domain.errors import ValidationError
from casefile.domain.fields import FieldSpec, Kind, RecordSpec
from casefile.domain.records import SPECS
from casefile.i18n import N_, _

MAX_TEXT = 1_000
MAX_LONGTEXT = 1_000_000
MAX_LIST = 500
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^[0-9+()\-.\s]{3,40}$")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Half of a UTF-16 pair on its own (JSON's "\ud800", undecodable bytes in an argument): no
# text, and SQLite, UTF-8 files and the terminal all refuse it.
SURROGATE_RE = re.compile("[\ud800-\udfff]")
# Dates and times outside these years are typing errors; years 1 and 9999 also break time zone
# arithmetic (a calendar, a case summary) at the edge of what Python's dates can hold.
FIRST_YEAR, LAST_YEAR = 1800, 2200


IGNORED = frozenset({"id", "type", "created_at", "updated_at", "total_weight_g"})
# Every record's "never leaves this vault in a bundle" switch.
LOCAL_ONLY = FieldSpec("local_only", Kind.BOOL, N_("Local only"), default=False,
                       help=N_("Kept in this vault: never sent to contacts in a bundle"))


class FieldError(ValueError):
    pass


def spec_for(record_type: str) -> RecordSpec:
    spec = SPECS.get(record_type)
    if spec is None:
        raise ValidationError(
            "record",
            {"type": _("unknown type '{0}'; expected one of: {1}").format(
                record_type, ", ".join(SPECS))},
        )
    return spec


# The canonical 8-4-4-4-12 form, in either case: exactly what str(uuid.UUID(v)) gives back
# for v.lower(). A pattern, because an import checks a few hundred thousand ids.
UUID_RE = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def is_uuid(value: object) -> bool:
    return isinstance(value, str) and UUID_RE.fullmatch(value) is not None


def normal_id(value: str) -> str:
    """A record id as the vault keeps it: lower case. The same UUID in capitals (as some
    tools write it) is the same record, never a second one."""
    return value.lower() if is_uuid(value) else value


def _text(value: Any, limit: int, *, multiline: bool) -> str:
    if not isinstance(value, str):
        raise FieldError(_("must be text"))
    if len(value) > limit:
        raise FieldError(_("is longer than {0} characters").format(limit))
    if CONTROL_RE.search(value) or (not multiline and ("\n" in value or "\r" in value)):
        raise FieldError(_("contains control characters"))
    if SURROGATE_RE.search(value):
        raise FieldError(_("is not valid text (it holds a lone UTF-16 surrogate)"))
    return value.strip() if not multiline else value


def _holds_surrogate(value: Any) -> bool:
    """Any text in ``value``, however deeply nested (iterative: no recursion limit)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if SURROGATE_RE.search(item):
                return True
        elif isinstance(item, Mapping):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return False


def _in_years(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise FieldError(_("must be in the years {0} to {1}").format(FIRST_YEAR, LAST_YEAR))


def _int(value: Any, spec: FieldSpec) -> int:
    if isinstance(value, bool):
        raise FieldError(_("must be a whole number"))
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,12}\s*", value):
        value = int(value)
    if not isinstance(value, int):
        raise FieldError(_("must be a whole number"))
    _range(value, spec)
    return value


def _number(value: Any, spec: FieldSpec) -> float:
    if isinstance(value, bool):
        raise FieldError(_("must be a number"))
    try:
        number = float(Decimal(str(value).strip().replace(",", ".")))
    except (InvalidOperation, ValueError):
        raise FieldError(_("must be a number")) from None
    if not math.isfinite(number):
        raise FieldError(_("must be a number"))
    _range(number, spec)
    return number


def _range(value: float, spec: FieldSpec) -> None:
    if spec.min_value is not None and value < spec.min_value:
        raise FieldError(_("must be at least {0}").format(spec.min_value))
    if spec.max_value is not None and value > spec.max_value:
        raise FieldError(_("must be at most {0}").format(spec.max_value))


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no", "1", "0"):
        return value.lower() in ("true", "yes", "1")
    raise FieldError(_("must be true or false"))


def _date(value: Any) -> str:
    if isinstance(value, date) and not isinstance(value, datetime):
        _in_years(value.year)
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            pass
        else:
            _in_years(day.year)
            return day.isoformat()
    raise FieldError(_("must be a date as YYYY-MM-DD, got '{0}'").format(str(value)[:40]))


def _datetime(value: Any, zone: str | None) -> str:
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            parsed = None
        if parsed is not None:
            _in_years(parsed.year)
            if parsed.tzinfo is None:
                if zone is None:
                    raise FieldError(
                        _("needs a UTC offset such as +05:00, or a time zone on the record"))
                parsed = parsed.replace(tzinfo=ZoneInfo(zone))
            return parsed.isoformat(timespec="minutes")
    raise FieldError(
        _("must be a date and time as YYYY-MM-DDTHH:MM+HH:MM, got '{0}'").format(str(value)[:40]))


def _decimal(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise FieldError(_("must be a decimal number written as text, such as \"1500.00\""))
    try:
        number = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise FieldError(_("must be a decimal number such as 1500.00")) from None
    if not number.is_finite() or abs(number) >= Decimal(10) ** 15:
        raise FieldError(_("must be a decimal number such as 1500.00"))
    return format(number, "f")


def _timezone(value: Any) -> str:
    if isinstance(value, str) and value and len(value) < 64 and ".." not in value:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: 'Asia' is a folder
            pass
        else:
            return value
    raise FieldError(_("must be an IANA time zone such as Asia/Yekaterinburg, got '{0}'").format(
        str(value)[:40]))


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise FieldError(_("must be a list"))
    if len(value) > MAX_LIST:
        raise FieldError(_("holds more than {0} entries").format(MAX_LIST))
    return value


def _items(value: Any) -> list[dict[str, Any]]:
    items = []
    for n, raw in enumerate(_list(value), start=1):
        if not isinstance(raw, Mapping):
            raise FieldError(_("item {0} must be an object with name, quantity, unit_weight_g")
                             .format(n))
        unknown = set(raw) - {"name", "quantity", "unit_weight_g", "value_rub"}
        if unknown:
            raise FieldError(_("item {0} has unknown keys: {1}").format(n, ", ".join(
                sorted(map(str, unknown)))))
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            raise FieldError(_("item {0} needs a name").format(n))
        quantity = raw.get("quantity", 1)
        weight = raw.get("unit_weight_g", 0)
        if isinstance(quantity, bool) or not isinstance(quantity, int) \
                or not 1 <= quantity <= 10_000:
            raise FieldError(_("item {0}: quantity must be a whole number from 1 to 10000")
                             .format(n))
        if isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= 100_000:
            raise FieldError(_("item {0}: unit_weight_g must be whole grams from 0 to 100000")
                             .format(n))
        item = {"name": _text(name, 200, multiline=False), "quantity": quantity,
                "unit_weight_g": weight}
        value = raw.get("value_rub")
        if value is not None and value != "":
            # The declared value of one (form 107), in roubles; absent when not declared.
            try:
                declared = _decimal(value)
            except FieldError as error:
                raise FieldError(_("item {0}: value_rub {1}").format(n, error)) from None
            if Decimal(declared) < 0:
                raise FieldError(_("item {0}: value_rub cannot be negative").format(n))
            item["value_rub"] = declared
        items.append(item)
    return items


def _enum(value: Any, spec: FieldSpec) -> str:
    if value not in spec.choice_values:
        raise FieldError(_("'{0}' is not one of: {1}").format(
            str(value)[:40], ", ".join(spec.choice_values)))
    return str(value)


def _email(value: Any) -> str:
    text = _text(value, 254, multiline=False)
    if not EMAIL_RE.match(text):
        raise FieldError(_("is not an e-mail address"))
    return text


def _phone(value: Any) -> str:
    text = _text(value, 40, multiline=False)
    if not PHONE_RE.match(text):
        raise FieldError(_("is not a phone number"))
    return text


def _ref(value: Any, spec: FieldSpec) -> str:
    if not is_uuid(value):
        raise FieldError(_("must be the id of a {0}").format(spec.ref))
    return normal_id(value)


def _reflist(value: Any, spec: FieldSpec) -> list[str]:
    ids = _list(value)
    if not all(is_uuid(one) for one in ids):
        raise FieldError(_("must be a list of ids of {0} records").format(spec.ref))
    return list(dict.fromkeys(normal_id(one) for one in ids))


# One checker per kind: (value, spec, court zone) -> normalised value.
_CHECKERS: dict[Kind, Callable[[Any, FieldSpec, str | None], Any]] = {
    Kind.TEXT: lambda v, s, z: _text(v, s.max_length or MAX_TEXT, multiline=False),
    Kind.LONGTEXT: lambda v, s, z: _text(v, MAX_LONGTEXT, multiline=True),
    Kind.INT: lambda v, s, z: _int(v, s),
    Kind.NUMBER: lambda v, s, z: _number(v, s),
    Kind.BOOL: lambda v, s, z: _bool(v),
    Kind.DATE: lambda v, s, z: _date(v),
    Kind.DATETIME: lambda v, s, z: _datetime(v, z),
    Kind.DECIMAL: lambda v, s, z: _decimal(v),
    Kind.TIMEZONE: lambda v, s, z: _timezone(v),
    Kind.ENUM: lambda v, s, z: _enum(v, s),
    Kind.EMAIL: lambda v, s, z: _email(v),
    Kind.PHONE: lambda v, s, z: _phone(v),
    Kind.REF: lambda v, s, z: _ref(v, s),
    Kind.REFLIST: lambda v, s, z: _reflist(v, s),
    Kind.STRLIST: lambda v, s, z: [_text(x, MAX_TEXT, multiline=False) for x in _list(v)],
    Kind.ITEMS: lambda v, s, z: _items(v),
}


def check_value(spec: FieldSpec, value: Any, zone: str | None = None) -> Any:
    """The normalised value of one field, or FieldError naming what is wrong."""
    if value is None or value == "" or (spec.is_list and value == []):
        if spec.required:
            raise FieldError(_("is required"))
        return [] if spec.is_list else None
    if _holds_surrogate(value):
        raise FieldError(_("is not valid text (it holds a lone UTF-16 surrogate)"))
    checked = _CHECKERS[spec.kind](value, spec, zone)
    if spec.required and isinstance(checked, str) and not checked.strip():
        raise FieldError(_("is required"))  # spaces alone are no name, title or date
    return checked


def validate(record_type: str, data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Check ``data`` for a record of ``record_type``; return the normalised fields.

    With ``partial`` (an edit), only the given fields are checked and required fields may be
    absent. ``local_only`` is accepted as a field of every record; read-only and unknown
    fields are refused. Raises ValidationError naming every wrong field.
    """
    spec = spec_for(record_type)
    if not isinstance(data, Mapping):
        raise ValidationError(record_type, {"data": _("must be a JSON object")})
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    zone = data.get("timezone") if spec.field("timezone") else None
    zone = zone if isinstance(zone, str) and _zone_ok(zone) else None
    for name, value in data.items():
        if name in IGNORED:
            continue  # identity and computed values are the vault's to set
        field = spec.field(name) if isinstance(name, str) else None
        if name == "local_only":
            field = LOCAL_ONLY
        elif field is None or field.readonly:
            errors[str(name)[:40]] = _("unknown field; {0} has: {1}").format(
                record_type, ", ".join(f.name for f in spec.writable_fields))
            continue
        try:
            out[name] = check_value(field, value, zone)
        except FieldError as exc:
            errors[name] = str(exc)
    if not partial:
        for field in spec.writable_fields:
            if field.name not in data:
                if field.required:
                    errors.setdefault(field.name, _("is required"))
                else:
                    out[field.name] = [] if field.is_list else field.default
    if errors:
        raise ValidationError(record_type, errors)
    return out


def _zone_ok(zone: str) -> bool:
    try:
        _timezone(zone)
    except FieldError:
        return False
    return True


def parcel_total_weight(items: list[dict[str, Any]] | None) -> int:
    return sum(int(i["quantity"]) * int(i["unit_weight_g"]) for i in items or [])
