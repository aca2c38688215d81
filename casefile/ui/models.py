"""The table model behind every record list: lazy, sparse, sorted and filtered in SQL.

Design (one mechanism, two ways in):

* The model knows the **total** from ``session.count`` and **exposes a prefix** of it to
  views: ``rowCount()`` is the number of rows exposed so far, never more than the total.
* Rows live in a **sparse page cache**: ``page index -> list of up to PAGE records``,
  filled with ``session.list(..., limit=PAGE, offset=page * PAGE)`` the first time any
  row of that page is asked for, and kept in a small LRU (``MAX_PAGES``) so memory stays
  bounded however far a person scrolls.
* The prefix grows in two ways:

  - Qt's lazy-population protocol: ``canFetchMore()`` / ``fetchMore()`` expose (and
    load) one more page; views call these when scrolled to the bottom.
  - ``ensure_row(row)`` (alias ``fetch_to``) for "jump to": it exposes every row up to
    ``row``'s page at once but loads **only that page**. Pages in between stay unloaded
    until something paints them, so jumping to the end of 100,000 letters reads 200.

Sorting (``sort``) and filtering (``set_filter`` for full text, ``set_where`` for
FIELD=VALUE) re-query in SQL and reset the model; there is no proxy model, so a sort or
filter never needs every row in memory.

Titles of referenced records (a letter's person, a parcel's facility) are looked up once
per record for each page that is loaded and kept in a small dictionary cache.

All of this runs on the thread that owns the session (the UI thread): one page is one
indexed, limited query.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from casefile.domain.describe import choice_label, shown_title
from casefile.domain.errors import CasefileError, NotFoundError
from casefile.domain.fields import FieldSpec, Kind
from casefile.domain.records import SPECS
from casefile.i18n import _, format_amount, format_date, format_moment, format_number
from casefile.services.records.session import Session, StorageError
from casefile.services.views.hearingtime import when_text

PAGE = 200
MAX_PAGES = 20  # LRU bound on pages held: at most MAX_PAGES * PAGE records in memory
MAX_TITLES = 5_000  # bound on the cache of referenced records' titles

IdRole = Qt.ItemDataRole.UserRole + 1  # the record's id (str)
RecordRole = Qt.ItemDataRole.UserRole + 2  # the whole record (dict)

_Index = QModelIndex | QPersistentModelIndex


class RecordTableModel(QAbstractTableModel):
    """Records of one type for a QTableView; see the module docstring for how it pages."""

    # A page could not be read (the vault was locked underneath, a storage error).
    load_failed = Signal(str)

    def __init__(self, session: Session, record_type: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.record_type = record_type
        self.spec = SPECS[record_type]
        self.columns: tuple[FieldSpec, ...] = tuple(
            f for name in self.spec.list_columns if (f := self.spec.field(name)) is not None)
        order, descending = self.spec.default_sort
        self._order: str = order
        self._descending: bool = descending
        self._default_order = True  # the type's own order (which may put some records first)
        self._match: str | None = None
        self._where: dict[str, Any] = {}
        self._total = 0
        self._exposed = 0
        self._pages: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        self._titles: dict[str, str] = {}
        self._requery(keep_exposed=0)

    # -- state ---------------------------------------------------------------------------

    @property
    def total(self) -> int:
        """How many records match the current filter (loaded or not)."""
        return self._total

    @property
    def order(self) -> tuple[str, bool]:
        return self._order, self._descending

    def sort_indicator(self) -> tuple[int, Qt.SortOrder]:
        """The header's indicator for the current sort (column -1 if it is not a column).

        Set it on the header before ``setSortingEnabled(True)``, which sorts by the
        indicator at once: that keeps the record type's default order (people A-Z).
        """
        names = [f.name for f in self.columns]
        column = names.index(self._order) if self._order in names else -1
        order = (Qt.SortOrder.DescendingOrder if self._descending
                 else Qt.SortOrder.AscendingOrder)
        return column, order

    def loaded_row_count(self) -> int:
        """Records held in memory right now (bounded by MAX_PAGES * PAGE)."""
        return sum(len(rows) for rows in self._pages.values())

    def loaded_pages(self) -> list[int]:
        return list(self._pages)

    # -- (re)querying --------------------------------------------------------------------

    def _count(self) -> int:
        try:
            return self.session.count(self.record_type, self._where, match=self._match)
        except (CasefileError, StorageError) as exc:
            self.load_failed.emit(str(exc))
            return 0

    def _requery(self, keep_exposed: int) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._titles.clear()  # names may have changed since they were cached
        self._total = self._count()
        # Keep what the view had already scrolled through (refresh after a save), at least
        # one page, rounded up to whole pages, never more than there is.
        wanted = max(keep_exposed, PAGE)
        wanted = -(-wanted // PAGE) * PAGE
        self._exposed = min(wanted, self._total)
        self.endResetModel()

    def refresh(self) -> None:
        """Re-read after a change, keeping the sort, the filter and how far the list reached."""
        self._requery(keep_exposed=self._exposed)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0 or column >= len(self.columns):
            order_name, descending = self.spec.default_sort
        else:
            field = self.columns[column]
            if field.is_list:
                return  # not sortable in SQL; keep the current order
            order_name, descending = field.name, order == Qt.SortOrder.DescendingOrder
        if (order_name, descending) == (self._order, self._descending):
            return
        self._order, self._descending = order_name, descending
        self._default_order = column < 0
        self._requery(keep_exposed=0)

    def set_filter(self, text: str) -> None:
        """Narrow by full text (the search index), as typed; empty text shows all."""
        match = text.strip() or None
        if match == self._match:
            return
        self._match = match
        self._requery(keep_exposed=0)

    def set_where(self, where: Mapping[str, Any] | None) -> None:
        """Narrow by FIELD=VALUE conditions (e.g. {"person_id": id}); None or {} shows all."""
        self._where = dict(where or {})
        self._requery(keep_exposed=0)

    # -- pages ---------------------------------------------------------------------------

    def _page(self, index: int) -> list[dict[str, Any]] | None:
        rows = self._pages.get(index)
        if rows is not None:
            self._pages.move_to_end(index)
            return rows
        try:
            order = None if self._default_order else self._order
            rows = self.session.list(self.record_type, self._where, order=order,
                                     descending=self._descending, limit=PAGE,
                                     offset=index * PAGE, match=self._match)
            self._cache_titles(rows)
        # data() is called from paint events, where an exception has nowhere useful to go:
        # report it and show the rows empty instead.
        except Exception as exc:  # noqa: BLE001
            self.load_failed.emit(str(exc))
            return None
        self._pages[index] = rows
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return rows

    def _cache_titles(self, rows: list[dict[str, Any]]) -> None:
        refs = [(f.name, f.ref) for f in self.columns if f.kind is Kind.REF and f.ref]
        if not refs:
            return
        if len(self._titles) > MAX_TITLES:
            self._titles.clear()
        for name, target in refs:
            for record_id in {r[name] for r in rows if r.get(name)}:
                self._title(target, record_id)

    def _title(self, record_type: str, record_id: str) -> str:
        title = self._titles.get(record_id)
        if title is None:
            try:
                title = shown_title(self.session.get(record_type, record_id))
            except NotFoundError:
                title = _("(missing)")
            self._titles[record_id] = title
        return title

    def record_at(self, row: int) -> dict[str, Any] | None:
        """The record at ``row`` (loading its page if needed), or None past the end."""
        if row < 0 or row >= self._total:
            return None
        rows = self._page(row // PAGE)
        if rows is None or row % PAGE >= len(rows):
            return None  # the vault changed since the count; refresh() will catch up
        return rows[row % PAGE]

    def row_of(self, record_id: str) -> int | None:
        """The row of a record among the pages held now, or None if it is not loaded."""
        for index, rows in self._pages.items():
            for offset, record in enumerate(rows):
                if record["id"] == record_id:
                    return index * PAGE + offset
        return None

    def contains(self, record_id: str) -> bool:
        """Whether the record is one of the rows the list shows under its filter (one
        indexed count, loaded or not)."""
        try:
            return self.session.count(self.record_type, {**self._where, "id": record_id},
                                      match=self._match) > 0
        except (CasefileError, StorageError):
            return False

    def find_row(self, record_id: str, max_pages: int = MAX_PAGES) -> int | None:
        """The row of a record the list shows, reading up to ``max_pages`` pages from the
        top to find it; None if it is filtered out or further down than that."""
        row = self.row_of(record_id)
        if row is not None or not self.contains(record_id):
            return row
        for index in range(min(max_pages, -(-self._total // PAGE))):
            if index in self._pages:
                continue  # already looked at by row_of
            rows = self._page(index)
            if rows is None:
                return None
            for offset, record in enumerate(rows):
                if record["id"] == record_id:
                    return index * PAGE + offset
        return None

    def ensure_row(self, row: int) -> QModelIndex:
        """Expose rows up to ``row`` and load only its page; returns its index (column 0).

        This is "jump to": the pages in between are not read until something shows them.
        """
        if self._total == 0:
            return QModelIndex()
        row = max(0, min(row, self._total - 1))
        if row >= self._exposed:
            last = min(self._total, (row // PAGE + 1) * PAGE)
            self.beginInsertRows(QModelIndex(), self._exposed, last - 1)
            self._exposed = last
            self.endInsertRows()
        self._page(row // PAGE)
        return self.index(row, 0)

    fetch_to = ensure_row

    # -- Qt model API --------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else self._exposed

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: _Index) -> bool:  # noqa: N802 - Qt API
        return not parent.isValid() and self._exposed < self._total

    def fetchMore(self, parent: _Index) -> None:  # noqa: N802 - Qt API
        if parent.isValid() or self._exposed >= self._total:
            return
        first = self._exposed
        last = min(self._total, first + PAGE)
        self.beginInsertRows(QModelIndex(), first, last - 1)
        self._exposed = last
        self.endInsertRows()
        self._page(first // PAGE)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _(self.columns[section].label) if 0 <= section < len(self.columns) else None
        # Row numbers, answered here: with PySide6 6.12, returning the base class's
        # headerData() for the vertical header corrupts a reference count (a crash at exit).
        return section + 1

    def data(self, index: _Index,  # noqa: PLR0911 - one answer per role
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._exposed:
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, IdRole,
                        RecordRole, Qt.ItemDataRole.TextAlignmentRole):
            return None  # answer the many style roles without touching the cache
        record = self.record_at(index.row())
        if record is None:
            return None
        if role == IdRole:
            return record["id"]
        if role == RecordRole:
            return record
        field = self.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if field.kind in (Kind.INT, Kind.NUMBER, Kind.DECIMAL):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if field.name == "starts_at" and record.get("timezone"):
            return when_text(record, offset=False)  # on the court's clock, its city named
        return self.display(field, record.get(field.name))

    def display(self, field: FieldSpec, value: Any) -> str:  # noqa: PLR0911 - one per kind
        """How one value reads in a list cell."""
        if value is None or value == "":
            return ""
        kind = field.kind
        if kind is Kind.ENUM:
            return choice_label(self.record_type, field.name, value)
        if kind is Kind.BOOL:
            return "✓" if value else ""
        if kind is Kind.REF and field.ref:
            try:
                return self._title(field.ref, value)
            except (CasefileError, StorageError):
                return ""  # the vault was locked underneath this paint
        if kind is Kind.DATETIME:
            return format_moment(value)
        if kind is Kind.DATE:
            return format_date(value)
        if kind is Kind.DECIMAL:
            return format_amount(value)
        if kind is Kind.NUMBER:
            return format_number(round(float(value), 2))  # a weight: two decimals at most
        if isinstance(value, list):
            return ", ".join(map(str, value))
        return str(value)
