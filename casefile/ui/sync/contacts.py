"""The trusted contacts tab of the Sync page: who they are, their fingerprints, what they get,
when a bundle last went each way, and the buttons to add, share, remove and export."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.services.exchange import bundles
from casefile.services.exchange.bundlefiles import FILES_PER_BUNDLE
from casefile.services.exchange.bundles import Peer
from casefile.services.records.session import Session
from casefile.sync.identity import PublicIdentity
from casefile.ui.sync.parts import button, fill, local_time, mono, table
from casefile.ui.widgets import named


class ContactsTab(QWidget):
    """The contacts as a table (several may be chosen, to export to) and their buttons."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.peers: list[Peer] = []
        self.table = table("sync_contacts", _("Trusted contacts"), [
            _("Contact's name"), _("Fingerprint"), _("Shared with them"), _("Last bundle sent"),
            _("Last bundle received")], multi=True)
        self.add_button = button(_("Add contact…"), "sync_add_contact")
        self.share_button = button(_("Share…"), "sync_share",
                                   _("Choose what to share with the selected contact"))
        self.remove_button = button(_("Remove…"), "sync_remove",
                                    _("Stop trusting the selected contact"))
        self.export_button = button(_("Export bundle…"), "sync_export",
                                    _("Export a bundle for the selected contacts"))
        # Off by default: scans and photos make bundles large, and messengers limit size.
        self.with_files = named(QCheckBox(_("With attached files")), "sync_with_files")
        self.with_files.setToolTip(_("Also carry the scans and photos attached to the shared "
                                     "records that have not gone to them yet (up to {0} MB a "
                                     "bundle)").format(FILES_PER_BUNDLE // (1024 * 1024)))
        self.table.itemSelectionChanged.connect(self.update_buttons)
        # Who they are (add, share, remove) in one row; what goes to them in the next.
        column = QVBoxLayout(self)
        column.addWidget(self.table)
        for buttons in ((self.add_button, self.share_button, self.remove_button),
                        (self.export_button, self.with_files)):
            row = QHBoxLayout()
            for each in buttons:
                row.addWidget(each)
            row.addStretch(1)
            column.addLayout(row)

    def _scope(self, peer: Peer) -> str:
        if peer.scope_all:
            return _("everything")
        if not peer.case_ids:
            return _("nothing yet")
        titles = []
        for case_id in peer.case_ids:
            try:
                titles.append(self.session.get("case", case_id)["title"])
            except CasefileError:
                titles.append(_("(deleted case)"))
        return "; ".join(sorted(titles))

    @staticmethod
    def _last(log: list[dict[str, Any]], direction: str) -> str:
        done = [e for e in log if e["direction"] == direction]
        if not done:
            return "—"
        return f"#{done[-1]['sender_seq']}, {local_time(done[-1]['at'])}"

    def show_contacts(self) -> None:
        store = bundles.peers(self.session)
        self.peers = store.all()
        rows = []
        for peer in self.peers:
            log = store.exchanges(peer.name)
            fingerprint = PublicIdentity(peer.signing_key, peer.public_key).fingerprint
            rows.append([peer.name, fingerprint, self._scope(peer),
                         self._last(log, "export"), self._last(log, "import")])
        fill(self.table, rows)
        for row in range(len(rows)):
            item = self.table.item(row, 1)
            if item is not None:
                mono(item, self.table.font().pointSize())
        self.table.resizeColumnsToContents()

    def selected(self) -> list[str]:
        """The names of the chosen contacts, top to bottom."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.peers[r].name for r in rows if r < len(self.peers)]

    def select(self, names: list[str]) -> None:
        for row, peer in enumerate(self.peers):
            if peer.name in names:
                self.table.selectRow(row)

    def update_buttons(self) -> None:
        chosen = self.selected()
        self.share_button.setEnabled(len(chosen) == 1)
        self.remove_button.setEnabled(len(chosen) == 1)
        self.export_button.setEnabled(bool(chosen))
        self.with_files.setEnabled(bool(chosen))
