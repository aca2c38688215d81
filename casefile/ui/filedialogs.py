"""File dialogs that leave no trace of where the person looked.

Qt's own file dialog remembers the folders it visited in the user's ``QtProject.conf``
(``FileDialog/history`` and ``lastVisited``), and the systems' native dialogs keep their own
recent lists (GTK's recently-used.xbel, Windows' last-visited MRU). Folder names can name
people ("Кагарлицкий — суд"), so casefile always uses Qt's dialog, and wipes its memory of
folders as soon as it closes. Call these like QFileDialog's static functions.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget

from casefile.i18n import _
from casefile.ui.widgets import named

OPTIONS = QFileDialog.Option.DontUseNativeDialog
REMEMBERED = ("history", "lastVisited")


def path_row(field: QLineEdit, button_name: str, choose: Callable[[], None]) -> QHBoxLayout:
    """A path field with its "Choose…" button beside it, for a form row."""
    button = named(QPushButton(_("Choose…")), button_name)
    button.clicked.connect(choose)
    row = QHBoxLayout()
    row.addWidget(field, 1)
    row.addWidget(button)
    return row


def forget_visited_folders() -> None:
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.beginGroup("FileDialog")
    for key in REMEMBERED:
        settings.remove(key)
    settings.endGroup()
    settings.sync()


class FileDialog:
    """QFileDialog's static functions, non-native, forgetting the folders afterwards."""

    @staticmethod
    def getSaveFileName(parent: QWidget | None, caption: str = "", start: str = "",  # noqa: N802
                        filters: str = "") -> tuple[str, str]:
        try:
            return QFileDialog.getSaveFileName(parent, caption, start, filters, "", OPTIONS)
        finally:
            forget_visited_folders()

    @staticmethod
    def getOpenFileName(parent: QWidget | None, caption: str = "", start: str = "",  # noqa: N802
                        filters: str = "") -> tuple[str, str]:
        try:
            return QFileDialog.getOpenFileName(parent, caption, start, filters, "", OPTIONS)
        finally:
            forget_visited_folders()

    @staticmethod
    def getOpenFileNames(parent: QWidget | None, caption: str = "",  # noqa: N802
                         start: str = "", filters: str = "") -> tuple[list[str], str]:
        try:
            return QFileDialog.getOpenFileNames(parent, caption, start, filters, "", OPTIONS)
        finally:
            forget_visited_folders()

    @staticmethod
    def getExistingDirectory(parent: QWidget | None, caption: str = "",  # noqa: N802
                             start: str = "") -> str:
        try:
            return QFileDialog.getExistingDirectory(
                parent, caption, start, OPTIONS | QFileDialog.Option.ShowDirsOnly)
        finally:
            forget_visited_folders()
