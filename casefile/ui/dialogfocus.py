"""The keyboard goes back to the window a dialog came from when the dialog closes.

Window managers mostly do this themselves, but not all (and Qt's offscreen platform never):
without it, closing *Change the passphrase* or *Vault security…* could leave no window taking
key presses, so Escape, Enter or Ctrl+L would do nothing until a click. One application-wide
filter, like ``screenfit.fit_dialogs_to_screen``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QDialog

_filter: list[QObject] = []


class _BackToParent(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Hide and isinstance(watched, QDialog) \
                and watched.isWindow() and (came_from := watched.parentWidget()) is not None:
            active = QApplication.activeWindow()
            if active is None or active is watched:
                parent = came_from.window()
                if parent.isVisible():
                    parent.activateWindow()
        return False


def return_focus_from_dialogs() -> None:
    """From now on, a closed dialog hands the keyboard back to its parent window (once per
    application)."""
    app = QApplication.instance()
    if app is None or _filter:
        return
    _filter.append(_BackToParent(app))
    app.installEventFilter(_filter[0])
