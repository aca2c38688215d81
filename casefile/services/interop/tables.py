"""Spreadsheet rows as records: preview every row's problems and duplicates, then import.

The steps, shared by ``casefile import-table`` and the window's wizard:

1. ``read_table`` (tablefile) reads the CSV or XLSX; ``guess_mapping`` (tablemap) says which
   column is which field, and the person may change that.
2. ``build_preview`` converts every cell (tablecells) and validates every row with the
   domain's own validator, resolves names to references (a letter's "ФИО" column to its
   person_id), and finds duplicates: within the file and against the vault (people by full
   name and year of birth, contacts and facilities by name, all folded; tablematch).
3. ``apply_import`` writes in one transaction: every row, or nothing when any row has a
   problem — or, when the person chooses, only the valid rows. A duplicate is merged into
   the record it matches (its empty fields filled, differing fields reported, nothing
   overwritten) or skipped, never stored twice.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from casefile.domain.errors import CasefileError, ValidationError
from casefile.domain.fields import Kind
from casefile.domain.records import SPECS
from casefile.domain.validate import FieldError, validate
from casefile.i18n import _, ngettext
from casefile.services.interop.tablecells import cell_value
from casefile.services.interop.tablefile import Table
from casefile.services.interop.tablemap import (
    IGNORE,
    TABLE_TYPES,
    check_type,
    mapping_problems,
)
from casefile.services.interop.tablematch import DUPLICATE_KEYS, References, compare, title
from casefile.services.records.session import Session

__all__ = ["TABLE_TYPES", "Duplicate", "ImportResult", "Merge", "Preview", "Problem",
           "RowProblemsError", "apply_import", "build_preview"]


@dataclass(frozen=True)
class Problem:
    row: int  # as the spreadsheet shows it
    column: str  # the column's header; "" when no one column is to blame
    field: str  # the field's name; "" when the problem is the row's
    message: str  # translated, from the domain's validator where it had one

    def __str__(self) -> str:
        if self.column:
            return _("row {0}, column “{1}” ({2}): {3}").format(
                self.row, self.column, self.field, self.message)
        if self.field:
            return _("row {0}, {1}: {2}").format(self.row, self.field, self.message)
        return _("row {0}: {1}").format(self.row, self.message)

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "field": self.field,
                "message": self.message}


@dataclass
class Duplicate:
    """A row that names a record already there: in the vault, or an earlier row."""

    row: int
    title: str  # the record it matches, as a person would name it
    existing_id: str = ""  # the vault record; "" when it is an earlier row of the file
    earlier_row: int = 0
    fills: dict[str, Any] = field(default_factory=dict)  # its empty fields this row fills
    differs: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # (there, this row)

    def where(self) -> str:
        if self.existing_id:
            return _("“{0}” already in the vault").format(self.title)
        return _("“{0}” in row {1}").format(self.title, self.earlier_row)

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "title": self.title, "existing_id": self.existing_id,
                "earlier_row": self.earlier_row, "fills": sorted(self.fills),
                "differs": {k: list(v) for k, v in self.differs.items()}}


@dataclass
class PlannedRow:
    number: int
    cells: tuple[str, ...]
    values: dict[str, Any] = field(default_factory=dict)  # validated, for a valid row
    problems: list[Problem] = field(default_factory=list)
    duplicate: Duplicate | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Preview:
    record_type: str
    table: Table
    mapping: dict[int, str]
    rows: list[PlannedRow]

    @property
    def problems(self) -> list[Problem]:
        return [p for row in self.rows for p in row.problems]

    @property
    def valid_rows(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.ok]

    @property
    def invalid_rows(self) -> list[PlannedRow]:
        return [r for r in self.rows if not r.ok]

    @property
    def duplicates(self) -> list[Duplicate]:
        return [r.duplicate for r in self.rows if r.ok and r.duplicate is not None]

    def summary(self) -> str:
        return _("rows: {0}; new: {1}; with problems: {2}; duplicates: {3}").format(
            len(self.rows), len(self.valid_rows) - len(self.duplicates),
            len(self.invalid_rows), len(self.duplicates))

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.record_type, "rows": len(self.rows),
                "valid": len(self.valid_rows), "invalid": len(self.invalid_rows),
                "mapping": {self.table.headers[i]: f for i, f in self.mapping.items() if f},
                "problems": [p.as_dict() for p in self.problems],
                "duplicates": [d.as_dict() for d in self.duplicates]}


class RowProblemsError(CasefileError):
    """Some rows are invalid and the person asked for all rows or nothing."""

    def __init__(self, problems: list[Problem], rows: int) -> None:
        self.problems = problems
        super().__init__(ngettext(
            "{0} row has problems; nothing was imported",
            "{0} rows have problems; nothing was imported", rows).format(rows))


@dataclass
class Merge:
    row: int
    id: str
    title: str
    filled: list[str]
    differs: dict[str, tuple[Any, Any]]

    def describe(self) -> str:
        text = _("row {0}: merged into {1}").format(self.row, self.title)
        if self.filled:
            text += "; " + _("filled: {0}").format(", ".join(self.filled))
        for name, (there, here) in self.differs.items():
            text += "; " + _("{0} differs (kept “{1}”, the file has “{2}”)").format(
                name, there, here)
        return text

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "id": self.id, "title": self.title, "filled": self.filled,
                "differs": {k: list(v) for k, v in self.differs.items()}}


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)  # ids of new records
    merged: list[Merge] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # duplicate rows the person skipped
    left_out: list[Problem] = field(default_factory=list)  # problems of rows not imported

    @property
    def left_out_rows(self) -> list[int]:
        return sorted({p.row for p in self.left_out})

    def summary(self) -> str:
        return _("{0} added, {1} merged, {2} skipped, {3} left out with problems").format(
            len(self.added), len(self.merged), len(self.skipped), len(self.left_out_rows))

    def as_dict(self) -> dict[str, Any]:
        return {"added": len(self.added), "merged": len(self.merged),
                "skipped": len(self.skipped), "left_out": len(self.left_out_rows),
                "ids": self.added, "merges": [m.as_dict() for m in self.merged],
                "skipped_rows": self.skipped,
                "problems": [p.as_dict() for p in self.left_out]}


# -- preview -----------------------------------------------------------------------------

def build_preview(session: Session, table: Table, record_type: str,
                  mapping: Mapping[int, str]) -> Preview:
    """Every row converted, validated and checked for duplicates; nothing is written."""
    check_type(record_type)
    wrong = mapping_problems(record_type, table.headers, dict(mapping))
    if wrong:
        raise CasefileError("; ".join(wrong))
    spec = SPECS[record_type]
    refs = References(session)
    columns = [(i, f, spec.field(f)) for i, f in sorted(mapping.items()) if f != IGNORE]
    column_of = {f: table.headers[i] for i, f, _spec in columns}
    order = {header: i for i, header in enumerate(table.headers)}  # problems left to right
    rows = []
    for row in table.rows:
        planned = PlannedRow(row.number, row.cells)
        values: dict[str, Any] = {}
        for index, name, field_spec in columns:
            text = row.cells[index] if index < len(row.cells) else ""
            if not text and (row.number, index) in table.uncomputed:
                planned.problems.append(Problem(row.number, table.headers[index], name, _(
                    "a formula whose result the file does not keep: open the file in a "
                    "spreadsheet program, save it, and import it again")))
                continue
            if field_spec is None or not text:
                continue  # an empty cell leaves the field to its default
            try:
                if field_spec.kind is Kind.REF:
                    values[name] = refs.resolve(field_spec, text)
                else:
                    values[name] = cell_value(record_type, field_spec, text)
            except FieldError as exc:
                planned.problems.append(Problem(row.number, table.headers[index], name,
                                                str(exc)))
        try:
            planned.values = validate(record_type, values)
        except ValidationError as exc:
            blamed = {p.field for p in planned.problems}
            planned.problems += [Problem(row.number, column_of.get(name, ""), name, message)
                                 for name, message in exc.errors.items()
                                 if name not in blamed]
            planned.values = {}
        planned.problems.sort(key=lambda p: order.get(p.column, len(order)))
        rows.append(planned)
    preview = Preview(record_type, table, dict(mapping), rows)
    _find_duplicates(session, preview)
    return preview


def _find_duplicates(session: Session, preview: Preview) -> None:
    key_of = DUPLICATE_KEYS.get(preview.record_type)
    if key_of is None:
        return
    record_type = preview.record_type
    in_vault: dict[tuple[str, ...], dict[str, Any]] = {}
    for record in session.list(record_type, order="created_at"):
        k = key_of(record)
        if k is not None:
            in_vault.setdefault(k, record)  # the oldest, if the vault already has twins
    earlier: dict[tuple[str, ...], PlannedRow] = {}
    for row in preview.valid_rows:
        k = key_of(row.values)
        if k is None:
            continue
        if k in in_vault:
            existing = in_vault[k]
            fills, differs = compare(record_type, existing, row.values)
            row.duplicate = Duplicate(row.number, title(record_type, existing),
                                      existing_id=existing["id"], fills=fills, differs=differs)
        elif k in earlier:
            first = earlier[k]
            fills, differs = compare(record_type, first.values, row.values)
            row.duplicate = Duplicate(row.number, title(record_type, first.values),
                                      earlier_row=first.number, fills=fills, differs=differs)
        else:
            earlier[k] = row


# -- import ------------------------------------------------------------------------------

def apply_import(session: Session, preview: Preview, *, valid_only: bool = False,
                 skip_rows: Collection[int] = ()) -> ImportResult:
    """Write the preview in one transaction.

    Without ``valid_only``, any row with a problem means nothing is written (RowProblemsError
    names them all). Duplicates are merged into the record they match, unless their row
    number is in ``skip_rows``.
    """
    invalid = preview.invalid_rows
    if invalid and not valid_only:
        raise RowProblemsError(preview.problems, len(invalid))
    record_type = preview.record_type
    result = ImportResult(left_out=preview.problems)
    created: dict[int, str] = {}  # row number -> id of the record it became
    with session.vault.db.transaction():
        for row in preview.valid_rows:
            try:
                dup = row.duplicate
                if dup is None:
                    record = session.add(record_type, row.values)
                    created[row.number] = record["id"]
                    result.added.append(record["id"])
                elif row.number in skip_rows:
                    result.skipped.append(row.number)
                else:
                    target = dup.existing_id or created[dup.earlier_row]
                    created[row.number] = target
                    result.merged.append(_merge(session, record_type, row, target))
            except CasefileError as exc:
                raise CasefileError(_("row {0}: {1}").format(row.number, exc)) from None
    return result


def _merge(session: Session, record_type: str, row: PlannedRow, target: str) -> Merge:
    current = session.get(record_type, target)
    fills, differs = compare(record_type, current, row.values)
    if fills:
        current = session.edit(record_type, target, fills)
    return Merge(row.number, target, title(record_type, current), sorted(fills), differs)
