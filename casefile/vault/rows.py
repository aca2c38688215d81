"""The rows a record makes, built once for every path that stores one.

How a field's value is kept in its column (``encode``, ``decode``), the change-log row of a
write, and a new record's registry and typed-table rows. RecordStore.add, a bulk import
(casefile/vault/bulk.py) and the merge of others' writes build them here, so every path
stores the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from casefile.domain.fields import FieldSpec, Kind, RecordSpec
from casefile.domain.records import SPECS
from casefile.domain.validate import parcel_total_weight
from casefile.vault.schema import quote


def encode(spec: FieldSpec, value: Any) -> Any:
    if value is None:
        return None
    if spec.is_list:
        return json.dumps(value, ensure_ascii=False)
    if spec.kind is Kind.BOOL:
        return int(bool(value))
    return value


def decode(spec: FieldSpec, value: Any) -> Any:
    if spec.is_list:
        return json.loads(value) if value else []
    if spec.kind is Kind.BOOL:
        return None if value is None else bool(value)
    return value


# The rows of a new record and of a write.

INSERT_CHANGE = ("INSERT INTO change(origin, seq, hlc, record_id, record_type, op, fields, "
                 "replaces) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
INSERT_RECORD = ("INSERT INTO record(id, type, created_at, updated_at, local_only, tags) "
                 "VALUES (?, ?, ?, ?, ?, ?)")


def new_fields(spec: RecordSpec, values: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
    """Every writable field of a new record from validated ``values``, and its local_only."""
    fields = {f.name: values.get(f.name, [] if f.is_list else None)
              for f in spec.writable_fields}
    if spec.type == "parcel":
        fields["total_weight_g"] = parcel_total_weight(fields.get("items"))
    return fields, bool(values.get("local_only", False))


Tag = tuple[str, int, str]  # (origin, seq, hlc) of one write


# What json.dumps(..., ensure_ascii=False, sort_keys=True) and json.dumps(..., sort_keys=True)
# make, without building an encoder for every call.
_FIELDS_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
_REPLACES_JSON = json.JSONEncoder(sort_keys=True).encode
_key_json = cache(json.dumps)


def change_row(tag: Tag, record_id: str, record_type: str, op: str, *,
               fields: Mapping[str, Any], replaces: Mapping[str, Any]) -> tuple[Any, ...]:
    return (*tag, record_id, record_type, op, _FIELDS_JSON(fields), _REPLACES_JSON(replaces))


def record_row(spec: RecordSpec, record_id: str, fields: Mapping[str, Any], local_only: bool, *,
               tag: Tag, stamp: str) -> tuple[Any, ...]:
    """The registry row of a new record: every field (and local_only) written by one put.

    Its tags are json.dumps({name: [list(tag)] for name in [*fields, "local_only"]}), put
    together from the one tag's JSON and each name's (cached): a third of the cost.
    """
    one = json.dumps([list(tag)])
    tags = "{" + ", ".join(f"{_key_json(name)}: {one}" for name in [*fields, "local_only"]) + "}"
    return (record_id, spec.type, stamp, stamp, int(local_only), tags)


def insert_typed_sql(spec: RecordSpec) -> str:
    return _insert_typed_sql(spec.type)


@cache
def _insert_typed_sql(record_type: str) -> str:
    spec = SPECS[record_type]
    names = ["id", *(f.name for f in spec.writable_fields)]
    if spec.type == "parcel":
        names.append("total_weight_g")
    return (f"INSERT INTO {spec.table} ({', '.join(map(quote, names))}) "
            f"VALUES ({', '.join('?' * len(names))})")


def typed_row(spec: RecordSpec, record_id: str, fields: Mapping[str, Any]) -> tuple[Any, ...]:
    """The typed table's row, in the column order of insert_typed_sql (new_fields' order)."""
    return (record_id, *(encode(spec.field(n), v)  # type: ignore[arg-type]
                         for n, v in fields.items()))
