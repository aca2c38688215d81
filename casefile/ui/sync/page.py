"""The Sync page: this vault's identity, trusted contacts, bundles out and in, conflicts, log.

Export, preview and import run on a worker thread with their own connection to the vault
(ui/background.py), behind a modal progress dialog; the window keeps painting meanwhile.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from casefile.domain.errors import CasefileError
from casefile.i18n import _, ngettext
from casefile.services.exchange import bundles
from casefile.services.records.session import Session
from casefile.ui.background import run_off_ui
from casefile.ui.exchangefolder import ExchangeBox
from casefile.ui.sync.addcontact import AddContactDialog
from casefile.ui.sync.bundlefile import ask_to_shred, shred, where_to_export, which_to_import
from casefile.ui.sync.conflicts import ConflictsTab
from casefile.ui.sync.contacts import ContactsTab
from casefile.ui.sync.identity import IdentityBox
from casefile.ui.sync.log import log_table, show_log
from casefile.ui.sync.parts import button
from casefile.ui.sync.preview import ask_to_apply
from casefile.ui.sync.removecontact import RemoveContactDialog
from casefile.ui.sync.sharing import ShareDialog
from casefile.ui.widgets import ERROR_STYLE, named
from casefile.ui.worker import Worker


class SyncPage(QWidget):
    """Everything about keeping in step with other groups; ``open_requested(type, id)``."""

    open_requested = Signal(str, str)
    records_changed = Signal()  # an import or a resolved conflict changed records

    def __init__(self, session: Session, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        # Kept for symmetry with the other pages; bundles cannot use it (see the docstring).
        self.worker = worker
        self.setObjectName("page_sync")
        self.add_dialog: AddContactDialog | None = None
        self.share_dialog: ShareDialog | None = None
        self.remove_dialog: RemoveContactDialog | None = None
        # Made in the order Tab reaches them: Import bundle… beside the heading, the tabs, the
        # exchange folder under them, then this vault's card on the right.
        self.import_button = button(_("Import bundle…"), "sync_import")
        self.contacts_tab = ContactsTab(session)
        self.conflicts_tab = ConflictsTab(session)
        self.log = log_table()
        # The parts by the names the menus (Sync ▸ …) and the tests reach them.
        self.contacts, self.with_files = self.contacts_tab.table, self.contacts_tab.with_files
        self.add_button, self.share_button = (self.contacts_tab.add_button,
                                              self.contacts_tab.share_button)
        self.remove_button, self.export_button = (self.contacts_tab.remove_button,
                                                  self.contacts_tab.export_button)
        self.conflicts = self.conflicts_tab.table
        self.keep_mine, self.keep_theirs = (self.conflicts_tab.keep_mine,
                                            self.conflicts_tab.keep_theirs)
        self.result = named(QLabel(), "sync_result")
        self.result.setAccessibleName(_("Result of the last export or import"))
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Bundles written and applied by themselves, through a folder a sync tool carries.
        self.exchange = ExchangeBox(session)
        self.exchange.records_changed.connect(self.refresh)
        self.exchange.records_changed.connect(self.records_changed.emit)
        self.identity_box = IdentityBox()
        self.qr, self.fingerprint = self.identity_box.qr, self.identity_box.fingerprint
        self.copy_button = self.identity_box.copy_button
        self._wire()
        self._lay_out()

    def _wire(self) -> None:
        self.copy_button.clicked.connect(self.copy_identity)
        self.add_button.clicked.connect(self.add_contact)
        self.share_button.clicked.connect(self.share)
        self.remove_button.clicked.connect(self.remove_contact)
        self.export_button.clicked.connect(self.export_bundle)
        self.import_button.clicked.connect(self.import_bundle)
        self.keep_mine.clicked.connect(lambda: self.resolve("mine"))
        self.keep_theirs.clicked.connect(lambda: self.resolve("theirs"))
        self.conflicts.activated.connect(self._open_conflict)

    def _lay_out(self) -> None:
        """The heading with Import bundle… beside it; under it the tabs, the result of the
        last export or import and the exchange folder, with this vault's card to their right
        (side by side, so the page fits a 700 px screen with a conflict and a result shown)."""
        heading = QLabel(_("Sync"))
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.tabs = named(QTabWidget(), "sync_tabs")
        self.tabs.setAccessibleName(_("Sync"))
        self.tabs.addTab(self.contacts_tab, _("Trusted contacts"))
        self.tabs.addTab(self.conflicts_tab, _("Conflicts"))
        self.tabs.addTab(self.log, _("Exchange log"))
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.import_button)
        work = QVBoxLayout()
        work.addWidget(self.tabs, 1)
        work.addWidget(self.result)
        self.result.setVisible(False)  # until there is something to say
        work.addWidget(self.exchange)
        body = QHBoxLayout()
        body.addLayout(work, 1)
        body.addWidget(self.identity_box)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        self._update_buttons()

    # -- loading -------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        # Loaded when first looked at (a vault without an identity gets one only then) and
        # again each time, as case titles and conflicts change elsewhere.
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        self.identity_box.show_identity(bundles.identity(self.session).public)
        self.contacts_tab.show_contacts()
        count = self.conflicts_tab.show_conflicts()
        self.tabs.setTabText(1, _("Conflicts ({0})").format(count) if count
                             else _("Conflicts"))
        show_log(self.log, self.session)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.contacts_tab.update_buttons()
        self.conflicts_tab.update_buttons()

    def selected_contacts(self) -> list[str]:
        return self.contacts_tab.selected()

    # -- messages ------------------------------------------------------------------------

    def _say(self, text: str, *, error: bool = False) -> None:
        self.result.setStyleSheet(ERROR_STYLE if error else "")
        self.result.setProperty("error", error)
        self.result.setText(text)
        self.result.setVisible(bool(text))

    # -- actions -------------------------------------------------------------------------

    def copy_identity(self) -> None:
        # Public: no clipboard clearing needed, unlike phone numbers and addresses.
        QGuiApplication.clipboard().setText(bundles.identity(self.session).public.to_json())
        self._say(_("This vault's identity is on the clipboard."))

    def add_contact(self) -> None:
        self.add_dialog = AddContactDialog(self.session, self)
        self.add_dialog.accepted.connect(self._contact_added)
        self.add_dialog.finished.connect(self.add_dialog.deleteLater)
        self.add_dialog.open()

    def _contact_added(self) -> None:
        dialog = self.add_dialog
        self.refresh()
        if dialog is not None and dialog.peer is not None:
            self._say(_("{0} is now a trusted contact. Choose what to share with them.")
                      .format(dialog.peer.name))
            self.contacts_tab.select([dialog.peer.name])
        self.add_dialog = None

    def share(self) -> None:
        chosen = self.selected_contacts()
        if len(chosen) != 1:
            return
        self.share_dialog = ShareDialog(self.session, bundles.peers(self.session).get(chosen[0]),
                                        self)
        self.share_dialog.accepted.connect(self._shared)
        self.share_dialog.finished.connect(self.share_dialog.deleteLater)
        self.share_dialog.open()

    def remove_contact(self) -> None:
        chosen = self.selected_contacts()
        if len(chosen) != 1:
            return
        self.remove_dialog = RemoveContactDialog(
            self.session, bundles.peers(self.session).get(chosen[0]), self)
        self.remove_dialog.accepted.connect(self._removed)
        self.remove_dialog.finished.connect(self.remove_dialog.deleteLater)
        self.remove_dialog.open()

    def _removed(self) -> None:
        dialog, self.remove_dialog = self.remove_dialog, None
        self.refresh()
        if dialog is not None:
            self._say((_("{0} is no longer trusted, and their key is revoked")
                       if dialog.revoke.isChecked() else _("{0} is no longer trusted"))
                      .format(dialog.peer.name))

    def _shared(self) -> None:
        chosen = self.selected_contacts()
        self.share_dialog = None
        self.refresh()
        self.contacts_tab.select(chosen)

    def export_bundle(self) -> None:
        names = self.selected_contacts()
        if not names:
            return
        target = where_to_export(self)
        if target is None:
            return
        files = self.with_files.isChecked()
        try:
            result = run_off_ui(self, _("Encrypting and signing the bundle…"), self.session,
                                lambda s: bundles.export_bundle(s, names, target, files=files))
        except (CasefileError, OSError) as exc:
            self._say(_("Nothing was exported: {0}").format(exc), error=True)
            return
        self.refresh()
        count = result["writes"]
        lines = [ngettext("{0} write sent to {1}", "{0} writes sent to {1}", count).format(
            count, ", ".join(result["recipients"]))]
        if files:
            lines.append(ngettext("{0} attached file", "{0} attached files",
                                  result["files"]).format(result["files"]))
        lines += result["notes"]
        lines.append(_("Saved as {0}").format(target))
        self._say("\n".join(lines))

    def import_bundle(self) -> None:
        source = which_to_import(self)
        if source is None:
            return
        try:
            preview = run_off_ui(self, _("Checking the bundle…"), self.session,
                                 lambda s: bundles.preview_bundle(s, source))
        except (CasefileError, OSError) as exc:
            self._say(_("Nothing was imported: {0}").format(exc), error=True)
            return
        if not ask_to_apply(self, preview):
            self._say(_("Nothing was imported."))
            return
        try:
            report = run_off_ui(self, _("Checking and applying the bundle…"), self.session,
                                lambda s: bundles.import_bundle(s, source))
        except (CasefileError, OSError) as exc:
            self._say(_("Nothing was imported: {0}").format(exc), error=True)
            return
        self.refresh()
        self.records_changed.emit()
        lines = [bundles.summary_line(report), *report.notes]
        if report.conflicts:
            lines.append(_("Both versions of each conflicting field are kept: choose under "
                           "Conflicts."))
            self.tabs.setCurrentIndex(1)
        self._say("\n".join(lines))
        if ask_to_shred(self):
            self._shred(source, lines)

    def _shred(self, source: Path, lines: list[str]) -> None:
        try:
            shred(source)
        except OSError as exc:
            lines.append(_("The bundle file could not be deleted: {0}").format(exc))
            self._say("\n".join(lines), error=True)
            return
        lines.append(_("The bundle file was overwritten and deleted."))
        self._say("\n".join(lines))

    def resolve(self, keep: str) -> None:
        conflict = self.conflicts_tab.current()
        if conflict is None:
            return
        try:
            bundles.resolve(self.session, conflict["id"], keep)
        except CasefileError as exc:
            self._say(str(exc), error=True)
        self.refresh()
        self.records_changed.emit()

    def _open_conflict(self, index: QModelIndex) -> None:
        conflicts = self.conflicts_tab.conflicts
        if not index.isValid() or index.row() >= len(conflicts):
            return
        conflict = conflicts[index.row()]
        try:
            self.session.get_any(conflict["record_id"])
        except CasefileError:
            return  # deleted here: nothing to open
        self.open_requested.emit(conflict["type"], conflict["record_id"])
