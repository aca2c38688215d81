"""Field specifications: the single description of what each record field is.

Validation, the storage schema, the command line's JSON, bundles and the window's
editors all read these specs, so a field is added in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property


class Kind(Enum):
    TEXT = "text"  # one line
    LONGTEXT = "longtext"  # notes, letter bodies
    INT = "int"
    NUMBER = "number"  # a measurement such as kilograms; stored as REAL
    BOOL = "bool"
    DATE = "date"  # YYYY-MM-DD
    DATETIME = "datetime"  # ISO 8601 with a UTC offset
    DECIMAL = "decimal"  # money, kept as a string so nothing is rounded
    ENUM = "enum"
    REF = "ref"  # id of another record
    REFLIST = "reflist"  # list of ids of other records
    STRLIST = "strlist"
    ITEMS = "items"  # parcel items: [{"name", "quantity", "unit_weight_g"}]
    TIMEZONE = "timezone"  # IANA name
    EMAIL = "email"
    PHONE = "phone"


class Search(Enum):
    """Which full-text column a field feeds, if any."""

    NONE = "none"
    TITLE = "title"  # ranked highest
    NAME = "name"  # a person's or place's name: also indexed under transliteration
    BODY = "body"


# SQLite column types; every other kind is TEXT (lists as JSON).
SQL_TYPES = {
    Kind.INT: "INTEGER",
    Kind.BOOL: "INTEGER",
    Kind.NUMBER: "REAL",
}


@dataclass(frozen=True)
class Choice:
    value: str
    label: str  # msgid, translated where shown


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: Kind
    label: str  # msgid
    required: bool = False
    choices: tuple[Choice, ...] = ()
    ref: str | None = None  # target record type for REF / REFLIST
    search: Search = Search.NONE
    min_value: int | None = None
    max_value: int | None = None
    max_length: int | None = None
    readonly: bool = False  # computed by casefile, never written by a person
    default: object = None
    # Volunteers' documents and bundles to narrow scopes may leave out private fields.
    private: bool = False
    help: str = ""
    empty: str = ""  # msgid: what an ENUM's empty choice means when it means something

    # Cached: validation asks for each value of a record (an import asks millions of times).
    @cached_property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    @property
    def sql_type(self) -> str:
        return SQL_TYPES.get(self.kind, "TEXT")

    @cached_property
    def is_list(self) -> bool:
        return self.kind in (Kind.REFLIST, Kind.STRLIST, Kind.ITEMS)


@dataclass(frozen=True)
class RecordSpec:
    type: str  # the contract's TYPE word
    label: str  # msgid, singular
    plural: str  # msgid
    fields: tuple[FieldSpec, ...]
    title_fields: tuple[str, ...]  # what names a record in lists and search hits
    list_columns: tuple[str, ...] = ()
    default_sort: tuple[str, bool] = ("updated_at", True)  # (column, descending)
    # Records whose FIELD equals VALUE come first in the default order (lawyers in Contacts).
    first: tuple[str, str] | None = None
    _by_name: dict[str, FieldSpec] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name.update({f.name: f for f in self.fields})

    def field(self, name: str) -> FieldSpec | None:
        return self._by_name.get(name)

    @property
    def table(self) -> str:
        # "case" is an SQL keyword; every typed table gets a prefix so none ever collides.
        return f"r_{self.type}"

    @property
    def writable_fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if not f.readonly)


def choices(*pairs: tuple[str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(v, label) for v, label in pairs)
