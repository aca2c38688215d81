"""Removing a trusted contact, and revoking their key if their device is in other hands."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QVBoxLayout, QWidget

from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.services.exchange import bundles
from casefile.services.exchange.bundles import Peer
from casefile.services.records.session import Session
from casefile.ui.sync.parts import ok_cancel
from casefile.ui.widgets import error_label, named


class RemoveContactDialog(QDialog):
    """Stop trusting a contact; optionally revoke their key (a seized or lost device)."""

    def __init__(self, session: Session, peer: Peer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.peer = peer
        self.setObjectName("remove_contact_dialog")
        title = _("Remove {0}").format(peer.name)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        explain = QLabel(_("casefile will send {0} nothing more and will not open bundles "
                           "signed by them. What they sent before stays in this vault.")
                         .format(peer.name))
        explain.setWordWrap(True)
        self.revoke = named(QCheckBox(_("Revoke their key")), "remove_revoke")
        self.revoke.setAccessibleName(_("Revoke their key"))
        why = QLabel(_("Their device may be in someone else's hands (seized, lost, stolen): "
                       "also refuse their changes that other groups pass on. This cannot be "
                       "undone."))
        why.setWordWrap(True)
        why.setContentsMargins(24, 0, 0, 0)  # under the box's text
        self.error = error_label("error_remove")
        self.buttons, self.ok, cancel = ok_cancel(self, _("Remove"), "remove_ok")
        self.ok.setAutoDefault(False)  # Enter must not remove by accident
        cancel.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.revoke)
        layout.addWidget(why)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(460, 220)

    def accept(self) -> None:
        try:
            bundles.remove_contact(self.session, self.peer.name, revoke=self.revoke.isChecked())
        except CasefileError as exc:
            self.error.setText(str(exc))
            return
        super().accept()

