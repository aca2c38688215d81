"""The main window: start/unlock screen, then sidebar, lists, editors, search and locking.

Around it: the toolbar (``toolbar.py``), the menu bar (``menus.py``), the panic key
(``panic.py``), what runs by itself while a vault is open — idle and screen locks, drafts,
scheduled backups (``timers.py``) — the sidebar (``sidebar.py``), search (``search.py``) and
the clipboard that clears itself (``clipboard.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.describe import shown_title
from casefile.i18n import _, ngettext
from casefile.services.records.session import Session
from casefile.services.records.trash import KEEP_DAYS
from casefile.ui.about import show_about
from casefile.ui.attachments import PlaintextCopies
from casefile.ui.background import is_busy
from casefile.ui.capture import set_hidden_from_capture
from casefile.ui.clipboard import CLEAR_AFTER_MS, SecretClipboard
from casefile.ui.dashboard import DashboardPage
from casefile.ui.destroyvault import destroy_vault
from casefile.ui.dialogfocus import return_focus_from_dialogs
from casefile.ui.firststeps import offer_recovery_code
from casefile.ui.listitems import item_target
from casefile.ui.menus import MainMenus
from casefile.ui.panic import Panic
from casefile.ui.place import Place
from casefile.ui.recordpage import RecordPage
from casefile.ui.screenfit import fit_dialogs_to_screen, fit_to_screen
from casefile.ui.search import SearchResults
from casefile.ui.sections import SECTIONS
from casefile.ui.settings import SettingsDialog, hide_from_screenshots, lock_after_minutes
from casefile.ui.sidebar import Sidebar, section_label
from casefile.ui.start import StartPage
from casefile.ui.sync.page import SyncPage
from casefile.ui.timers import VaultTimers
from casefile.ui.toolbar import MainToolbar
from casefile.ui.vaultsettings import VaultSettingsDialog
from casefile.ui.widgets import named
from casefile.ui.worker import Worker

LOCK_RETRY_MS = 200
STATUS_MS = 10_000  # what just happened stays this long in the status bar


class MainWindow(QMainWindow):
    locked = Signal()

    def __init__(self, worker: Worker, settings: QSettings, *, kdf_seconds: float = 1.0,
                 idle_minutes: float | None = None) -> None:
        super().__init__()
        self.setWindowTitle("casefile")
        self.worker = worker
        self.settings = settings
        self.session: Session | None = None
        self.clipboard = SecretClipboard(self)
        self.copies = PlaintextCopies()
        self.stack = QStackedWidget()
        self.start = StartPage(worker, settings, kdf_seconds)
        self.start.unlocked.connect(self.on_unlocked)
        self.start.created.connect(lambda: offer_recovery_code(self))  # a new vault's first step
        self.stack.addWidget(self.start)
        self.place = Place(self)  # the page shown at a lock, shown again after the unlock
        self.workspace: QWidget | None = None
        self.page_of: dict[str, QWidget] = {}
        self._dashboard_stale = False  # a record saved or deleted since it was last made
        self.setCentralWidget(self.stack)
        self._build_toolbar()
        self.panic = Panic(self)  # the panic key, its File-menu entry and the tray icon
        self.locked.connect(lambda: self.panic.show_state(locked=True))
        self.menus = MainMenus(self)
        self._set_unlocked_ui(False)
        self.timers = VaultTimers(self, idle_minutes or lock_after_minutes(settings))
        self.idle = self.timers.idle
        # QWidget.screen() stays reachable as QWidget.screen(window) (see screenfit.py).
        self.screen = self.timers.screen  # type: ignore[assignment,method-assign]
        self.resize(1200, 760)
        geometry = settings.value("geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(geometry)
        fit_to_screen(self)  # a 1024×700 netbook, a 1366×768 laptop
        fit_dialogs_to_screen()
        return_focus_from_dialogs()
        set_hidden_from_capture(self, hide_from_screenshots(settings))

    # -- chrome ----------------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        self.toolbar = MainToolbar(self)
        self.addToolBar(self.toolbar)
        # What the menus (and tests) reach through the window.
        self.search_field = self.toolbar.search_field
        self.search_field.textChanged.connect(self._search)
        self.search_field.returnPressed.connect(self._open_chosen_hit)
        self.search_field.step.connect(self._step_hit)
        self.lock_action = self.toolbar.lock_action
        self.vault_action = self.toolbar.vault_action
        self.settings_action = self.toolbar.settings_action
        self.exchange = self.toolbar.exchange
        self.import_action = self.toolbar.import_action
        self.about_action = self.toolbar.about_action

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        if dialog.exec():
            set_hidden_from_capture(self, hide_from_screenshots(self.settings))
            self.idle.timer.setInterval(int(dialog.idle.value() * 60_000))
            if isinstance(board := self.page_of.get("dashboard"), DashboardPage):
                board.refresh()  # "Coming up" looks as many days ahead as now set

    def import_table(self) -> None:
        """The spreadsheet import wizard; the lists are shown afresh after an import."""
        from casefile.ui.tablewizard import TableWizard  # noqa: PLC0415

        if self.session is None:
            return
        self.table_wizard = TableWizard(self.session, self)
        self.table_wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.table_wizard.imported.connect(self.reload_pages)
        self.locked.connect(self.table_wizard.reject)  # never outlives the open vault
        self.table_wizard.open()

    def show_about(self) -> None:
        show_about(self)

    def _set_unlocked_ui(self, unlocked: bool) -> None:
        self.toolbar.set_unlocked(unlocked)
        self.menus.update()

    def say(self, text: str) -> None:
        """What just happened, in the status bar for a few seconds."""
        self.statusBar().showMessage(text, STATUS_MS)

    def edit_vault_settings(self) -> VaultSettingsDialog | None:
        if self.session is None:
            return None
        dialog = VaultSettingsDialog(self.session, lambda said: destroy_vault(self, said), self)
        dialog.open()
        return dialog

    def run_scheduled_backup(self) -> Path | None:
        return self.timers.run_scheduled_backup()

    def keep_drafts(self) -> None:
        self.timers.keep_drafts()

    def focus_search(self) -> None:
        if self.session is not None:
            self.search_field.setFocus()
            self.search_field.selectAll()

    # -- unlocked state ----------------------------------------------------------------

    def on_unlocked(self, session: Session) -> None:
        self.session = session
        self.panic.opened(session)
        self.workspace = self._build_workspace(session)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        self.setWindowTitle(f"casefile — {session.folder.name}")
        self._set_unlocked_ui(True)
        self.update_counts()
        self.timers.start()
        self.timers.restore_drafts()

    def _build_workspace(self, session: Session) -> QWidget:
        workspace = named(QWidget(), "workspace")
        self.sidebar = Sidebar()
        self.pages = named(QStackedWidget(), "pages")
        self.page_of = {section: self._make_page(session, section) for section in SECTIONS}
        for page in self.page_of.values():
            self.pages.addWidget(page)
        self.sidebar.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.sidebar.currentRowChanged.connect(self._section_changed)
        self.sidebar.setCurrentRow(0)
        self.sidebar.fit()
        # Search results live in the workspace, so locking deletes them with everything else.
        self.results = named(SearchResults(), "results")
        self.results.setAccessibleName(_("Search results"))
        self.results.itemActivated.connect(self._open_hit)
        middle = QVBoxLayout()
        middle.addWidget(self.results, 1)
        self.results.setVisible(False)
        middle.addWidget(self.pages, 1)
        layout = QHBoxLayout(workspace)
        layout.addWidget(self.sidebar)
        layout.addLayout(middle, 1)
        return workspace

    def _make_page(self, session: Session, section: str) -> QWidget:
        """A section's page, wired to the window: records open, saves and deletes said."""
        if section == "dashboard":
            dashboard = DashboardPage(session, settings=self.settings)
            dashboard.open_requested.connect(self.open_record)
            return dashboard
        if section == "sync":
            sync = SyncPage(session, self.worker)
            sync.open_requested.connect(self.open_record)
            sync.records_changed.connect(self.reload_pages)
            sync.exchange.arrived.connect(self.say)
            return sync
        page = RecordPage(session, section, self.copies)
        page.editor.copy_requested.connect(self.copy_text)
        page.open_requested.connect(self.open_record)
        page.editor.saved.connect(self._saved)
        page.deleted.connect(self._deleted)
        return page

    def reload_pages(self) -> None:
        """Records changed underneath the lists (a bundle came in): show them afresh."""
        for page in self.page_of.values():
            if isinstance(page, RecordPage):
                page.refresh_shown()
            elif isinstance(page, DashboardPage):
                page.refresh()
        self.update_counts()

    section_label = staticmethod(section_label)

    def update_counts(self) -> None:
        """The sidebar's counts: hearings in the next seven days, conflicts to choose."""
        if self.session is None or self.workspace is None:
            return
        self.sidebar.show_counts(self.session)

    def _section_changed(self, _row: int) -> None:
        self.statusBar().clearMessage()  # what happened on another page is stale here
        self.menus.update()
        page = self.pages.currentWidget()
        if self._dashboard_stale and isinstance(page, DashboardPage):
            self._dashboard_stale = False
            page.refresh()

    def go_to_section(self, section: str) -> None:
        """Alt+1…9 and the View menu: show the section, with the keyboard in its list."""
        if self.session is None or self.workspace is None:
            return
        self._show_results(False)
        self.show_section(section)
        page = self.page_of[section]
        if isinstance(page, RecordPage):
            page.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _saved(self, record: dict[str, Any]) -> None:
        self.say(_("Saved: {0}").format(shown_title(record)))
        self.update_counts()
        self._edited()

    def _edited(self) -> None:
        """After a save or a delete: the dashboard is made again when next shown, and new
        bundles for the exchange folder go a few seconds after the last edit."""
        self._dashboard_stale = True
        page = self.page_of.get("sync")
        if isinstance(page, SyncPage):
            page.exchange.edited()

    def _deleted(self, title: str) -> None:
        self.say(ngettext("Deleted: {0}. Edit → Trash… brings it back for {1} day.",
                          "Deleted: {0}. Edit → Trash… brings it back for {1} days.",
                          KEEP_DAYS).format(title, KEEP_DAYS))
        self.update_counts()
        self._edited()

    def show_section(self, section: str) -> None:
        self.sidebar.setCurrentRow(SECTIONS.index(section))

    def open_record(self, record_type: str, record_id: str) -> None:
        """Show a record (from search, the dashboard, a link), selected in its list."""
        self.show_section(record_type)
        page = self.page_of[record_type]
        if isinstance(page, RecordPage) and page.open_record(record_id):
            page.select_in_list(record_id, reveal=True)

    # -- search ------------------------------------------------------------------------

    def _search(self, text: str) -> None:
        if self.session is None:
            return
        self._show_results(bool(text.strip()))
        self.results.search(self.session, text)

    def _step_hit(self, step: int) -> None:
        self.results.step(step)

    def _open_chosen_hit(self) -> None:
        """Enter in the search field: open the highlighted hit."""
        item = self.results.chosen()
        if item is not None:
            self._open_hit(item)

    def _show_results(self, shown: bool) -> None:
        """Search results take the page's place while they are shown: stacked above it, the
        window needed both heights and grew past a 700 px screen."""
        # Hide one before showing the other: for a moment both would count, and the window
        # would grow to hold them.
        (self.results if not shown else self.pages).setVisible(False)
        (self.results if shown else self.pages).setVisible(True)

    def _open_hit(self, item: QListWidgetItem) -> None:
        target = item_target(item)
        if target:
            self._show_results(False)
            self.open_record(*target)

    # -- locking -----------------------------------------------------------------------

    def copy_text(self, text: str, clear_after_ms: int = CLEAR_AFTER_MS) -> None:
        """Copy to the clipboard and clear it again after 30 s (and on lock)."""
        self.clipboard.copy(text, clear_after_ms)

    def lock(self) -> None:
        """Drop the key, close the database, clear what we copied, show the unlock screen.

        While a background job holds its own connection, locking waits for it to end."""
        if self.session is None:
            return
        if is_busy():
            QTimer.singleShot(LOCK_RETRY_MS, self.lock)
            return
        self.statusBar().clearMessage()  # what happened in the vault is not for the lock screen
        self.timers.keep_drafts()  # before anything is torn down: a lock must not lose an edit
        sync_page = self.page_of.get("sync") if self.workspace is not None else None
        if isinstance(sync_page, SyncPage):  # the last edits' bundles, unless in a panic
            sync_page.exchange.stop(write=not self.panic.happening)
        folder = self.session.folder
        self.timers.stop()
        self.clipboard.clear()
        self.copies.remove_all()
        self.search_field.clear()
        if self.workspace is not None:
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        self.session.close()
        self.session = None
        self._set_unlocked_ui(False)
        self.setWindowTitle("casefile")
        self.stack.setCurrentWidget(self.start)
        self.start.show_locked(Path(folder))  # "Locked", the folder's name, the passphrase
        self.locked.emit()

    def has_unsaved_edits(self) -> bool:
        return any(isinstance(p, RecordPage) and p.editor.is_dirty
                   for p in self.page_of.values()) if self.session else False

    def leave_edits(self) -> bool:
        """Before leaving the vault: Save / Don't save / Cancel for each unsaved editor.
        False if the person chose to stay; edits not saved are dropped, not kept as drafts."""
        if self.session is None:
            return True
        for page in self.page_of.values():
            if isinstance(page, RecordPage) and not page.confirm_discard():
                return False
        for page in self.page_of.values():  # discarded: not kept as drafts by lock()
            if isinstance(page, RecordPage) and page.editor.is_dirty:
                page.editor.load(page.editor.record)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if is_busy():  # a job is writing through its own connection: let it finish
            event.ignore()
            return
        if not self.panic.happening and not self.leave_edits():
            event.ignore()
            return
        self.settings.setValue("geometry", self.saveGeometry())
        self.lock()
        event.accept()
