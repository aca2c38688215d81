"""Vault security…: the duress passphrase, set and turned off (``services.duress``, as
``casefile duress set|off``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.services.safety.duress import duress_off, has_duress, set_duress
from casefile.ui.background import run_off_ui
from casefile.ui.filedialogs import FileDialog, path_row
from casefile.ui.widgets import ERROR_STYLE, named, password_field


def _label(text: str, name: str = "") -> QLabel:
    label = named(QLabel(text), name)
    label.setWordWrap(True)
    return label


class DuressBox(QGroupBox):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(_("Duress passphrase"), parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.addWidget(_label(_(
            "Off by default. Typed at unlock instead of the passphrase, it destroys this vault "
            "without a word and opens an ordinary-looking one instead (empty, or with the "
            "records you prepare). It cannot help if the disk was copied before.")))
        self.state = _label("", "duress_state")
        layout.addWidget(self.state)
        row = QHBoxLayout()
        self.set_button = named(QPushButton(_("Set a duress passphrase…")), "duress_set")
        self.set_button.clicked.connect(self.ask)
        self.off_button = named(QPushButton(_("Turn off")), "duress_off")
        self.off_button.clicked.connect(self.turn_off)
        row.addWidget(self.set_button)
        row.addWidget(self.off_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = _label("", "duress_message")
        layout.addWidget(self.message)
        self.dialog: DuressDialog | None = None
        self._show_state()

    def _show_state(self) -> None:
        on = has_duress(self.session)
        self.state.setText(_("A duress passphrase is set.") if on
                           else _("No duress passphrase."))
        self.off_button.setEnabled(on)

    def ask(self) -> DuressDialog:
        self.dialog = DuressDialog(self)
        self.dialog.accepted.connect(lambda: self._set(self.dialog))
        self.dialog.open()
        return self.dialog

    def _set(self, dialog: DuressDialog | None) -> None:
        if dialog is None:
            return
        passphrase = dialog.passphrase.text()
        records = Path(dialog.records.text()) if dialog.records.text().strip() else None
        try:
            run_off_ui(self, _("Making the decoy…"), self.session,
                       lambda s: set_duress(s, passphrase, records))
        except (CasefileError, OSError) as exc:
            self.message.setText(_("Not set: {0}").format(exc))
            self.message.setStyleSheet(ERROR_STYLE)
            return
        self.message.setStyleSheet("")
        self.message.setText(_("Duress passphrase set. Typed at unlock, it destroys this "
                               "vault."))
        self._show_state()

    def turn_off(self) -> None:
        duress_off(self.session)
        self.message.setStyleSheet("")
        self.message.setText(_("The duress passphrase is off: it opens nothing now."))
        self._show_state()


class DuressDialog(QDialog):
    """The duress passphrase twice, and the decoy's records if any."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duress_dialog")
        self.setWindowTitle(_("Duress passphrase"))
        layout = QVBoxLayout(self)
        layout.addWidget(_label(_("Choose a passphrase you could give under pressure. It must "
                                  "differ from the vault's passphrase.")))
        form = QFormLayout()
        self.passphrase = password_field("duress_passphrase", _("Duress passphrase"))
        self.repeat = password_field("duress_repeat", _("Repeat the duress passphrase"))
        self.records = named(QLineEdit(), "duress_records")
        self.records.setAccessibleName(_("Records for the decoy"))
        self.records.setPlaceholderText(_("optional: a JSON Lines file"))
        form.addRow(_("Duress passphrase"), self.passphrase)
        form.addRow(_("Repeat"), self.repeat)
        form.addRow(_("Decoy's records"), path_row(self.records, "choose_duress_records",
                                                   self._choose))
        layout.addLayout(form)
        self.error = _label("", "duress_error")
        self.error.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setObjectName("duress_ok")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _choose(self) -> None:
        name = FileDialog.getOpenFileName(self, _("Records for the decoy"), "",
                                          _("JSON Lines (*.jsonl)"))[0]
        if name:
            self.records.setText(name)

    def accept(self) -> None:
        if not self.passphrase.text():
            self.error.setText(_("Type the duress passphrase."))
            return
        if self.passphrase.text() != self.repeat.text():
            self.error.setText(_("The two passphrases differ."))
            return
        super().accept()
