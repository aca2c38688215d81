"""Choosing what a trusted contact receives from now on: everything, or the ticked cases."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.services.exchange import bundles
from casefile.services.exchange.bundles import Peer
from casefile.services.records.session import Session
from casefile.ui.sync.parts import ok_cancel
from casefile.ui.widgets import error_label, named


class ShareDialog(QDialog):
    """What a contact receives from now on: everything, or the ticked cases.

    Unticking (or leaving "everything") stops later changes from going to them; what was
    sent stays with them, which the dialog says."""

    def __init__(self, session: Session, peer: Peer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.peer = peer
        self.setObjectName("share_dialog")
        title = _("Share with {0}").format(peer.name)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.everything = named(QRadioButton(_("Everything in this vault")), "share_all")
        self.everything.setAccessibleName(_("Share everything"))
        self.some = named(QRadioButton(_("Only these cases, with their people and records:")),
                          "share_some")
        self.some.setAccessibleName(_("Share only the cases ticked below"))
        self.cases = named(QListWidget(), "share_cases")
        self.cases.setAccessibleName(_("Cases to share"))
        self._list_cases()
        (self.everything if peer.scope_all else self.some).setChecked(True)
        self.some.toggled.connect(self.cases.setEnabled)
        self.cases.setEnabled(self.some.isChecked())
        self.error = error_label("error_share")
        note = QLabel(_("Taking a case away stops its later changes from going to {0}. What "
                        "was sent cannot be called back.").format(peer.name))
        note.setWordWrap(True)
        self.buttons, self.ok, _cancel = ok_cancel(self, _("Share"), "share_ok")
        layout = QVBoxLayout(self)
        layout.addWidget(self.everything)
        layout.addWidget(self.some)
        layout.addWidget(self.cases)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(460, 420)

    def _list_cases(self) -> None:
        for case in self.session.list("case", order="title"):
            item = QListWidgetItem(case["title"])
            item.setData(Qt.ItemDataRole.UserRole, case["id"])  # a string, never None
            shared = case["id"] in self.peer.case_ids
            item.setCheckState(Qt.CheckState.Checked if shared else Qt.CheckState.Unchecked)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            self.cases.addItem(item)

    def checked_case_ids(self) -> list[str]:
        ids = []
        for row in range(self.cases.count()):
            item = self.cases.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return ids

    def accept(self) -> None:
        try:
            bundles.peers(self.session).set_scope(self.peer.name,
                                               everything=self.everything.isChecked(),
                                               case_ids=self.checked_case_ids())
        except CasefileError as exc:
            self.error.setText(str(exc))
            return
        super().accept()

