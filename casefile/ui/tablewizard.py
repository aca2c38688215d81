"""Import from a spreadsheet: file and type, column mapping, preview, the choice, the result.

Every step calls casefile.services.interop.tables (the same code as ``casefile import-table``); this
module only shows it. Problems are shown on the page in red rather than in message boxes, so
a person can read them while changing the mapping.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from casefile.domain.errors import CasefileError
from casefile.domain.records import SPECS
from casefile.i18n import _
from casefile.services.interop import tablemap
from casefile.services.interop.tablefile import Table, read_table, sheet_names
from casefile.services.interop.tables import (
    TABLE_TYPES,
    ImportResult,
    PlannedRow,
    Preview,
    RowProblemsError,
    apply_import,
    build_preview,
)
from casefile.services.records.session import Session
from casefile.ui.background import run_off_ui
from casefile.ui.filedialogs import FileDialog, path_row
from casefile.ui.widgets import error_label

PROBLEM_ROW = QColor("#fde7e9")
PROBLEM_CELL = QColor("#f6b9bf")
SAMPLES = 3
MAX_LISTED = 2_000  # problems spelled out under the rows; the rows say the rest
MAX_COLUMN = 220  # px: a long address must not push the problems out of sight

_Index = QModelIndex | QPersistentModelIndex



class FilePage(QWizardPage):
    def __init__(self, wizard: TableWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Choose the spreadsheet"))
        self.setSubTitle(_("A CSV file or an Excel workbook (.xlsx) whose first row names the "
                           "columns. For a workbook, choose the sheet."))
        self.path = QLineEdit(objectName="table_path")
        self.path.setAccessibleName(_("File"))
        self.path.textChanged.connect(self.completeChanged)
        self.path.textChanged.connect(self._list_sheets)
        self.kind = QComboBox(objectName="table_type")
        self.kind.setAccessibleName(_("The rows are"))
        for record_type in TABLE_TYPES:
            self.kind.addItem(_(SPECS[record_type].plural), record_type)
        self.sheet = QComboBox(objectName="table_sheet")
        self.sheet.setAccessibleName(_("Sheet"))
        self.sheet_label = QLabel(_("Sheet"))
        self.error = error_label("error_file", selectable=True)
        form = QFormLayout(self)
        form.addRow(_("File"), path_row(self.path, "table_browse", self.browse))
        form.addRow(self.sheet_label, self.sheet)
        form.addRow(_("The rows are"), self.kind)
        self._list_sheets()
        form.addRow(self.error)

    def browse(self) -> None:
        name, _filter = FileDialog.getOpenFileName(
            self, _("Import from spreadsheet"), self.path.text(),
            _("Spreadsheets (*.csv *.xlsx *.xlsm *.tsv *.txt)"))
        if name:
            self.path.setText(name)

    def _list_sheets(self) -> None:
        """A workbook's sheets to choose from; hidden for a CSV."""
        text = self.path.text().strip()
        names = sheet_names(Path(text)) if text and Path(text).is_file() else []
        self.sheet.clear()
        self.sheet.addItems(names)
        for widget in (self.sheet, self.sheet_label):
            widget.setVisible(len(names) > 1)

    def record_type(self) -> str:
        return str(self.kind.currentData() or TABLE_TYPES[0])

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:  # noqa: N802 - Qt API
        self.error.clear()
        try:
            path = Path(self.path.text().strip())
            sheet = self.sheet.currentText() if self.sheet.count() > 1 else None
            self.owner.table = run_off_ui(self, _("Reading the spreadsheet…"), None,
                                          lambda _s: read_table(path, sheet))
        except (CasefileError, OSError) as exc:
            self.error.setText(str(exc))
            return False
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: TableWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Which column is which field"))
        self.setSubTitle(_("The guess is chosen from the column headers; change it where it "
                           "is wrong, or leave a column out."))
        self.table = QTableWidget(0, 3, objectName="mapping")
        self.table.setAccessibleName(_("Column mapping"))
        self.table.setHorizontalHeaderLabels([_("Column"), _("Sample values"), _("Field")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.error = error_label("error_mapping", selectable=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        self.combos: list[QComboBox] = []

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        table = self.owner.table
        if table is None:
            return
        record_type = self.owner.record_type()
        guess = tablemap.guess_mapping(record_type, table.headers)
        self.error.clear()
        self.table.setRowCount(len(table.headers))
        self.combos = []
        for index, header in enumerate(table.headers):
            samples = [r.cells[index] for r in table.rows[:200] if r.cells[index]][:SAMPLES]
            self.table.setItem(index, 0, QTableWidgetItem(header))
            self.table.setItem(index, 1, QTableWidgetItem(" · ".join(
                s.replace("\n", " ")[:40] for s in samples)))
            combo = QComboBox(objectName=f"map_{index}")
            combo.setAccessibleName(_("Field for the column “{0}”").format(header))
            combo.addItem(_("— leave out —"), tablemap.IGNORE)
            for field in SPECS[record_type].writable_fields:
                combo.addItem(_(field.label), field.name)
            combo.setCurrentIndex(max(0, combo.findData(guess.get(index, tablemap.IGNORE))))
            self.table.setCellWidget(index, 2, combo)
            self.combos.append(combo)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)

    def mapping(self) -> dict[int, str]:
        return {i: str(combo.currentData() or "") for i, combo in enumerate(self.combos)}

    def set_field(self, column: int, field: str) -> None:
        combo = self.combos[column]
        combo.setCurrentIndex(combo.findData(field))

    def validatePage(self) -> bool:  # noqa: N802 - Qt API
        table = self.owner.table
        if table is None:
            return False
        record_type = self.owner.record_type()
        problems = tablemap.mapping_problems(record_type, table.headers, self.mapping())
        if problems:
            self.error.setText("\n".join(problems))
            return False
        try:
            mapping = self.mapping()
            self.owner.preview = run_off_ui(
                self, _("Checking every row…"), self.owner.session,
                lambda s: build_preview(s, table, record_type, mapping))
        except CasefileError as exc:
            self.error.setText(str(exc))
            return False
        self.error.clear()
        return True


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
    def __init__(self, wizard: TableWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Preview"))
        self.setSubTitle(_("Rows with problems are tinted and say what is wrong. A row that "
                           "names a record already there is merged into it or skipped."))
        self.summary = QLabel(objectName="preview_summary")
        self.only_problems = QCheckBox(_("Show only rows with problems"),
                                       objectName="only_problems")
        self.only_problems.toggled.connect(self._fill_rows)
        self.rows = QTableView(objectName="preview_rows")
        self.rows.setAccessibleName(_("Rows"))
        self.rows.verticalHeader().setVisible(False)
        self.rows.setWordWrap(False)
        self.rows.horizontalHeader().setStretchLastSection(True)  # the problems, in full
        self.problems = QPlainTextEdit(objectName="preview_problems")
        self.problems.setAccessibleName(_("Problems"))
        self.problems.setReadOnly(True)
        self.problems.setMaximumHeight(110)
        self.duplicates_label = QLabel(objectName="duplicates_label")
        self.duplicates = QTableWidget(0, 5, objectName="duplicates")
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
        self.actions: dict[int, QComboBox] = {}
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
            action = QComboBox(objectName=f"dup_action_{dup.row}")
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


class ChoicePage(QWizardPage):
    def __init__(self, wizard: TableWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Import"))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Import"))
        self.counts = QLabel(objectName="choice_counts")
        self.counts.setWordWrap(True)
        self.valid_only = QRadioButton(_("Import all valid rows; leave out the rows with "
                                         "problems"), objectName="valid_only")
        self.all_or_nothing = QRadioButton(_("Import only if every row is valid; otherwise "
                                             "import nothing"), objectName="all_or_nothing")
        self.all_or_nothing.setChecked(True)
        self.error = error_label("error_import", selectable=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.valid_only)
        layout.addWidget(self.all_or_nothing)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        preview = self.owner.preview
        if preview is not None:
            self.counts.setText(preview.summary())
        self.error.clear()

    def validatePage(self) -> bool:  # noqa: N802 - Qt API
        preview = self.owner.preview
        if preview is None:
            return False
        self.owner.result, self.owner.failure = None, None
        try:
            valid_only = self.valid_only.isChecked()
            skip = self.owner.preview_page.skip_rows()
            self.owner.result = run_off_ui(
                self, _("Importing…"), self.owner.session,
                lambda s: apply_import(s, preview, valid_only=valid_only, skip_rows=skip))
        except RowProblemsError as exc:
            self.owner.failure = exc  # nothing written: the result page says why
            return True
        except CasefileError as exc:
            self.error.setText(str(exc))
            return False
        self.owner.imported.emit()
        return True


class ResultPage(QWizardPage):
    def __init__(self, wizard: TableWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Result"))
        self.summary = QLabel(objectName="result_summary")
        self.summary.setWordWrap(True)
        self.details = QPlainTextEdit(objectName="result_details")
        self.details.setAccessibleName(_("Details"))
        self.details.setReadOnly(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.details, 1)

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        result, failure = self.owner.result, self.owner.failure
        if failure is not None:
            self.summary.setText(str(failure))
            self.details.setPlainText("\n".join(str(p) for p in failure.problems))
            return
        if result is None:
            return
        self.summary.setText(result.summary())
        lines = [m.describe() for m in result.merged]
        lines += [_("row {0}: skipped").format(row) for row in result.skipped]
        lines += [_("left out: {0}").format(p) for p in result.left_out]
        self.details.setPlainText("\n".join(lines))


class TableWizard(QWizard):
    """The steps of a spreadsheet import; ``imported`` is emitted once records were written."""

    imported = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("table_wizard")
        self.setWindowTitle(_("Import from spreadsheet"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)  # done is done
        self.resize(900, 640)
        self.session = session
        self.table: Table | None = None
        self.preview: Preview | None = None
        self.result: ImportResult | None = None
        self.failure: RowProblemsError | None = None
        for button, text in ((QWizard.WizardButton.BackButton, _("< Back")),
                             (QWizard.WizardButton.NextButton, _("Next >")),
                             (QWizard.WizardButton.CommitButton, _("Import")),
                             (QWizard.WizardButton.FinishButton, _("Finish")),
                             (QWizard.WizardButton.CancelButton, _("Cancel"))):
            self.setButtonText(button, text)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.choice_page = ChoicePage(self)
        self.result_page = ResultPage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.choice_page,
                     self.result_page):
            self.addPage(page)

    def record_type(self) -> str:
        return self.file_page.record_type()
