"""The spreadsheet import's preview step: every row as read, tinted where it has problems,
the problems spelled out, and for each duplicate whether to merge it or skip it."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from casefile.domain.records import SPECS
from casefile.i18n import _
from casefile.services.interop.tables import PlannedRow, Preview
from casefile.ui.columns import ColumnFitter
from casefile.ui.widgets import named

PROBLEM_ROW = QColor("#fde7e9")
PROBLEM_CELL = QColor("#f6b9bf")
MAX_LISTED = 2_000  # problems spelled out under the rows; the rows say the rest
MAX_CHARS = 40  # a cell's text shown, the rest in its tooltip: a long address must not
# take the width of the columns after it

_Index = QModelIndex | QPersistentModelIndex


class PreviewSource(Protocol):
    """Where the preview step finds the rows checked by the step before (the wizard)."""

    preview: Preview | None


class PreviewModel(QAbstractTableModel):
    """The rows as read, with their problems; rows with problems are tinted."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers: tuple[str, ...] = ()
        self.rows: list[PlannedRow] = []

    def show(self, preview: Preview, only_problems: bool = False) -> None:
        """``preview``'s rows (those with problems only, if asked): one model for every
        preview, so that the columns' fitter keeps listening to it."""
        self.beginResetModel()
        self.headers = tuple(preview.table.headers)
        self.rows = [r for r in preview.rows if r.problems or not only_problems]
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.headers) + 2

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None  # the tooltip: a header cut short by a narrow column, in full
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
                return _shortened(row.cells[column - 1].replace("\n", " "))
            return "; ".join(_problem_text(p.column, p.field, p.message) for p in row.problems)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = [row.cells[column - 1]] if header and row.cells[column - 1] else []
            return "\n".join(tip + [str(p) for p in row.problems]) or None
        if role == Qt.ItemDataRole.BackgroundRole and row.problems:
            if header and any(p.column == header for p in row.problems):
                return PROBLEM_CELL
            return PROBLEM_ROW
        return None


def _shortened(text: str) -> str:
    return text if len(text) <= MAX_CHARS else text[:MAX_CHARS - 1].rstrip() + "…"


def _problem_text(column: str, field: str, message: str) -> str:
    return f"{column or field}: {message}"


def summary_sentence(preview: Preview) -> str:
    """The preview's counts as the window shows them: a sentence ("Rows: 5; new: 2; …"), where
    the command line prints the same line in lower case."""
    text = preview.summary()
    return text[:1].upper() + text[1:]


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
        self.duplicates_label.setWordWrap(True)
        # The choice comes first, so that it is never the column squeezed; what differs is
        # last and takes the rest of the width (its whole text in the tooltip).
        # A model of its own, not a QTableWidget's: that one empties itself as it is
        # destroyed, under the fitter still listening to it.
        self.duplicate_rows = QStandardItemModel(0, 5, self)
        self.duplicate_rows.setHorizontalHeaderLabels(
            [_("Row"), _("Action"), _("Same as"), _("Would fill"), _("Differs")])
        self.duplicates = named(QTableView(), "duplicates")
        self.duplicates.setModel(self.duplicate_rows)
        self.duplicates.setAccessibleName(_("Duplicates"))
        self.duplicates.verticalHeader().setVisible(False)
        self.duplicates.setWordWrap(False)
        self.duplicates.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.duplicates_fitter = ColumnFitter(self.duplicates)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.only_problems)
        layout.addWidget(self.rows, 2)
        layout.addWidget(self.problems)
        layout.addWidget(self.duplicates_label)
        layout.addWidget(self.duplicates, 1)
        # Named as the tests reach it; Qt's actions() is never asked of a wizard page.
        self.actions: dict[int, QComboBox] = {}  # type: ignore[assignment]
        self.model = PreviewModel(self)
        self.rows.setModel(self.model)
        self.rows_fitter = ColumnFitter(self.rows)

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        preview = self.owner.preview
        if preview is None:
            return
        self.summary.setText(summary_sentence(preview))
        self._fill_rows()
        problems = preview.problems
        self.problems.setVisible(bool(problems))
        self.problems.setPlainText("\n".join(str(p) for p in problems[:MAX_LISTED]))
        dups = preview.duplicates
        self.duplicates_label.setText(
            _("Duplicates: choose for each whether to merge it or skip it. Merging fills the "
              "record's empty fields; where the values differ, the vault keeps its own.")
            if dups else _("No duplicates."))
        self.duplicates.setVisible(bool(dups))
        self.duplicate_rows.setRowCount(0)  # and the choices of a visit before, with them
        self.duplicate_rows.setRowCount(len(dups))
        self.actions = {}
        spec = SPECS[preview.record_type]
        for n, dup in enumerate(dups):
            filled = ", ".join(_(f.label) for name in dup.fills if (f := spec.field(name)))
            differs = "; ".join(
                _("{0}: “{1}” here, “{2}” in the file").format(
                    _(f.label), there, here)
                for name, (there, here) in dup.differs.items() if (f := spec.field(name)))
            for column, text in zip((0, 2, 3, 4), (str(dup.row), dup.where(), filled, differs),
                                    strict=True):
                item = QStandardItem(text)
                item.setToolTip(text)
                self.duplicate_rows.setItem(n, column, item)
            action = named(QComboBox(), f"dup_action_{dup.row}")
            action.setAccessibleName(_("What to do with row {0}").format(dup.row))
            action.addItem(_("Merge"), "merge")
            action.addItem(_("Skip"), "skip")
            self.duplicates.setIndexWidget(self.duplicate_rows.index(n, 1), action)
            self.actions[dup.row] = action
        self.duplicates_fitter.fit()

    def _fill_rows(self) -> None:
        preview = self.owner.preview
        if preview is None:
            return
        self.model.show(preview, self.only_problems.isChecked())  # the fitter sizes them

    def skip_rows(self) -> list[int]:
        return [row for row, combo in self.actions.items() if combo.currentData() == "skip"]

