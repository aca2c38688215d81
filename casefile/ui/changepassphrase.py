"""*Vault security… → Change the passphrase…*: the current passphrase, the new one twice
with its strength, as ``casefile passwd`` does (``Session.change_passphrase``).

The current passphrase is checked without counting as a failed unlock and without setting
off a duress passphrase (``services.safety.panic.is_the_passphrase``); checking it and
setting the new one are key derivations, so both run on a worker thread. A new passphrase
ends "remember on this device" (the service drops the remembered key): the dialog says so
when this vault is remembered here. The recovery code and the duress passphrase stay.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.services.safety.device import is_remembered
from casefile.services.safety.panic import is_the_passphrase
from casefile.ui.background import run_off_ui
from casefile.ui.passphrasebox import NewPassphrase
from casefile.ui.widgets import error_label, named, password_field


def change_passphrase(session: Session, current: str, new: str) -> None:
    """On the worker's own connection: check the current passphrase, then set the new one."""
    if not is_the_passphrase(session.folder, current):
        raise CasefileError(_("the current passphrase is wrong: nothing was changed"))
    session.change_passphrase(new)


class ChangePassphraseDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("change_passphrase_dialog")
        self.setWindowTitle(_("Change the passphrase"))
        self.setMinimumWidth(560)  # the strength line wraps to two or three lines
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.current = password_field("current_passphrase", _("Current passphrase"))
        form.addRow(_("Current passphrase"), self.current)
        self.new = NewPassphrase(form, self, before=[self.current])
        layout.addLayout(form)
        self.remembered = is_remembered(session.folder)
        if self.remembered:
            note = named(QLabel(_("This device will no longer open the vault without the "
                                  "passphrase: changing it turns off \"Remember on this "
                                  "device\". Turn it on again afterwards if you want.")),
                         "remember_ends")
            note.setWordWrap(True)
            layout.addWidget(note)
        self.error = error_label("change_error")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.go = buttons.addButton(_("Change the passphrase"),
                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.go.setObjectName("change_go")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.go.setDefault(True)  # once in the dialog: Enter in any field sets it
        self.current.setFocus()

    def accept(self) -> None:
        problem = self.new.problem() if self.current.text() else _(
            "type the current passphrase")
        if problem:
            self.error.setText(problem)
            return
        current, new = self.current.text(), self.new.text()
        self.error.clear()
        try:
            run_off_ui(self, _("Changing the passphrase…"), self.session,
                       lambda worker: change_passphrase(worker, current, new))
        except (CasefileError, OSError) as exc:
            self.error.setText(str(exc))
            self.current.selectAll()
            self.current.setFocus()
            return
        self.new.guard.hide_text()
        super().accept()


class PassphraseBox(QGroupBox):
    """The *Passphrase* box of *Vault security…*; ``changed`` once a new one is set."""

    changed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(_("Passphrase"), parent)
        self.session = session
        row = QHBoxLayout(self)
        self.button = named(QPushButton(_("Change the passphrase…")), "change_passphrase")
        self.button.clicked.connect(self.ask)
        row.addWidget(self.button)
        row.addStretch(1)
        self.dialog: ChangePassphraseDialog | None = None

    def ask(self) -> ChangePassphraseDialog:
        self.dialog = ChangePassphraseDialog(self.session, self)
        self.dialog.accepted.connect(self.changed)
        self.dialog.open()
        return self.dialog
