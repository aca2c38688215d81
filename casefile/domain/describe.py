"""How a record is named in lists, search hits and pickers."""

from __future__ import annotations

from typing import Any

from casefile.domain.fields import Kind
from casefile.domain.records import SPECS
from casefile.i18n import _


def choice_label(record_type: str, field_name: str, value: Any) -> str:
    spec = SPECS[record_type].field(field_name)
    if spec is None or value is None:
        return "" if value is None else str(value)
    for choice in spec.choices:
        if choice.value == value:
            return _(choice.label)
    return str(value)


def record_title(record: dict[str, Any]) -> str:
    record_type = record.get("type", "")
    spec = SPECS.get(record_type)
    if spec is None:
        return str(record.get("id", ""))
    parts = []
    for name in spec.title_fields:
        field = spec.field(name)
        value = record.get(name)
        if value in (None, ""):
            continue
        parts.append(choice_label(record_type, name, value)
                     if field and field.kind is Kind.ENUM else str(value))
    return " · ".join(parts) if parts else _(spec.label)
