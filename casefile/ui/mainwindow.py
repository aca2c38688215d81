"""The main window: start/unlock screen, then sidebar, lists, editors, search and locking."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QMimeData, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.describe import record_title
from casefile.domain.errors import CasefileError
from casefile.domain.records import SPECS
from casefile.i18n import _
from casefile.services.records import drafts
from casefile.services.records.session import Session
from casefile.services.safety import backups
from casefile.services.safety.recovery import destroy_folder
from casefile.services.views.dashboard import hearings_this_week
from casefile.ui.about import show_about
from casefile.ui.attachments import PlaintextCopies
from casefile.ui.background import is_busy, run_off_ui
from casefile.ui.capture import set_hidden_from_capture
from casefile.ui.dashboard import DashboardPage
from casefile.ui.exports import ExchangeMenu
from casefile.ui.listitems import heading_item, item_target, target_item
from casefile.ui.menus import MainMenus
from casefile.ui.panic import Panic
from casefile.ui.recordpage import RecordPage
from casefile.ui.screenfit import fit_dialogs_to_screen, fit_to_screen
from casefile.ui.screenlock import ScreenLockWatcher
from casefile.ui.sections import SECTIONS
from casefile.ui.settings import IDLE_KEY, SettingsDialog, hide_from_screenshots
from casefile.ui.start import StartPage
from casefile.ui.syncpage import SyncPage
from casefile.ui.vaultsettings import VaultSettingsDialog
from casefile.ui.worker import Worker

DEFAULT_IDLE_MINUTES = 5
CLIPBOARD_MS = 30_000
LOCK_RETRY_MS = 200
BACKUP_CHECK_MS = 60 * 60_000  # the schedule is in days; an hourly look is plenty
DRAFT_EVERY_MS = 30_000
STATUS_MS = 10_000  # what just happened stays this long in the status bar


class IdleWatcher(QObject):
    """Restarts a timer on every key press or mouse action anywhere in the application."""

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(int(minutes * 60_000))
        self.timer.timeout.connect(self.idle)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if self.timer.isActive() and event.type() in (
                QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                QEvent.Type.Wheel):
            self.timer.start()
        return False


class SearchField(QLineEdit):
    """The search box; Down and Up move through the results below it (``step(±1)``)."""

    step = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        steps = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}
        if event.key() in steps and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.step.emit(steps[Qt.Key(event.key())])
            return
        super().keyPressEvent(event)


class MainWindow(QMainWindow):
    locked = Signal()

    def __init__(self, worker: Worker, settings: QSettings, *, kdf_seconds: float = 1.0,
                 idle_minutes: float | None = None) -> None:
        super().__init__()
        self.setWindowTitle("casefile")
        self.worker = worker
        self.settings = settings
        self.session: Session | None = None
        self._copied: str | None = None  # what we put on the clipboard, to clear on lock
        self.copies = PlaintextCopies()
        self.stack = QStackedWidget()
        self.start = StartPage(worker, settings, kdf_seconds)
        self.start.unlocked.connect(self.on_unlocked)
        self.stack.addWidget(self.start)
        self.workspace: QWidget | None = None
        self._dashboard_stale = False  # a record saved or deleted since it was last made
        self.setCentralWidget(self.stack)
        self._build_toolbar()
        self.panic = Panic(self)  # the panic key, its File-menu entry and the tray icon
        self.locked.connect(lambda: self.panic.show_state(locked=True))
        self.menus = MainMenus(self)
        self._set_unlocked_ui(False)
        minutes = idle_minutes or float(settings.value(IDLE_KEY, DEFAULT_IDLE_MINUTES))
        self.idle = IdleWatcher(minutes, self)
        self.idle.idle.connect(self.lock)
        self.backup_timer = QTimer(self, interval=BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self.run_scheduled_backup)
        # Unsaved edits go into the vault this often, so a crash loses half a minute at most.
        self.draft_timer = QTimer(self, interval=DRAFT_EVERY_MS)
        self.draft_timer.timeout.connect(self.keep_drafts)
        self.screen = ScreenLockWatcher(self)
        self.screen.screen_locked.connect(self.lock)
        self.resize(1200, 760)
        if settings.contains("geometry"):
            self.restoreGeometry(settings.value("geometry"))
        fit_to_screen(self)  # a 1024×700 netbook, a 1366×768 laptop
        fit_dialogs_to_screen()
        set_hidden_from_capture(self, hide_from_screenshots(settings))

    # -- chrome ----------------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        bar = QToolBar(_("Main"), objectName="toolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        self.search_field = SearchField(objectName="search")
        self.search_field.setPlaceholderText(_("Search everything (Ctrl+K)"))
        self.search_field.setAccessibleName(_("Search"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMaximumWidth(420)
        self.search_field.textChanged.connect(self._search)
        self.search_field.returnPressed.connect(self._open_chosen_hit)
        self.search_field.step.connect(self._step_hit)
        bar.addWidget(self.search_field)
        self.lock_action = QAction(_("Lock"), self, objectName="lock")
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setToolTip(_("Lock now (Ctrl+L)"))
        self.lock_action.triggered.connect(self.lock)
        bar.addAction(self.lock_action)
        self.vault_action = QAction(_("Vault security…"), self, objectName="vault_settings")
        self.vault_action.setToolTip(_("Recovery code, backups, remember on this device, "
                                       "destroy"))
        self.vault_action.triggered.connect(self.edit_vault_settings)
        bar.addAction(self.vault_action)
        self.settings_action = QAction(_("Settings…"), self, objectName="settings")
        self.settings_action.triggered.connect(self.edit_settings)
        bar.addAction(self.settings_action)
        self.exchange = ExchangeMenu(self, lambda: self.session, self.reload_pages)
        bar.addWidget(self.exchange.button)
        self.locked.connect(self.exchange.close_dialog)
        self.import_action = import_action = QAction(_("Import from spreadsheet…"), self,
                                                     objectName="import_table")
        import_action.triggered.connect(self.import_table)
        # Usable exactly when locking is: while a vault is open.
        self.lock_action.changed.connect(
            lambda: import_action.setEnabled(self.lock_action.isEnabled()))
        # One "Import and export" menu: spreadsheets first, then contacts and the calendar.
        first = self.exchange.menu.actions()[0]
        self.exchange.menu.insertAction(first, import_action)
        self.exchange.menu.insertSeparator(first)
        self.about_action = QAction(_("About casefile"), self, objectName="about-action")
        self.about_action.triggered.connect(self.show_about)
        bar.addAction(self.about_action)
        # Ctrl+K / Ctrl+F: the Edit menu's "Search everything" (ui/menus.py).

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        if dialog.exec():
            set_hidden_from_capture(self, hide_from_screenshots(self.settings))
            self.idle.timer.setInterval(int(dialog.idle.value() * 60_000))

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
        self.search_field.setEnabled(unlocked)
        self.lock_action.setEnabled(unlocked)
        self.vault_action.setEnabled(unlocked)
        self.exchange.button.setEnabled(unlocked)
        self.menus.update()

    def say(self, text: str) -> None:
        """What just happened, in the status bar for a few seconds."""
        self.statusBar().showMessage(text, STATUS_MS)

    def edit_vault_settings(self) -> VaultSettingsDialog | None:
        if self.session is None:
            return None
        dialog = VaultSettingsDialog(self.session, self.destroy_vault, self)
        dialog.open()
        return dialog

    def destroy_vault(self, passphrase: str) -> None:
        """Check the passphrase (slowly, off the UI thread), then lock and crypto-erase."""
        if self.session is None:
            return
        folder = self.session.folder

        def erase(key: object) -> None:
            key.wipe()  # type: ignore[attr-defined]
            self.lock()
            destroy_folder(folder)
            self.start.refresh()
            self.start.show_message(_("The vault {0} was destroyed.").format(folder.name))

        def refused(exc: Exception) -> None:
            QMessageBox.warning(self, _("Destroy this vault"),
                                _("Nothing was destroyed: {0}").format(exc))

        self.worker.run(lambda: Session.derive_key(folder, passphrase), erase, refused)

    def run_scheduled_backup(self) -> Path | None:
        """The backup schedule's tick (at unlock, then hourly). A missing USB stick is a note
        in the status bar, not a dialog: it will be tried again."""
        if self.session is None:
            return None
        if not backups.is_due(self.session):
            return None
        try:
            made = run_off_ui(self, _("Making the scheduled backup…"), self.session,
                              backups.back_up_now)
        except (CasefileError, OSError) as exc:
            self.statusBar().showMessage(_("Scheduled backup not made: {0}").format(exc))
            return None
        if made is not None:
            self.say(_("Backed up to {0}").format(made))
        return made

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
        app = QGuiApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self.idle.timer.start()
        self.backup_timer.start()
        self.draft_timer.start()
        QTimer.singleShot(0, self.run_scheduled_backup)
        self.restore_drafts()

    # -- unsaved edits through a lock or a crash ------------------------------------------

    def keep_drafts(self) -> None:
        """What every editor has not saved, into the vault (encrypted): see services.drafts."""
        if self.session is None or is_busy():  # a job writes through its own connection
            return
        kept = [drafts.draft(section, (page.editor.record or {}).get("id"),
                             page.editor.changes())
                for section, page in self.page_of.items()
                if isinstance(page, RecordPage) and page.editor.is_dirty]
        try:
            drafts.keep(self.session, kept)
        except Exception:  # noqa: BLE001 - a full disk must never stop the vault locking
            self.statusBar().showMessage(_("Unsaved changes could not be kept"), 10_000)

    def restore_drafts(self) -> list[str]:
        """Put kept edits back into their editors, unsaved; returns the sections touched."""
        if self.session is None:
            return []
        restored = []
        for kept in drafts.stored(self.session):
            page = self.page_of.get(kept.record_type)
            if not isinstance(page, RecordPage):
                continue
            if kept.record_id is None:
                page.new_record()
            else:
                try:
                    page.open_record(kept.record_id)
                except CasefileError:  # deleted meanwhile (a bundle): keep it as a new one
                    page.new_record()
            for name, value in kept.changes.items():
                if name in page.editor.bindings:
                    page.editor.set_value(name, value)
            page.editor.status.setText(_("Unsaved changes, kept from before the lock"))
            restored.append(kept.record_type)
        if restored:
            self.show_section(restored[-1])
            self.statusBar().showMessage(
                _("Unsaved changes from before the lock are back: {0}. Save or discard them.")
                .format(", ".join(_(SPECS[t].plural) for t in restored)))
        return restored

    def _build_workspace(self, session: Session) -> QWidget:
        workspace = QWidget(objectName="workspace")
        self.sidebar = QListWidget(objectName="sidebar")
        self.sidebar.setAccessibleName(_("Sections"))
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages = QStackedWidget(objectName="pages")
        self.page_of: dict[str, QWidget] = {}
        for section in SECTIONS:
            item = QListWidgetItem(self.section_label(section))
            item.setData(Qt.ItemDataRole.UserRole, section)  # never None: see listitems
            self.sidebar.addItem(item)
            page: QWidget
            if section == "dashboard":
                page = DashboardPage(session)
                page.open_requested.connect(self.open_record)
            elif section == "sync":
                page = SyncPage(session, self.worker)
                page.open_requested.connect(self.open_record)
                page.records_changed.connect(self.reload_pages)
                page.exchange.arrived.connect(self.say)
            else:
                page = RecordPage(session, section, self.copies)
                page.editor.copy_requested.connect(self.copy_text)
                page.open_requested.connect(self.open_record)
                page.editor.saved.connect(self._saved)
                page.deleted.connect(self._deleted)
            self.page_of[section] = page
            self.pages.addWidget(page)
        self.sidebar.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.sidebar.currentRowChanged.connect(self._section_changed)
        self.sidebar.setCurrentRow(0)
        self._fit_sidebar()
        # Search results live in the workspace, so locking deletes them with everything else.
        self.results = QListWidget(objectName="results")
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

    def reload_pages(self) -> None:
        """Records changed underneath the lists (a bundle came in): show them afresh."""
        for page in self.page_of.values():
            if isinstance(page, RecordPage):
                page.refresh_shown()
            elif isinstance(page, DashboardPage):
                page.refresh()
        self.update_counts()

    @staticmethod
    def section_label(section: str) -> str:
        return (_("Dashboard") if section == "dashboard" else _("Sync") if section == "sync"
                else _(SPECS[section].plural))

    def update_counts(self) -> None:
        """The sidebar's counts: hearings in the next seven days, conflicts to choose."""
        if self.session is None or self.workspace is None:
            return
        from casefile.services.exchange import bundles  # noqa: PLC0415 - only once a vault is open

        counts = {"hearing": (hearings_this_week(self.session, date.today()),
                              _("Hearings in the next seven days: {0}")),
                  "sync": (len(bundles.conflicts(self.session)),
                           _("Conflicts to choose between: {0}"))}
        for section, (count, hint) in counts.items():
            item = self.sidebar.item(SECTIONS.index(section))
            label = self.section_label(section)
            item.setText(_("{0} ({1})").format(label, count) if count else label)
            item.setToolTip(hint.format(count) if count else "")
        self._fit_sidebar()

    def _fit_sidebar(self) -> None:
        """As wide as its longest label (with its count), so no section is cut short."""
        frame = 2 * self.sidebar.frameWidth()
        self.sidebar.setFixedWidth(self.sidebar.sizeHintForColumn(0) + frame + 8)

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

    def _saved(self, record: dict) -> None:
        self.say(_("Saved: {0}").format(record_title(record)))
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
        self.say(_("Deleted: {0}").format(title))
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
        self.results.clear()
        hits = self.session.search(text, limit=30) if text.strip() else []
        self._show_results(bool(text.strip()))
        if text.strip() and not hits:
            self.results.addItem(target_item(_("Nothing found"), ""))
        for record_type in SECTIONS[1:]:
            group = [h for h in hits if h.type == record_type]
            if not group:
                continue
            self.results.addItem(heading_item(_(SPECS[record_type].plural)))
            for hit in group:
                self.results.addItem(target_item(f"    {hit.title} — {hit.snippet}",
                                                 f"{hit.type}/{hit.id}"))
        self._step_hit(1)  # the first hit is highlighted: what Enter opens

    def _hit_rows(self) -> list[int]:
        return [row for row in range(self.results.count())
                if item_target(self.results.item(row))]

    def _step_hit(self, step: int) -> None:
        """Highlight the next (1) or previous (-1) hit, past the headings."""
        rows = self._hit_rows()
        if not rows or not self.results.isVisible():
            return
        current = self.results.currentRow()
        if current not in rows:
            row = rows[0]
        else:
            row = rows[max(0, min(len(rows) - 1, rows.index(current) + step))]
        self.results.setCurrentRow(row)
        self.results.scrollToItem(self.results.item(row))

    def _open_chosen_hit(self) -> None:
        """Enter in the search field: open the highlighted hit."""
        rows = self._hit_rows()
        if not rows:
            return
        current = self.results.currentRow()
        self._open_hit(self.results.item(current if current in rows else rows[0]))

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

    def copy_text(self, text: str, clear_after_ms: int = CLIPBOARD_MS) -> None:
        """Copy to the clipboard and clear it again after 30 s (and on lock)."""
        clipboard = QGuiApplication.clipboard()
        mime = QMimeData()
        mime.setText(text)
        # Ask clipboard managers not to keep it in their history: KDE's hint, and the
        # format Windows' clipboard history and cloud clipboard skip.
        mime.setData("x-kde-passwordManagerHint", QByteArray(b"secret"))
        mime.setData("ExcludeClipboardContentFromMonitorProcessing", QByteArray(b"\0"))
        clipboard.setMimeData(mime)
        self._copied = text
        QTimer.singleShot(clear_after_ms, self._clear_clipboard)

    def _clear_clipboard(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if self._copied is not None and clipboard.text() == self._copied:
            clipboard.clear()
        self._copied = None

    def lock(self) -> None:
        """Drop the key, close the database, clear what we copied, show the unlock screen.

        While a background job holds its own connection, locking waits for it to end."""
        if self.session is None:
            return
        if is_busy():
            QTimer.singleShot(LOCK_RETRY_MS, self.lock)
            return
        self.statusBar().clearMessage()  # what happened in the vault is not for the lock screen
        self.keep_drafts()  # before anything is torn down: a lock must not lose an edit
        sync_page = self.page_of.get("sync") if self.workspace is not None else None
        if isinstance(sync_page, SyncPage):  # the last edits' bundles, unless in a panic
            sync_page.exchange.stop(write=not self.panic.happening)
        folder = self.session.folder
        self.idle.timer.stop()
        self.backup_timer.stop()
        self.draft_timer.stop()
        app = QGuiApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        self._clear_clipboard()
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
        self.start.refresh()
        self.start.choose(Path(folder))
        self.locked.emit()

    def has_unsaved_edits(self) -> bool:
        return any(isinstance(p, RecordPage) and p.editor.is_dirty
                   for p in getattr(self, "page_of", {}).values()) if self.session else False

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
