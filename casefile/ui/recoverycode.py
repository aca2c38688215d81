"""The new recovery code, shown once, and typed back in part before it is saved.

The first page shows the 8 groups as the sheet prints them, a box per character; the second
asks for three groups chosen at random, typed from what the person wrote down. Only then is
the code saved in the vault (off the UI thread): closing the dialog before leaves the old
code, if any, working, and the shown one opening nothing. A wrong group is named and the
dialog stays; Back shows the code again.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casefile.domain import recoverycode
from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.services.safety.recovery import save_recovery_code
from casefile.ui.background import run_off_ui
from casefile.ui.filedialogs import FileDialog
from casefile.ui.fonts import FAMILY
from casefile.ui.widgets import error_label, named

CHARACTER_STYLE = "border: 1px solid palette(text); background: palette(base); padding: 2px;"


def _wrapped(text: str, name: str = "") -> QLabel:
    label = named(QLabel(text), name)
    label.setWordWrap(True)
    return label


def group_boxes(code: str) -> QWidget:
    """The groups as the sheet prints them: two to a line, numbered, a box per character."""
    box = QWidget()
    grid = QGridLayout(box)
    grid.setHorizontalSpacing(4)
    grid.setVerticalSpacing(10)
    font = QFont(FAMILY, 18)
    font.setBold(True)
    for index, group in enumerate(recoverycode.groups(code)):
        row, column = divmod(index, 2)
        first = column * (recoverycode.GROUP_SIZE + 2)
        number = QLabel(f"{index + 1}.")
        number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(number, row, first)
        cells = named(QWidget(), f"group_{index + 1}")
        cells.setAccessibleName(_("Group {0}").format(index + 1))
        cells.setAccessibleDescription(" ".join(group))  # read out character by character
        line = QHBoxLayout(cells)
        line.setContentsMargins(0, 0, 12, 0)
        line.setSpacing(0)
        for character in group:
            cell = named(QLabel(character), "code_character")
            cell.setFont(font)
            cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
            cell.setFixedSize(36, 42)
            cell.setStyleSheet(CHARACTER_STYLE)
            line.addWidget(cell)
        grid.addWidget(cells, row, first + 1)
    grid.setColumnStretch(grid.columnCount(), 1)
    return box


class RecoveryCodeDialog(QDialog):
    """``code`` is saved into ``session``'s vault when three of its groups are typed back."""

    def __init__(self, code: str, vault_name: str, parent: QWidget | None = None,
                 session: Session | None = None, *, first: bool = False) -> None:
        super().__init__(parent)
        self.first = first  # just after the vault was made: "Later" instead of "Cancel"
        self.code = code
        self.session = session
        self._vault_name = vault_name
        self.asked = recoverycode.groups_to_check()
        self.setWindowTitle(_("Recovery code"))
        layout = QVBoxLayout(self)
        self.pages = named(QStackedWidget(), "recovery_pages")
        layout.addWidget(self.pages)
        self.pages.addWidget(self._show_page())
        self.pages.addWidget(self._check_page())
        self.show_code()

    # -- the code ----------------------------------------------------------------------------

    def _show_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        if self.first:
            heading = _wrapped(_("The vault {0} is ready. Before anything else, write down "
                                 "its recovery code.").format(self._vault_name), "first_heading")
            heading.setStyleSheet("font-weight: bold;")
            column.addWidget(heading)
        column.addWidget(_wrapped(_(
            "Write this code down by hand and keep it somewhere safe: with it, a forgotten "
            "passphrase does not lose the vault. It is shown only now.")))
        column.addWidget(group_boxes(self.code))
        column.addWidget(_wrapped(_(
            "Only the digits 2 to 9 and the Latin letters {0} are used: no zero, no one, "
            "no O.").format("\u00a0".join(ch for ch in recoverycode.ALPHABET if ch.isalpha())),
            "code_alphabet"))
        sheet = named(QPushButton(_("&Save the recovery sheet as PDF…")), "save_sheet")
        sheet.setAutoDefault(False)
        sheet.clicked.connect(self.save_sheet)
        buttons = QHBoxLayout()
        buttons.addWidget(sheet)
        buttons.addStretch(1)
        self.cancel_button = named(QPushButton(_("&Later") if self.first else _("Cancel")),
                                   "recovery_cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.next_button = named(QPushButton(_("I have &written it down")), "written_down")
        self.next_button.clicked.connect(self.ask_groups)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.next_button)
        column.addLayout(buttons)
        return page

    def show_code(self) -> None:
        self.pages.setCurrentIndex(0)
        self.next_button.setDefault(True)
        self.next_button.setFocus()

    # -- typed back --------------------------------------------------------------------------

    def _check_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        listed = ", ".join(str(n) for n in self.asked)
        column.addWidget(_wrapped(_(
            "Check what you wrote down: type groups {0} from your copy, not from the "
            "screen.").format(listed), "check_prompt"))
        form = QFormLayout()
        self.fields: dict[int, QLineEdit] = {}
        for number in self.asked:
            field = named(QLineEdit(), f"check_{number}")
            field.setAccessibleName(_("Group {0}").format(number))
            field.setMaxLength(16)
            field.setFont(QFont(FAMILY, 14))
            form.addRow(_("Group {0}").format(number), field)
            self.fields[number] = field
        column.addLayout(form)
        self.error = error_label("recovery_error")
        column.addWidget(self.error)
        column.addStretch(1)
        buttons = QHBoxLayout()
        back = named(QPushButton(_("&Back to the code")), "recovery_back")
        back.setAutoDefault(False)
        back.clicked.connect(self.show_code)
        buttons.addWidget(back)
        buttons.addStretch(1)
        self.done_button = named(QPushButton(_("&Done")), "recovery_done")
        self.done_button.clicked.connect(self.finish)
        buttons.addWidget(self.done_button)
        column.addLayout(buttons)
        return page

    def ask_groups(self) -> None:
        self.pages.setCurrentIndex(1)
        self.next_button.setDefault(False)
        self.done_button.setDefault(True)
        empty = [f for f in self.fields.values() if not f.text()]
        (empty or list(self.fields.values()))[0].setFocus()

    def finish(self) -> None:
        """Save the code if every asked group matches; else name the first that does not."""
        for number, field in self.fields.items():
            problem = recoverycode.typed_group_problem(self.code, number, field.text())
            if problem:
                self.error.setText(problem[:1].upper() + problem[1:])  # a sentence here
                field.setFocus()
                field.selectAll()
                return
        self.error.clear()
        if self.session is not None:
            code = self.code
            try:
                run_off_ui(self, _("Saving the recovery code…"), self.session,
                           lambda worker: save_recovery_code(worker, code))
            except (CasefileError, OSError) as exc:
                self.error.setText(str(exc))
                return
        self.accept()

    # -- the sheet ---------------------------------------------------------------------------

    def save_sheet(self) -> Path | None:
        answer = QMessageBox.warning(
            self, _("Recovery sheet"),
            _("The PDF holds the recovery code in plaintext. Print it, then delete the file."),
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Ok:
            return None
        name = FileDialog.getSaveFileName(self, _("Save the recovery sheet"),
                                           "recovery-sheet.pdf", "PDF (*.pdf)")[0]
        if not name:
            return None
        from casefile.printing.recovery_sheet import render_recovery_sheet  # noqa: PLC0415
        from casefile.services.documents.printing import write_pdf  # noqa: PLC0415

        try:
            write_pdf(render_recovery_sheet(self.code, self._vault_name,
                                            date.today().isoformat()), Path(name))
        except (CasefileError, OSError) as exc:
            QMessageBox.warning(self, _("Save the recovery sheet"), str(exc))
            return None
        return Path(name)
