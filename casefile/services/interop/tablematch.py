"""Spreadsheet rows matched to records already there: names in cells as references (a
letter's "ФИО" column to its person_id), the keys that make a row a duplicate (people by
full name and year of birth, contacts and facilities by name, all folded), and what a
duplicate row would fill in or differs in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from casefile.domain.describe import choice_label, record_title
from casefile.domain.fields import FieldSpec, Kind
from casefile.domain.records import SPECS
from casefile.domain.validate import FieldError, is_uuid
from casefile.i18n import _
from casefile.services.interop.tablemap import name_key
from casefile.services.records.session import Session

# What names a record of each referenced type in a spreadsheet cell.
REF_NAME_FIELDS = {"person": ("full_name",), "facility": ("name",), "contact": ("full_name",),
                   "case": ("title", "case_number")}


class References:
    """Names in cells as ids: a reference resolves to exactly one record, folded."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._index: dict[str, dict[str, list[str]]] = {}

    def _names(self, record_type: str) -> dict[str, list[str]]:
        if record_type not in self._index:
            index: dict[str, list[str]] = {}
            for record in self.session.list(record_type, order="created_at"):
                for name in REF_NAME_FIELDS.get(record_type, ()):
                    if record.get(name):
                        ids = index.setdefault(name_key(str(record[name])), [])
                        if record["id"] not in ids:
                            ids.append(record["id"])
            self._index[record_type] = index
        return self._index[record_type]

    def resolve(self, spec: FieldSpec, text: str) -> str:
        target = spec.ref or ""
        if is_uuid(text.strip().lower()):
            return text.strip().lower()
        found = self._names(target).get(name_key(text), [])
        label = _(SPECS[target].label).lower()
        if not found:
            raise FieldError(_("no {0} named “{1}” in the vault").format(label, text[:80]))
        if len(found) > 1:
            raise FieldError(_("more than one {0} is named “{1}” ({2} found); give the id "
                               "instead").format(label, text[:80], len(found)))
        return found[0]


def _person_key(values: Mapping[str, Any]) -> tuple[str, ...] | None:
    name = values.get("full_name")
    return (name_key(name), str(values.get("birth_year") or "")) if name else None


def _name_key_of(field_name: str) -> Callable[[Mapping[str, Any]], tuple[str, ...] | None]:
    def key_of(values: Mapping[str, Any]) -> tuple[str, ...] | None:
        name = values.get(field_name)
        return (name_key(name),) if name else None
    return key_of


# People: same full name and year of birth; contacts and facilities: same name.
DUPLICATE_KEYS: dict[str, Callable[[Mapping[str, Any]], tuple[str, ...] | None]] = {
    "person": _person_key,
    "contact": _name_key_of("full_name"),
    "facility": _name_key_of("name"),
}


def _empty(value: Any) -> bool:
    return value is None or value in ("", [])


def compare(record_type: str, existing: Mapping[str, Any],
            incoming: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, tuple[Any, Any]]]:
    """(fills, differs): the existing record's empty fields that ``incoming`` would fill,
    and fields where both have a value and they differ (kept as they are)."""
    fills: dict[str, Any] = {}
    differs: dict[str, tuple[Any, Any]] = {}
    spec = SPECS[record_type]
    for name, value in incoming.items():
        field_spec = spec.field(name)
        if field_spec is None or _empty(value) or value == field_spec.default:
            continue
        there = existing.get(name)
        if _empty(there):
            fills[name] = value
        elif there != value and not _same_text(field_spec, there, value):
            differs[name] = (_shown(record_type, field_spec, there),
                             _shown(record_type, field_spec, value))
    return fills, differs


def _same_text(spec: FieldSpec, there: Any, here: Any) -> bool:
    if spec.kind in (Kind.TEXT, Kind.LONGTEXT) and isinstance(there, str) \
            and isinstance(here, str):
        return name_key(there) == name_key(here)
    return False


def _shown(record_type: str, spec: FieldSpec, value: Any) -> Any:
    return choice_label(record_type, spec.name, value) if spec.kind is Kind.ENUM else value


def title(record_type: str, values: Mapping[str, Any]) -> str:
    title = record_title({"type": record_type, **values})
    if record_type == "person" and values.get("birth_year"):
        title += f" ({values['birth_year']})"
    return title
