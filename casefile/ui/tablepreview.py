"""The spreadsheet import's preview step: every row as read, tinted where it has problems,
the problems spelled out, and for each duplicate whether to merge it or skip it."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from casefile.domain.records import SPECS
from casefile.i18n import _
from casefile.services.interop.tables import PlannedRow, Preview
from casefile.ui.widgets import named

PROBLEM_ROW = QColor("#fde7e9")
PROBLEM_CELL = QColor("#f6b9bf")
MAX_LISTED = 2_000  # problems spelled out under the rows; the rows say the rest
MAX_COLUMN = 220  # px: a long address must not push the problems out of sight

_Index = QModelIndex | QPersistentModelIndex


class PreviewSource(Protocol):
    """Where the preview step finds the rows checked by the step before (the wizard)."""

    preview: Preview | None


class PreviewModel(QAbstractTableModel):
    """The rows as read, with their problems; rows with problems are tinted."""

    def __init__(self, preview: Preview, only_problems: bool = False) -> None:
        super().__init__()
        self.preview = preview
        self.headers = preview.table.headers
        self.rows: list[PlannedRow] = [r for r in preview.rows if r.problems or not only_problems]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.headers) + 2

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return section + 1  # answered here: see RecordTableModel.headerData
        if section == 0:
            return _("Row")
        if section == len(self.headers) + 1:
            return _("Problems")
        return self.headers[section - 1] if 0 < section <= len(self.headers) else None

    def data(self, index: _Index,  # noqa: PLR0911 - one answer per role
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        header = self.headers[column - 1] if 0 < column <= len(self.headers) else ""
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(row.number)
            if header:
                return row.cells[column - 1].replace("\n", " ")
            return "; ".join(_problem_text(p.column, p.field, p.message) for p in row.problems)
        if role == Qt.ItemDataRole.ToolTipRole and row.problems:
            return "\n".join(str(p) for p in row.problems)
        if role == Qt.ItemDataRole.BackgroundRole and row.problems:
            if header and any(p.column == header for p in row.problems):
                return PROBLEM_CELL
            return PROBLEM_ROW
        return None


def _problem_text(column: str, field: str, message: str) -> str:
    return f"{column or field}: {message}"


class PreviewPage(QWizardPage):
    def __init__(self, wizard: PreviewSource) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Preview"))
        self.setSubTitle(_("Rows with problems are tinted and say what is wrong. A row that "
                           "names a record already there is merged into it or skipped."))
        self.summary = named(QLabel(), "preview_summary")
        self.only_problems = named(QCheckBox(_("Show only rows with problems")), "only_problems")
        self.only_problems.toggled.connect(self._fill_rows)
        self.rows = named(QTableView(), "preview_rows")
        self.rows.setAccessibleName(_("Rows"))
        self.rows.verticalHeader().setVisible(False)
        self.rows.setWordWrap(False)
        self.rows.horizontalHeader().setStretchLastSection(True)  # the problems, in full
        self.problems = named(QPlainTextEdit(), "preview_problems")
        self.problems.setAccessibleName(_("Problems"))
        self.problems.setReadOnly(True)
        self.problems.setMaximumHeight(110)
        self.duplicates_label = named(QLabel(), "duplicates_label")
        self.duplicates = named(QTableWidget(0, 5), "duplicates")
        self.duplicates.setAccessibleName(_("Duplicates"))
        self.duplicates.setHorizontalHeaderLabels(
            [_("Row"), _("Same as"), _("Would fill"), _("Differs (kept as it is)"),
             _("Action")])
        self.duplicates.verticalHeader().setVisible(False)
        self.duplicates.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.duplicates.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.only_problems)
        layout.addWidget(self.rows, 2)
        layout.addWidget(self.problems)
        layout.addWidget(self.duplicates_label)
        layout.addWidget(self.duplicates, 1)
        # Named as the tests reach it; Qt's actions() is never asked of a wizard page.
        self.actions: dict[int, QComboBox] = {}  # type: ignore[assignment]
        self.model: PreviewModel | None = None

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        preview = self.owner.preview
        if preview is None:
            return
        self.summary.setText(preview.summary())
        self._fill_rows()
        problems = preview.problems
        self.problems.setVisible(bool(problems))
        self.problems.setPlainText("\n".join(str(p) for p in problems[:MAX_LISTED]))
        dups = preview.duplicates
        self.duplicates_label.setText(
            _("Duplicates: choose for each whether to merge it or skip it.") if dups
            else _("No duplicates."))
        self.duplicates.setVisible(bool(dups))
        self.duplicates.setRowCount(len(dups))
        self.actions = {}
        spec = SPECS[preview.record_type]
        for n, dup in enumerate(dups):
            filled = ", ".join(_(f.label) for name in dup.fills if (f := spec.field(name)))
            differs = "; ".join(
                _("{0}: “{1}” here, “{2}” in the file").format(
                    _(f.label), there, here)
                for name, (there, here) in dup.differs.items() if (f := spec.field(name)))
            for column, text in enumerate((str(dup.row), dup.where(), filled, differs)):
                self.duplicates.setItem(n, column, QTableWidgetItem(text))
            action = named(QComboBox(), f"dup_action_{dup.row}")
            action.setAccessibleName(_("What to do with row {0}").format(dup.row))
            action.addItem(_("Merge"), "merge")
            action.addItem(_("Skip"), "skip")
            self.duplicates.setCellWidget(n, 4, action)
            self.actions[dup.row] = action
        self.duplicates.resizeColumnsToContents()

    def _fill_rows(self) -> None:
        preview = self.owner.preview
        if preview is None:
            return
        old = self.model
        self.model = PreviewModel(preview, self.only_problems.isChecked())
        self.rows.setModel(self.model)
        if old is not None:
            old.deleteLater()
        self.rows.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):
            self.rows.setColumnWidth(column, min(self.rows.columnWidth(column), MAX_COLUMN))

    def skip_rows(self) -> list[int]:
        return [row for row, combo in self.actions.items() if combo.currentData() == "skip"]

