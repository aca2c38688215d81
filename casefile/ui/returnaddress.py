"""The return address printed as the sender on letters, envelopes and manifests.

It is kept in the vault (encrypted, on this device only: never in a bundle, never in Qt's
settings), so each volunteer's or group's own address goes on what they print.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.services.documents import printing
from casefile.services.records.session import Session
from casefile.ui.widgets import error_label, named

LABELS = {"name": lambda: _("Sender's name"), "address": lambda: _("Address"),
          "postal_code": lambda: _("Postal code"), "phone": lambda: _("Phone")}


class ReturnAddressDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("return_address_dialog")
        self.setWindowTitle(_("Return address"))
        form = QFormLayout(self)
        explain = QLabel(_("Printed as the sender on letters, envelopes and manifests, so "
                           "replies find their way back. Kept in this vault only."))
        explain.setWordWrap(True)
        form.addRow(explain)
        stored = printing.return_address(session)
        self.fields: dict[str, QLineEdit] = {}
        for key, label in LABELS.items():
            edit = named(QLineEdit(stored[key]), f"return_{key}")
            edit.setAccessibleName(label())
            edit.setMaxLength(printing.RETURN_FIELDS[key])
            form.addRow(label(), edit)
            self.fields[key] = edit
        self.error = error_label("error_return_address")
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.save = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save.setText(_("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(520, 260)

    def accept(self) -> None:
        try:
            printing.set_return_address(
                self.session, **{k: e.text() for k, e in self.fields.items()})
        except CasefileError as exc:
            self.error.setText(str(exc))
            return
        super().accept()
