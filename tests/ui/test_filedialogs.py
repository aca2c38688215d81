"""casefile's file dialogs forget the folders they visited (Qt would keep them in
QtProject.conf, where a folder named after a person would outlive the session)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from casefile.ui.filedialogs import FileDialog

FOLDER = "Кагарлицкий суд"


seen: list[bool] = []


def _choose_when_shown(path: Path | None) -> None:
    """Accept the dialog once shown, choosing ``path`` (or where it opened, for folders)."""
    def pick() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QFileDialog) and widget.isVisible():
                seen.append(widget.testOption(QFileDialog.Option.DontUseNativeDialog))
                if path is not None:
                    widget.selectFile(str(path))
                widget.accept()
                return
        QTimer.singleShot(50, pick)

    QTimer.singleShot(50, pick)


def test_a_chosen_folder_is_not_remembered(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / FOLDER
    folder.mkdir()
    target = folder / "letter.pdf"
    _choose_when_shown(target)
    assert FileDialog.getSaveFileName(None, "Save", str(target))[0] == str(target)
    _choose_when_shown(None)
    assert FileDialog.getExistingDirectory(None, "Backups", str(folder)) == str(folder)

    assert seen == [True, True]  # Qt's own dialog, never the system's
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.sync()
    stored = Path(settings.fileName())
    text = stored.read_text(encoding="utf-8", errors="replace") if stored.exists() else ""
    for form in (FOLDER, quote(FOLDER), quote(FOLDER).lower()):
        assert form not in text, stored
    assert settings.value("FileDialog/history") is None
    assert settings.value("FileDialog/lastVisited") is None
