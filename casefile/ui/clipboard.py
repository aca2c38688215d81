"""What casefile copies (a phone number, an address): marked for clipboard managers to skip,
and cleared again after 30 seconds and when the vault locks."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, QObject, QTimer
from PySide6.QtGui import QGuiApplication

CLEAR_AFTER_MS = 30_000


class SecretClipboard(QObject):
    """The clipboard for what casefile copies; ``clear()`` removes it if it is still there."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._copied: str | None = None  # what we put on the clipboard, to clear on lock

    def copy(self, text: str, clear_after_ms: int = CLEAR_AFTER_MS) -> None:
        """Copy to the clipboard and clear it again after ``clear_after_ms``."""
        clipboard = QGuiApplication.clipboard()
        mime = QMimeData()
        mime.setText(text)
        # Ask clipboard managers not to keep it in their history: KDE's hint, and the
        # format Windows' clipboard history and cloud clipboard skip.
        mime.setData("x-kde-passwordManagerHint", QByteArray(b"secret"))
        mime.setData("ExcludeClipboardContentFromMonitorProcessing", QByteArray(b"\0"))
        clipboard.setMimeData(mime)
        self._copied = text
        QTimer.singleShot(clear_after_ms, self.clear)

    def clear(self) -> None:
        """Empty the clipboard if it still holds what we copied (not what came since)."""
        clipboard = QGuiApplication.clipboard()
        if self._copied is not None and clipboard.text() == self._copied:
            clipboard.clear()
        self._copied = None
