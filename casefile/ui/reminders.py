"""The tray's reminder: how many hearings and measure deadlines are within N days.

Shown when the vault is unlocked (the first time each day) and once a day while it stays open.
The text holds counts only — "2 hearings and 1 measure deadline in the next 3 days" — never a
name, a case or a court: a desktop shows notifications on a locked screen and over a shared
one, and some (KDE Plasma) keep their history on disk, outside the vault. The dashboard's
"Coming up" lines, from the same ``due_items``, name them inside the window.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QSystemTrayIcon

from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.services.views.reminders import due_items, due_summary

CHECK_MS = 30 * 60_000  # how often an open vault looks whether a new day has begun
SHOWN_MS = 15_000


class TrayReminders(QObject):
    """The reminder notification of one tray icon; ``days()`` says how far ahead to look."""

    def __init__(self, tray: QSystemTrayIcon, days: Callable[[], int],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tray = tray
        self.days = days
        self.session: Session | None = None
        self.last_day: date | None = None  # the day the reminder was last given
        self.shown = ""  # the last reminder's text (what a test reads where no tray is)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self._new_day)

    def start(self, session: Session) -> None:
        """At unlock: remind, unless already reminded today; then once a day."""
        self.session = session
        self.timer.start()
        self._new_day()

    def stop(self) -> None:
        """At lock: nothing is read from a closed vault."""
        self.timer.stop()
        self.session = None

    def _new_day(self) -> None:
        if self.last_day != date.today():
            self.remind()

    def remind(self) -> str:
        """Give the reminder now (counts only); "" when nothing is due or the vault is shut."""
        if self.session is None:
            return ""
        days = self.days()
        text = due_summary(due_items(self.session, days), days)
        self.last_day = date.today()
        self.shown = text
        if text and self.tray.isVisible() and QSystemTrayIcon.supportsMessages():
            self.tray.showMessage(_("casefile: coming up"), text,
                                  QSystemTrayIcon.MessageIcon.Information, SHOWN_MS)
        return text
