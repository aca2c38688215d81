"""*Forgot the passphrase?* on the start and locked screens: a new passphrase with the
recovery code, as ``casefile passwd --recovery`` does (``services.safety.recovery.recover``,
which reads the code with or without dashes, spaces or capitals). Then the vault opens.

The code is checked and the new passphrase set on a worker thread (each is a key derivation);
a wrong code or a mismatch is said in the dialog, which stays open with what was typed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.services.safety.recovery import recover
from casefile.ui.background import run_off_ui
from casefile.ui.passphrasebox import NewPassphrase
from casefile.ui.widgets import error_label, named


class RecoverDialog(QDialog):
    """``recovered(key)``: the new passphrase is set; the key opens the vault."""

    recovered = Signal(object)

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self.setObjectName("recover_dialog")
        self.setWindowTitle(_("Forgot the passphrase"))
        self.setMinimumWidth(640)  # the strength line wraps to two or three lines
        layout = QVBoxLayout(self)
        note = QLabel(_("Type the recovery code from the recovery sheet of {0}, then choose a "
                        "new passphrase. The vault opens with it; the recovery code keeps "
                        "working.").format(self.folder.name))
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.code = named(QLineEdit(), "recovery_code")
        self.code.setAccessibleName(_("Recovery code"))
        self.code.setAccessibleDescription(_("As written on the recovery sheet; spaces, dashes "
                                             "and capitals do not matter"))
        self.code.setFont(QFont("DejaVu Sans Mono"))
        form.addRow(_("Recovery code"), self.code)
        self.new = NewPassphrase(form, self)
        layout.addLayout(form)
        self.error = error_label("recover_error")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.go = buttons.addButton(_("Set the new passphrase and open"),
                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.go.setObjectName("recover_go")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.go.setDefault(True)  # once in the dialog: Enter in any field sets it
        self.code.setFocus()

    def accept(self) -> None:
        code = self.code.text().strip()
        problem = self.new.problem() or ("" if code else _("type the recovery code"))
        if problem:
            self.error.setText(problem)
            return
        folder, new = self.folder, self.new.text()

        def work(_session: object) -> object:
            recover(folder, code, new)
            return Session.derive_key(folder, new)

        self.error.clear()
        try:
            key = run_off_ui(self, _("Checking the recovery code…"), None, work)
        except (CasefileError, OSError) as exc:
            self.error.setText(str(exc))
            self.code.setFocus()
            return
        self.new.guard.hide_text()
        super().accept()
        self.recovered.emit(key)
