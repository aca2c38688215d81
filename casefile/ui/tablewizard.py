"""Import from a spreadsheet: file and type, column mapping, preview, the choice, the result.

Every step calls casefile.services.interop.tables (the same code as ``casefile import-table``); this
module only shows it. Problems are shown on the page in red rather than in message boxes, so
a person can read them while changing the mapping. The preview step is ui/tablepreview.py.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
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
    Preview,
    RowProblemsError,
    apply_import,
    build_preview,
)
from casefile.services.records.session import Session
from casefile.ui.background import run_off_ui
from casefile.ui.filedialogs import FileDialog, path_row
from casefile.ui.tablepreview import PreviewPage, summary_sentence
from casefile.ui.widgets import error_label, named

SAMPLES = 3


class FilePage(QWizardPage):
    def __init__(self, wizard: TableWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Choose the spreadsheet"))
        self.setSubTitle(_("A CSV file or an Excel workbook (.xlsx) whose first row names the "
                           "columns. For a workbook, choose the sheet."))
        self.path = named(QLineEdit(), "table_path")
        self.path.setAccessibleName(_("File"))
        self.path.textChanged.connect(self.completeChanged)
        self.path.textChanged.connect(self._list_sheets)
        self.kind = named(QComboBox(), "table_type")
        self.kind.setAccessibleName(_("The rows are"))
        for record_type in TABLE_TYPES:
            self.kind.addItem(_(SPECS[record_type].plural), record_type)
        self.sheet = named(QComboBox(), "table_sheet")
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

    def choose_type(self, record_type: str) -> None:
        """What the rows are, when it is known before the file is (a section's import)."""
        index = self.kind.findData(record_type)
        if index >= 0:
            self.kind.setCurrentIndex(index)

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
        self.table = named(QTableWidget(0, 3), "mapping")
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
            combo = named(QComboBox(), f"map_{index}")
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


class ChoicePage(QWizardPage):
    def __init__(self, wizard: TableWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Import"))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Import"))
        self.counts = named(QLabel(), "choice_counts")
        self.counts.setWordWrap(True)
        self.valid_only = named(QRadioButton(
            _("Import all valid rows; leave out the rows with problems")), "valid_only")
        self.all_or_nothing = named(QRadioButton(
            _("Import only if every row is valid; otherwise import nothing")), "all_or_nothing")
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
            self.counts.setText(summary_sentence(preview))
        self.error.clear()

    def validatePage(self) -> bool:  # noqa: N802 - Qt API
        preview = self.owner.preview
        if preview is None:
            return False
        self.owner.import_result, self.owner.failure = None, None
        try:
            valid_only = self.valid_only.isChecked()
            skip = self.owner.preview_page.skip_rows()
            self.owner.import_result = run_off_ui(
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
        self.summary = named(QLabel(), "result_summary")
        self.summary.setWordWrap(True)
        self.details = named(QPlainTextEdit(), "result_details")
        self.details.setAccessibleName(_("Details"))
        self.details.setReadOnly(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.details, 1)

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        result, failure = self.owner.import_result, self.owner.failure
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
        self.import_result: ImportResult | None = None
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

    def choose_type(self, record_type: str) -> None:
        self.file_page.choose_type(record_type)
