"""Read a spreadsheet (CSV or XLSX) into a header row and rows of text cells.

Only reading happens here: nothing knows about records yet. Every cell comes out as text
(dates of XLSX date cells as YYYY-MM-DD, whole numbers without ".0"), so a CSV and an XLSX
of the same list are treated alike afterwards. Row numbers are the ones the person sees in
their spreadsheet program: the header row included, empty rows counted but skipped.

Hostile files are refused with a message, never half-read: more than ``MAX_ROWS`` rows,
a file over ``MAX_FILE_BYTES``, an XLSX that is not a zip or unpacks to more than
``MAX_UNPACKED_BYTES``, text in an unknown encoding. Formulas are never evaluated: an XLSX
is read with the values its program saved (``data_only``), and a CSV has no formulas.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from casefile.domain.errors import CasefileError
from casefile.i18n import _

MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 512 * 1024 * 1024  # an XLSX is a zip: refuse zip bombs before parsing
MAX_CELL_CHARS = 100_000
DELIMITERS = (";", ",", "\t")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet program shows it (1 is the first line of the file)
    cells: tuple[str, ...]  # one per header, "" where empty


@dataclass(frozen=True)
class Table:
    name: str  # the file's name, for messages
    headers: tuple[str, ...]  # never empty strings: a blank header becomes "column C"
    rows: tuple[Row, ...]
    header_row: int = 1
    encoding: str = ""  # for a CSV: what it was decoded as
    delimiter: str = ""
    # (row number, column index) of XLSX cells holding a formula whose result the file does
    # not keep (written by a script, never opened in a spreadsheet program): read as empty,
    # and named as a problem where the column is imported.
    uncomputed: frozenset[tuple[int, int]] = frozenset()


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how spreadsheet programs name columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_table(path: Path, sheet: str | None = None) -> Table:
    """The header and rows of a CSV or XLSX file, or CasefileError saying what is wrong.

    ``sheet`` names a workbook's sheet (by default its first); a CSV has none."""
    path = Path(path)
    if not path.is_file():
        raise CasefileError(_("no such file: {0}").format(path))
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise CasefileError(_("{0} is larger than {1} MB; split it into smaller files").format(
            path.name, MAX_FILE_BYTES // (1024 * 1024)))
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path, sheet)
    if sheet:
        raise CasefileError(_("{0} has no sheets: only a workbook (.xlsx) does").format(
            path.name))
    if suffix in CSV_SUFFIXES:
        return read_csv_bytes(path.read_bytes(), path.name)
    if suffix == ".xls":
        raise CasefileError(_("{0} is in the old Excel format (.xls); save it as .xlsx or CSV "
                              "and import that").format(path.name))
    raise CasefileError(_("{0}: only .csv and .xlsx files can be imported").format(path.name))


# -- CSV ---------------------------------------------------------------------------------

def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1251."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]  # Excel's "Unicode text" export
    else:
        candidates = ["utf-8", "cp1251"]  # cp1251: what Russian Excel writes as "CSV"
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, encoding
    raise CasefileError(_("{0} is not a text table in UTF-8 or Windows-1251; save it from the "
                          "spreadsheet program as CSV (UTF-8) or .xlsx").format(name))


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header line into the most columns (`;` `,` or tab).

    Only the header decides: data rows hold decimal commas ("1 500,50") and addresses with
    commas, while headers rarely do.
    """
    best, best_count = ",", 1
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(text[:65536]), delimiter=delimiter)
        try:
            first = next((row for row in reader if any(c.strip() for c in row)), [])
        except csv.Error:
            continue
        if len(first) > best_count:
            best, best_count = delimiter, len(first)
    return best


def read_csv_bytes(data: bytes, name: str) -> Table:
    text, encoding = decode_text(data, name)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def records() -> Iterator[tuple[int, list[str]]]:
        number = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise CasefileError(_("{0}, row {1}: cannot be read as CSV ({2})").format(
                    name, number + 1, exc)) from None
            number += 1  # a record, as a spreadsheet program counts it (quoted line breaks
            yield number, row  # stay inside their cell)

    return _build(name, records(), encoding=encoding, delimiter=delimiter)


# -- XLSX --------------------------------------------------------------------------------

def sheet_names(path: Path) -> list[str]:
    """The sheets of a workbook, in order (empty for a CSV or an unreadable file)."""
    from openpyxl import load_workbook  # noqa: PLC0415 - only when an XLSX is imported

    path = Path(path)
    if path.suffix.lower() not in XLSX_SUFFIXES or not zipfile.is_zipfile(path):
        return []
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - read_table names what is wrong with it
        return []
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def _read_xlsx(path: Path, sheet_name: str | None = None) -> Table:
    from openpyxl import load_workbook  # noqa: PLC0415 - only when an XLSX is imported

    not_xlsx = _("{0} is not an Excel workbook (.xlsx) that can be read").format(path.name)
    if not zipfile.is_zipfile(path):
        raise CasefileError(not_xlsx + " " + _("(it is not a zip file)"))
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise CasefileError(not_xlsx) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise CasefileError(_("{0} unpacks to more than {1} MB; split it into smaller files")
                            .format(path.name, MAX_UNPACKED_BYTES // (1024 * 1024)))
    try:
        # data_only: the values the spreadsheet program saved; formulas are never evaluated.
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise CasefileError(not_xlsx) from None
    try:
        if not book.worksheets:
            raise CasefileError(_("{0} has no sheets").format(path.name))
        if sheet_name and sheet_name not in book.sheetnames:
            raise CasefileError(_("{0} has no sheet named “{1}”; its sheets: {2}").format(
                path.name, sheet_name, ", ".join(book.sheetnames)))
        sheet = book[sheet_name] if sheet_name else book.worksheets[0]
        sheet.reset_dimensions()  # don't trust the file's own idea of its size

        def records() -> Iterator[tuple[int, list[str]]]:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, [_cell_text(v) for v in _trimmed(values)]

        try:
            table = _build(path.name, records())
            if _has_formulas(path):
                table = dataclasses.replace(
                    table, uncomputed=_uncomputed(path, sheet.title, table))
        except CasefileError:
            raise
        except Exception:  # noqa: BLE001 - a damaged sheet deep inside the zip
            raise CasefileError(not_xlsx) from None
    finally:
        book.close()
    return table


def _has_formulas(path: Path) -> bool:
    """Whether any sheet holds a formula (``<f>`` in its XML): most files have none, and then
    the second reading below is skipped."""
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                with archive.open(info) as xml:
                    tail = b""
                    while chunk := xml.read(1 << 20):
                        if b"<f>" in tail + chunk or b"<f " in tail + chunk:
                            return True
                        tail = chunk[-3:]
    return False


def _uncomputed(path: Path, sheet_name: str, table: Table) -> frozenset[tuple[int, int]]:
    """Cells of the table that hold a formula but were read as empty (no saved result)."""
    from openpyxl import load_workbook  # noqa: PLC0415

    empty = {(row.number, i) for row in table.rows for i, cell in enumerate(row.cells)
             if not cell}
    if not empty:
        return frozenset()
    book = load_workbook(path, read_only=True, data_only=False)
    try:
        sheet = book[sheet_name]
        sheet.reset_dimensions()
        found = set()
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            for index, value in enumerate(values[:MAX_COLUMNS]):
                if (number, index) in empty and isinstance(value, str) \
                        and value.startswith("="):
                    found.add((number, index))
        return frozenset(found)
    finally:
        book.close()


def _trimmed(values: Iterable[object]) -> list[object]:
    cells = list(values)
    while cells and (cells[-1] is None or cells[-1] == ""):
        cells.pop()
    return cells


def _cell_text(value: object) -> str:  # noqa: PLR0911 - one answer per cell type
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(timespec="minutes")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, int):
        return str(value)
    return str(value)


# -- shared ------------------------------------------------------------------------------

def _build(name: str, records: Iterable[tuple[int, list[str]]], *, encoding: str = "",
           delimiter: str = "") -> Table:
    headers: list[str] | None = None
    header_row = 0
    rows: list[Row] = []
    for number, raw in records:
        cells = [c.strip() for c in raw]
        if not any(cells):
            continue
        if len(cells) > MAX_COLUMNS and any(cells[MAX_COLUMNS:]):
            raise CasefileError(_("{0}, row {1}: more than {2} columns").format(
                name, number, MAX_COLUMNS))
        cells = cells[:MAX_COLUMNS]
        if any(len(c) > MAX_CELL_CHARS for c in cells):
            raise CasefileError(_("{0}, row {1}: a cell is longer than {2} characters").format(
                name, number, MAX_CELL_CHARS))
        if headers is None:
            headers, header_row = list(cells), number
            continue
        if len(rows) >= MAX_ROWS:
            raise CasefileError(_("{0} has more than {1} rows; split it into smaller files")
                                .format(name, MAX_ROWS))
        if len(cells) > len(headers):
            headers.extend([""] * (len(cells) - len(headers)))
        rows.append(Row(number, tuple(cells)))
    if headers is None:
        raise CasefileError(_("{0} is empty").format(name))
    width = len(headers)
    named = _unique_headers(headers)
    padded = tuple(Row(r.number, r.cells + ("",) * (width - len(r.cells))) for r in rows)
    return Table(name, named, padded, header_row, encoding, delimiter)


def _unique_headers(headers: list[str]) -> tuple[str, ...]:
    """Blank headers get the column's letter; a repeated header gets its letter added."""
    out: list[str] = []
    seen: set[str] = set()
    for index, header in enumerate(headers):
        text = " ".join(header.split())
        if not text:
            text = _("column {0}").format(column_letter(index))
        elif text.casefold() in seen:
            text = f"{text} ({column_letter(index)})"
        seen.add(text.casefold())
        out.append(text)
    return tuple(out)
