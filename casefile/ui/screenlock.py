"""Lock the vault when the desktop's screen locks, where the platform tells us.

On Linux desktops the screen saver announces itself on the session D-Bus
(org.freedesktop.ScreenSaver / org.gnome.ScreenSaver ``ActiveChanged``). Elsewhere, or with
no session bus, this does nothing and the idle timer still locks.
"""

from __future__ import annotations

from PySide6.QtCore import SLOT, QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection

SERVICES = (
    ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("/ScreenSaver", "org.freedesktop.ScreenSaver"),  # KDE
    ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)


class ScreenLockWatcher(QObject):
    screen_locked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.listening = False
        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            return
        # The slot in SLOT() form ("1" + signature): a bare signature loses its first
        # character to Qt's method-type code and connects to nothing.
        slot = SLOT("_active_changed(bool)")
        for path, interface in SERVICES:
            # PySide6 takes SLOT()'s str; its stubs ask for bytes.
            if bus.connect(  # type: ignore[call-overload]
                    "", path, interface, "ActiveChanged", self, slot):
                self.listening = True

    @Slot(bool)
    def _active_changed(self, active: bool) -> None:
        if active:
            self.screen_locked.emit()
