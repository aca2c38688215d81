"""The panic key: lock at once and close the window, and destroy the vault if chosen.

The key is Ctrl+Shift+Backspace (Cmd+Shift+Backspace on macOS). It is quick — one hand, no
function key (laptops hide F-keys and Pause behind Fn) — and hard to press by accident: it
needs both Ctrl and Shift, and no system takes it first (Ctrl+Shift+Esc opens Windows' Task
Manager, Ctrl+Alt+Backspace can kill an X server, Ctrl+Alt+L locks some Linux desktops).
It is caught by an application-wide event filter, so it works in every casefile window,
with a dialog open or the cursor in a text field, and while the vault is locked.

Whether it also destroys the vault is chosen beforehand, with the passphrase, in Vault
security… (``PanicBox``); the window keeps the answer in memory (``Panic.destroys``) from
the moment the vault opens, so at panic time nothing is asked and nothing read.
A tray icon, where the desktop has a tray, shows whether the vault is locked and has the
panic entry; while the vault is open it reminds of hearings and deadlines (``reminders.py``).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QIcon, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QMenu,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.services.safety.panic import panic_destroys, set_panic_destroys
from casefile.services.safety.recovery import crypto_erase, destroy_folder
from casefile.ui.about import app_icon
from casefile.ui.background import is_busy, run_off_ui
from casefile.ui.reminders import TrayReminders
from casefile.ui.settings import remind_days
from casefile.ui.widgets import named, password_field

if TYPE_CHECKING:
    from casefile.ui.mainwindow import MainWindow

PANIC_KEYS = QKeySequence("Ctrl+Shift+Backspace")
RETRY_MS = 50
_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def is_panic_key(event: QKeyEvent) -> bool:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return event.key() == Qt.Key.Key_Backspace and modifiers == _MODIFIERS


class Panic(QObject):
    """The panic key's filter, its menu action and the tray icon of one window."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win
        self.destroys: Path | None = None  # the vault the panic key destroys (memory only)
        self.happening = False
        self.action = named(QAction(_("&Panic: lock and close"), win), "panic")
        self.action.setShortcut(PANIC_KEYS)
        # Shown in the menu; the key itself is caught by the filter, in every window.
        self.action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.action.setToolTip(_("Lock at once and close the window ({0})").format(
            PANIC_KEYS.toString(QKeySequence.SequenceFormat.NativeText)))
        self.action.triggered.connect(self.trigger)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.tray = QSystemTrayIcon(self)
        self.tray.setObjectName("tray")
        self.tray_state = named(QAction("", self), "tray_state")
        self.tray_state.setEnabled(False)
        self.tray_menu = QMenu()
        self.tray_menu.addAction(self.tray_state)
        self.tray_menu.addSeparator()
        self.tray_menu.addAction(self.action)
        self.tray.setContextMenu(self.tray_menu)
        self.reminders = TrayReminders(self.tray, lambda: remind_days(win.settings), self)
        self.tray.messageClicked.connect(self._show_coming_up)
        self.show_state(locked=True)
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray.show()

    # -- state -----------------------------------------------------------------------------

    def show_state(self, *, locked: bool) -> None:
        """The tray icon: greyed with "locked", or in colour with "open"."""
        icon = app_icon()
        if locked:
            icon = QIcon(icon.pixmap(32, QIcon.Mode.Disabled))
        text = _("casefile: locked") if locked else _("casefile: open")
        self.tray.setIcon(icon)
        self.tray.setToolTip(text)
        self.tray_state.setText(text)
        if locked:
            self.reminders.stop()

    def _show_coming_up(self) -> None:
        """The reminder clicked: the window, on the dashboard, if the vault is still open."""
        if self.win.session is not None:
            self.win.showNormal()
            self.win.activateWindow()
            self.win.show_section("dashboard")

    def opened(self, session: Session) -> None:
        """At unlock: remember whether the panic key destroys this vault."""
        self.destroys = session.folder if panic_destroys(session) else None
        self.show_state(locked=False)
        self.reminders.start(session)

    def set_destroys(self, folder: Path | None) -> None:
        self.destroys = folder

    # -- the key ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and is_panic_key(event) and self.win.isVisible()):
            self.trigger()
            return True
        return False

    def trigger(self) -> None:
        """Hide everything at once, crypto-erase if chosen, then lock and close."""
        if self.happening:
            return
        self.happening = True
        target = self.destroys
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                widget.hide()
        self.tray.hide()
        if target is not None:
            with contextlib.suppress(CasefileError, OSError):
                crypto_erase(target)  # first: from now on nothing opens it
        self._finish(target)

    def _finish(self, target: Path | None) -> None:
        if is_busy():  # a job holds its own connection: it ends, then the vault closes
            QTimer.singleShot(RETRY_MS, lambda: self._finish(target))
            return
        self.win.lock()
        if target is not None:
            with contextlib.suppress(CasefileError, OSError):
                destroy_folder(target)
            self.destroys = None
        self.win.close()


class PanicBox(QGroupBox):
    """Vault security…: what the panic key does, and the choice to destroy with it."""

    # The check box hides QWidget.destroy(), which casefile never calls on this box.
    destroy: QCheckBox  # type: ignore[assignment]

    def __init__(self, session: Session, panic: Panic | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(_("Panic key"), parent)
        self.session = session
        self.panic = panic
        keys = PANIC_KEYS.toString(QKeySequence.SequenceFormat.NativeText)
        layout = QVBoxLayout(self)
        note = QLabel(_("{0} (also in the File menu and the tray icon) locks the vault at once "
                        "and closes the window, from any casefile window.").format(keys))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.destroy = named(QCheckBox(_("Also destroy this vault, without asking")),
                             "panic_destroys")
        self.destroy.setChecked(panic_destroys(session))
        self.destroy.toggled.connect(self._toggled)
        layout.addWidget(self.destroy)
        self.message = named(QLabel(""), "panic_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.confirm: ArmPanicDialog | None = None

    def _set_checked(self, value: bool) -> None:
        self.destroy.blockSignals(True)
        self.destroy.setChecked(value)
        self.destroy.blockSignals(False)

    def _toggled(self, on: bool) -> None:
        if not on:
            set_panic_destroys(self.session, False)
            if self.panic is not None:
                self.panic.set_destroys(None)
            self.message.setText(_("The panic key locks and closes; it destroys nothing."))
            return
        self._set_checked(False)  # checked once the passphrase is right
        self.confirm = ArmPanicDialog(self)
        self.confirm.accepted.connect(lambda: self._arm(self.confirm.passphrase.text()))
        self.confirm.open()

    def _arm(self, passphrase: str) -> None:
        try:
            run_off_ui(self, _("Checking the passphrase…"), self.session,
                       lambda s: set_panic_destroys(s, True, passphrase))
        except CasefileError as exc:
            self.message.setText(_("Not turned on: {0}").format(exc))
            return
        self._set_checked(True)
        if self.panic is not None:
            self.panic.set_destroys(self.session.folder)
        self.message.setText(_("The panic key now destroys this vault. Keep a backup "
                               "elsewhere."))


class ArmPanicDialog(QDialog):
    """The passphrase, before the panic key may destroy the vault."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("arm_panic")
        self.setWindowTitle(_("Panic key"))
        layout = QVBoxLayout(self)
        text = QLabel(_("From now on the panic key will destroy this vault at once, without "
                        "asking: nothing left on this device will open it. Type the passphrase "
                        "to turn this on."))
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.passphrase = password_field("panic_passphrase", _("Passphrase"))
        form.addRow(_("Passphrase"), self.passphrase)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setObjectName("panic_ok")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
