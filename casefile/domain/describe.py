"""How a record is named in lists, search hits and pickers."""

from __future__ import annotations

from typing import Any

from casefile.domain.fields import Kind
from casefile.domain.records import SPECS
from casefile.i18n import _, format_date


def choice_label(record_type: str, field_name: str, value: Any) -> str:
    spec = SPECS[record_type].field(field_name)
    if spec is None or value is None:
        return "" if value is None else str(value)
    for choice in spec.choices:
        if choice.value == value:
            return _(choice.label)
    return str(value)


def record_title(record: dict[str, Any], *, shown: bool = False) -> str:
    """"Дело Сорокина", "суд · Мещанский районный суд". Dates stay ISO (the command line's
    titles, which scripts read); ``shown`` — for the window — writes them as the language does
    and names the type before a title that is only a date ("Посылка · 09.12.2026")."""
    record_type = record.get("type", "")
    spec = SPECS.get(record_type)
    if spec is None:
        return str(record.get("id", ""))
    parts = []
    dated = False
    for name in spec.title_fields:
        field = spec.field(name)
        value = record.get(name)
        if value in (None, ""):
            continue
        kind = field.kind if field else None
        if kind is Kind.ENUM:
            parts.append(choice_label(record_type, name, value))
        elif shown and kind is Kind.DATE:
            parts.append(format_date(str(value)))
            dated = True
        else:
            parts.append(str(value))
    if shown and dated and len(parts) == 1:
        parts.insert(0, _(spec.label))
    return " · ".join(parts) if parts else _(spec.label)


def shown_title(record: dict[str, Any]) -> str:
    """A record's title as the window shows it (see ``record_title``)."""
    return record_title(record, shown=True)
