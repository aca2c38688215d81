"""What the window does by itself while a vault is open.

It locks after some idle minutes and when the desktop's screen locks (``screenlock.py``);
every half minute it keeps what the editors have not saved in the vault, encrypted
(``services/records/drafts.py``), and puts those edits back at the next unlock; every hour it
looks whether the backup schedule wants a backup. ``start()`` at unlock, ``stop()`` at lock.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from casefile.domain.errors import CasefileError
from casefile.domain.records import SPECS
from casefile.i18n import _
from casefile.services.records import drafts
from casefile.services.safety import backups
from casefile.ui.background import is_busy, run_off_ui
from casefile.ui.recordpage import RecordPage
from casefile.ui.screenlock import ScreenLockWatcher

if TYPE_CHECKING:
    from casefile.ui.mainwindow import MainWindow

BACKUP_CHECK_MS = 60 * 60_000  # the schedule is in days; an hourly look is plenty
DRAFT_EVERY_MS = 30_000


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


class VaultTimers(QObject):
    """The idle and screen locks, the drafts kept and the backup schedule of one window."""

    def __init__(self, win: MainWindow, idle_minutes: float) -> None:
        super().__init__(win)
        self.win = win
        self.idle = IdleWatcher(idle_minutes, win)
        self.idle.idle.connect(win.lock)
        self.backup_timer = QTimer(win, interval=BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self.run_scheduled_backup)
        # Unsaved edits go into the vault this often, so a crash loses half a minute at most.
        self.draft_timer = QTimer(win, interval=DRAFT_EVERY_MS)
        self.draft_timer.timeout.connect(self.keep_drafts)
        self.screen = ScreenLockWatcher(win)
        self.screen.screen_locked.connect(win.lock)

    def start(self) -> None:
        """At unlock: the idle clock runs, and the first backup look comes at once."""
        app = QGuiApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self.idle.timer.start()
        self.backup_timer.start()
        self.draft_timer.start()
        QTimer.singleShot(0, self.run_scheduled_backup)

    def stop(self) -> None:
        self.idle.timer.stop()
        self.backup_timer.stop()
        self.draft_timer.stop()
        app = QGuiApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)

    def run_scheduled_backup(self) -> Path | None:
        """The backup schedule's tick (at unlock, then hourly). A missing USB stick is a note
        in the status bar, not a dialog: it will be tried again."""
        session = self.win.session
        if session is None:
            return None
        if not backups.is_due(session):
            return None
        try:
            made = run_off_ui(self.win, _("Making the scheduled backup…"), session,
                              backups.back_up_now)
        except (CasefileError, OSError) as exc:
            self.win.statusBar().showMessage(_("Scheduled backup not made: {0}").format(exc))
            return None
        if made is not None:
            self.win.say(_("Backed up to {0}").format(made))
        return made

    def keep_drafts(self) -> None:
        """What every editor has not saved, into the vault (encrypted): see services.drafts."""
        session = self.win.session
        if session is None or is_busy():  # a job writes through its own connection
            return
        kept = [drafts.draft(section, (page.editor.record or {}).get("id"),
                             page.editor.changes())
                for section, page in self.win.page_of.items()
                if isinstance(page, RecordPage) and page.editor.is_dirty]
        try:
            drafts.keep(session, kept)
        except Exception:  # noqa: BLE001 - a full disk must never stop the vault locking
            self.win.statusBar().showMessage(_("Unsaved changes could not be kept"), 10_000)

    def restore_drafts(self) -> list[str]:
        """Put kept edits back into their editors, unsaved; returns the sections touched."""
        if self.win.session is None:
            return []
        restored = []
        for kept in drafts.stored(self.win.session):
            page = self.win.page_of.get(kept.record_type)
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
            self.win.show_section(restored[-1])
            self.win.statusBar().showMessage(
                _("Unsaved changes from before the lock are back: {0}. Save or discard them.")
                .format(", ".join(_(SPECS[t].plural) for t in restored)))
        return restored
