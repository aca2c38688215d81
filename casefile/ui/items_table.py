"""The parcel items sub-editor: what goes in the parcel, and how heavy it is against the
facility's limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
    Signal,
)
from PySide6.QtGui import QFocusEvent, QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.allowance import LimitCheck, allowance_lines, kg
from casefile.i18n import _

NAME, QUANTITY, UNIT_WEIGHT, TOTAL, VALUE = range(5)  # VALUE: declared, of one, in roubles
_TYPED = (NAME, QUANTITY, UNIT_WEIGHT, VALUE)  # the cells Tab goes through, in order
# The same bounds validation enforces, so the spin boxes cannot produce a refused value.
RANGES = {QUANTITY: (1, 10_000), UNIT_WEIGHT: (0, 100_000)}
WARNING_STYLE = "color: #b00020; font-weight: bold;"

_Index = QModelIndex | QPersistentModelIndex
# The parcel, with these items, against its facility's limits (None: no facility chosen).
AllowanceFor = Callable[[list[dict[str, Any]]], LimitCheck | None]


class _IntDelegate(QStyledItemDelegate):
    """Whole-number cells edited with a spin box bounded like validation."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: _Index) -> QWidget:
        low, high = RANGES.get(index.column(), (0, 100_000))
        box = QSpinBox(parent)
        box.setRange(low, high)
        return box

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802 - Qt API
                     index: _Index) -> None:
        if isinstance(editor, QSpinBox):
            editor.interpretText()
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)


class _ValueDelegate(QStyledItemDelegate):
    """Declared values in roubles: digits, and kopecks after a comma or a point."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: _Index) -> QWidget:
        edit = QLineEdit(parent)
        edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        edit.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"\d{0,9}([.,]\d{0,2})?"), edit))
        return edit


class _ItemsView(QTableWidget):
    """The items grid, made safe for typing a list in with the keyboard.

    Tab enters and leaves the grid as a whole. While a cell is edited, Tab moves through
    that item's name, quantity, weight and declared value (past the row's total, which is
    not typed) and then out of the grid (to *Add item*), and
    Shift+Tab back the same way: never round to the first item, whose name the next word
    typed would replace. Reaching the grid with Tab chooses no cell; typing then starts a
    new item at the end instead of overwriting the first one.
    """

    def __init__(self, append: Callable[[], int], parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self._append = append
        self.setTabKeyNavigation(False)

    def closeEditor(self, editor: QWidget,  # noqa: N802 - Qt API
                    hint: QAbstractItemDelegate.EndEditHint) -> None:
        column = self.currentColumn()
        hints = QAbstractItemDelegate.EndEditHint
        if hint == hints.EditNextItem and column in _TYPED[:-1]:
            super().closeEditor(editor, hints.NoHint)
            self._edit(self.currentRow(), _TYPED[_TYPED.index(column) + 1])
        elif hint == hints.EditPreviousItem and column in _TYPED[1:]:
            super().closeEditor(editor, hints.NoHint)
            self._edit(self.currentRow(), _TYPED[_TYPED.index(column) - 1])
        elif hint in (hints.EditNextItem, hints.EditPreviousItem):
            super().closeEditor(editor, hints.NoHint)
            self._leave(forward=hint == hints.EditNextItem)
        else:
            super().closeEditor(editor, hint)

    def _edit(self, row: int, column: int) -> None:
        self.setCurrentCell(row, column)
        item = self.item(row, column)
        if item is not None:
            self.editItem(item)

    def _leave(self, *, forward: bool) -> None:
        """Out of the grid, with no cell left chosen for the next visit."""
        self.clearSelection()
        self.selectionModel().clearCurrentIndex()
        if forward:
            self.focusNextChild()
        else:
            self.focusPreviousChild()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        chosen = self.currentIndex().isValid()
        super().focusInEvent(event)  # Qt makes the first cell current here
        if not chosen and event.reason() in (Qt.FocusReason.TabFocusReason,
                                             Qt.FocusReason.BacktabFocusReason):
            self.selectionModel().clearCurrentIndex()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusOutEvent(event)
        if (event.reason() in (Qt.FocusReason.TabFocusReason,
                               Qt.FocusReason.BacktabFocusReason)
                and self.state() != QAbstractItemView.State.EditingState):
            self.clearSelection()
            self.selectionModel().clearCurrentIndex()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        commands = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                    | Qt.KeyboardModifier.MetaModifier)
        if (not self.currentIndex().isValid() and event.text().strip()
                and event.text().isprintable() and not event.modifiers() & commands):
            row = self._append()  # no cell chosen: what is typed is a new item's name
            self.setCurrentCell(row, NAME)
        super().keyPressEvent(event)


class ItemsTable(QWidget):
    """Name, quantity, unit weight (g) and row total; the parcel's total below it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check_for: AllowanceFor | None = None
        self._check: LimitCheck | None = None
        self._loading = False
        self.table = _ItemsView(self._append_row)
        self.table.setObjectName("items_table")
        # Short headers, so that every column fits the editor's narrow grid; the full
        # names are their tooltips.
        self.table.setHorizontalHeaderLabels(
            [_("Item"), _("Qty"), _("g each"), _("Total, g"), _("₽ each")])
        tips = {QUANTITY: _("Quantity"), UNIT_WEIGHT: _("Unit weight, g"),
                TOTAL: _("Total, g"),
                VALUE: _("Declared value of one, ₽") + "\n" + _(
                    "For form 107, a parcel sent by post with declared value; leave empty "
                    "for a hand-over")}
        for column, tip in tips.items():
            header_item = self.table.horizontalHeaderItem(column)
            if header_item is not None:
                header_item.setToolTip(tip)
        self.table.setAccessibleName(_("Items"))
        self.table.setAccessibleDescription(_(
            "Tab moves through an item's name, quantity and weight; typing in the list "
            "starts a new item"))
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(24)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (QUANTITY, UNIT_WEIGHT, TOTAL, VALUE):  # numbers: as narrow as they are
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        delegate = _IntDelegate(self.table)
        self.table.setItemDelegateForColumn(QUANTITY, delegate)
        self.table.setItemDelegateForColumn(UNIT_WEIGHT, delegate)
        self.table.setItemDelegateForColumn(VALUE, _ValueDelegate(self.table))
        self.table.setMinimumHeight(140)
        self.add_button = QPushButton(_("Add item"))
        self.add_button.setObjectName("items_add")
        self.remove_button = QPushButton(_("Remove item"))
        self.remove_button.setObjectName("items_remove")
        self.total_label = QLabel()
        self.total_label.setObjectName("items_total")
        self.total_label.setWordWrap(True)
        self.total_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.total_label)
        self.add_button.clicked.connect(self._add_clicked)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.itemChanged.connect(self._item_changed)
        self._update_total()

    # -- rows ----------------------------------------------------------------------------

    def _int_item(self, value: int) -> QTableWidgetItem:
        item = QTableWidgetItem()
        item.setData(Qt.ItemDataRole.EditRole, int(value))
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def add_row(self, name: str = "", quantity: int = 1, unit_weight_g: int = 0,
                value_rub: str = "") -> int:
        """Append an item; returns its row."""
        loading, self._loading = self._loading, True
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, NAME, QTableWidgetItem(name))
        self.table.setItem(row, QUANTITY, self._int_item(quantity))
        self.table.setItem(row, UNIT_WEIGHT, self._int_item(unit_weight_g))
        total = self._int_item(quantity * unit_weight_g)
        total.setFlags(total.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, TOTAL, total)
        value = QTableWidgetItem(value_rub)
        value.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, VALUE, value)
        self._loading = loading
        if not loading:
            self._update_total()
            self.changed.emit()
        return row

    def _append_row(self) -> int:
        return self.add_row()

    def _add_clicked(self) -> None:
        row = self.add_row()
        self.table.setCurrentCell(row, NAME)
        name = self.table.item(row, NAME)
        if name is not None:
            self.table.editItem(name)  # type the item's name straight away

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        if not rows:
            return
        for row in rows:
            self.table.removeRow(row)
        self._update_total()
        self.changed.emit()

    def _number(self, row: int, column: int) -> int:
        item = self.table.item(row, column)
        if item is None:
            return 0
        try:
            return int(item.data(Qt.ItemDataRole.EditRole) or 0)
        except (TypeError, ValueError):
            return 0

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading or item.column() == TOTAL:
            return
        row = item.row()
        loading, self._loading = self._loading, True
        total = self.table.item(row, TOTAL)
        if total is not None:
            total.setData(Qt.ItemDataRole.EditRole,
                          self._number(row, QUANTITY) * self._number(row, UNIT_WEIGHT))
        self._loading = loading
        self._update_total()
        self.changed.emit()

    # -- value ---------------------------------------------------------------------------

    def value(self) -> list[dict[str, Any]]:
        """The items as validation expects them; a row left entirely blank is skipped."""
        out = []
        for row in range(self.table.rowCount()):
            name_item = self.table.item(row, NAME)
            name = (name_item.text() if name_item else "").strip()
            quantity = self._number(row, QUANTITY)
            weight = self._number(row, UNIT_WEIGHT)
            value_item = self.table.item(row, VALUE)
            value = "".join((value_item.text() if value_item else "").split())
            if not name and weight == 0 and not value:
                continue
            item: dict[str, Any] = {"name": name, "quantity": quantity, "unit_weight_g": weight}
            if value:
                item["value_rub"] = value.replace(",", ".")  # validation says if it is not one
            out.append(item)
        return out

    def set_value(self, items: list[dict[str, Any]] | None) -> None:
        self._loading = True
        self.table.setRowCount(0)
        for item in items or []:
            self.add_row(str(item.get("name", "")), int(item.get("quantity", 1)),
                         int(item.get("unit_weight_g", 0)), str(item.get("value_rub") or ""))
        self._loading = False
        self._update_total()

    @property
    def total_g(self) -> int:
        return sum(i["quantity"] * i["unit_weight_g"] for i in self.value())

    # -- limit ---------------------------------------------------------------------------

    def set_allowance(self, check_for: AllowanceFor | None) -> None:
        """How to check the parcel against its facility's limits, given its items: the
        editor passes ``services.allowance.parcel_check`` over its other fields."""
        self._check_for = check_for
        self._update_total()

    @property
    def check(self) -> LimitCheck | None:
        return self._check

    @property
    def over_limit(self) -> bool:
        return self._check is not None and self._check.over

    def _update_total(self) -> None:
        self._check = self._check_for(self.value()) if self._check_for is not None else None
        lines = [_("Total: {0} kg").format(kg(self.total_g))]
        # The same lines the опись prints under its table, warnings first in red.
        lines += [text for _warning, text in allowance_lines(self._check)] \
            if self._check is not None else []
        text = "\n".join(lines)
        self.total_label.setText(text)
        self.total_label.setStyleSheet(WARNING_STYLE if self.over_limit else "")
        self.total_label.setAccessibleName(text)
