"""Adding a trusted contact: their name and identity, stored once the person confirms the
fingerprint shown is the one the contact read out."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.services.exchange import bundles
from casefile.services.exchange.bundles import Peer
from casefile.services.records.session import Session
from casefile.sync.identity import MAX_IDENTITY_TEXT, PublicIdentity
from casefile.ui.filedialogs import FileDialog
from casefile.ui.sync.parts import button, fingerprint_field, ok_cancel
from casefile.ui.widgets import error_label, named


class AddContactDialog(QDialog):
    """Name a contact and paste (or open) their identity; store it once the person confirms
    that the fingerprint shown is the one the contact read out."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.peer: Peer | None = None
        self._parsed: PublicIdentity | None = None
        self.setObjectName("add_contact_dialog")
        self.setWindowTitle(_("Add contact"))
        self.setAccessibleName(_("Add contact"))
        self.name = named(QLineEdit(), "contact_name")
        self.name.setAccessibleName(_("Contact's name"))
        self.name.setPlaceholderText(_("The name you know them by"))
        self.identity = named(QPlainTextEdit(), "contact_identity")
        self.identity.setAccessibleName(_("Their identity"))
        self.identity.setPlaceholderText(_("Paste the identity text they sent you"))
        self.identity.setTabChangesFocus(True)
        self.from_file = button(_("From file…"), "contact_from_file",
                                _("Read their identity from a file"))
        self.fingerprint = fingerprint_field("contact_fingerprint", _("Their fingerprint"), 13)
        self.fingerprint.setAccessibleDescription(_(
            "Compare it with the fingerprint they read out to you"))
        self.confirm = named(QCheckBox(_("They read out this same fingerprint to me")),
                             "contact_confirm")
        self.confirm.setAccessibleDescription(_("The fingerprint matches what they read out"))
        self.confirm.setEnabled(False)
        self.error = error_label("error_contact")
        self.buttons, self.ok, _cancel = ok_cancel(self, _("Add contact"), "contact_ok")
        self._lay_out()
        self.name.textChanged.connect(self._update)
        self.identity.textChanged.connect(self._parse)
        self.confirm.toggled.connect(self._update)
        self.from_file.clicked.connect(self._open_file)
        self.resize(640, 440)
        self._parse()

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(_("Name:"), self.name)
        identity_row = QVBoxLayout()
        identity_row.addWidget(self.identity)
        identity_row.addWidget(self.from_file, 0, Qt.AlignmentFlag.AlignLeft)
        form.addRow(_("Identity:"), identity_row)
        form.addRow(_("Fingerprint:"), self.fingerprint)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        hint = QLabel(_("Ask the contact to read their fingerprint aloud, in person or on a "
                        "call you trust, and compare every group."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.confirm)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _parse(self) -> None:
        text = self.identity.toPlainText()
        self.error.clear()
        self.confirm.setChecked(False)
        self._parsed = None
        if text.strip():
            try:
                self._parsed = PublicIdentity.from_text(text)
            except CasefileError as exc:
                self.error.setText(str(exc))
        self.fingerprint.setText(self._parsed.fingerprint if self._parsed else "")
        self.fingerprint.setCursorPosition(0)
        self.confirm.setEnabled(self._parsed is not None)
        self._update()

    def _update(self) -> None:
        self.ok.setEnabled(bool(self._parsed and self.confirm.isChecked()
                                and self.name.text().strip()))

    def _open_file(self) -> None:
        path, _filter = FileDialog.getOpenFileName(
            self, _("Open identity file"), "", _("Identity files (*.json *.txt);;All files (*)"))
        if not path:
            return
        try:
            too_big = Path(path).stat().st_size > MAX_IDENTITY_TEXT
            text = "" if too_big else Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.error.setText(_("Could not read the file: {0}").format(exc))
            return
        if too_big:
            self.error.setText(_("this is not a casefile identity"))
            return
        self.identity.setPlainText(text)

    def accept(self) -> None:
        if not self.ok.isEnabled():
            return
        try:
            self.peer = bundles.add_contact(self.session, self.name.text(),
                                         self.identity.toPlainText())
        except CasefileError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


