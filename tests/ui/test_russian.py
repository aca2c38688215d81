"""In Russian, the window shows no English: every label, button, hint and header is translated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableView,
    QTabWidget,
    QWidget,
)

from casefile.services.safety.recovery import make_recovery_code
from casefile.ui.editor.pickers import RecordPicker
from casefile.ui.editor.zones import TimezoneBox
from casefile.ui.mainwindow import MainWindow
from casefile.ui.recoverycode import RecoveryCodeDialog
from casefile.ui.settings import SettingsDialog
from casefile.ui.start import RestoreDialog
from tests.ui.conftest import open_demo

# Names that stay as they are in any language: keys (Ctrl+N, F1), Qt's "OK", ISO paper sizes,
# the OS credential stores, file name patterns.
ALLOWED = re.compile(r"casefile|(?:(?:Ctrl|Alt|Shift)\+)+(?:Backspace\b|\S)|\bF\d{1,2}\b|"
                     r"\bCaps Lock\b|"
                     r"English|\bIANA\b|"
                     r"\bUTC\b|\bPDF\b|\bE-mail\b|"
                     r"Asia/\w+|Europe/\w+|\bOK\b|\b(DL|C5)\b|\bvCard\b|\bCSV\b|"
                     r"Keychain|Credential Locker|Secret Service|KWallet|\*\.\w+")
LATIN = re.compile(r"[A-Za-z]")


def chrome_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every piece of interface text; record data is left out."""
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        where = f"{type(w).__name__}:{w.objectName()}"
        yield where + ".accessibleName", w.accessibleName()
        yield where + ".toolTip", w.toolTip()
        if isinstance(w, QLabel) and not w.objectName().startswith(("field_", "editor_title",
                                                                     "path", "error", "code_")):
            yield where, w.text()
        if isinstance(w, QAbstractButton):
            yield where, w.text()
        if isinstance(w, QLineEdit):
            yield where + ".placeholder", w.placeholderText()
        if isinstance(w, QComboBox) and not isinstance(w, (RecordPicker, TimezoneBox)) \
                and w.objectName() != "language":
            yield from ((f"{where}[{i}]", w.itemText(i)) for i in range(w.count()))
        if isinstance(w, QTabWidget):
            yield from ((f"{where}.tab{i}", w.tabText(i)) for i in range(w.count()))
        if isinstance(w, QTableView) and w.model() is not None:
            model = w.model()
            yield from ((f"{where}.header{c}", str(model.headerData(
                c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or ""))
                for c in range(model.columnCount()))
        if isinstance(w, QListWidget) and w.objectName() == "sidebar":
            yield from ((f"{where}[{i}]", w.item(i).text()) for i in range(w.count()))
    for action in root.findChildren(QAction):
        yield f"QAction:{action.objectName()}", action.text()
        yield f"QAction:{action.objectName()}.toolTip", action.toolTip()


def untranslated(root: QWidget) -> list[str]:
    return [f"{where}: {text!r}" for where, text in chrome_texts(root)
            if text and LATIN.search(ALLOWED.sub("", text))]


def test_no_english_left_in_the_russian_window(qtbot, russian, window: MainWindow,
                                               tmp_path: Path, settings) -> None:
    assert untranslated(window) == []  # the start screen
    open_demo(qtbot, window, tmp_path)
    for section in window.page_of:
        window.show_section(section)
        page = window.page_of[section]
        if hasattr(page, "editor"):
            page.view.selectRow(0)
    assert untranslated(window) == []
    dialog = SettingsDialog(settings, window)
    qtbot.addWidget(dialog)
    assert untranslated(dialog) == []
    people = window.page_of["person"]
    window.show_section("person")
    people.view.selectRow(0)
    history = people.show_history()
    qtbot.addWidget(history)
    assert untranslated(history) == []
    header = history.tree.headerItem()
    assert [header.text(i) for i in range(3)] == ["Когда", "Кто", "Что"]
    security = window.edit_vault_settings()
    qtbot.addWidget(security)
    assert untranslated(security) == []
    code = RecoveryCodeDialog(make_recovery_code(), "demo", window)
    for extra in (security.ask_destroy(), code, RestoreDialog(window)):
        qtbot.addWidget(extra)
        assert untranslated(extra) == []


def test_the_checker_sees_english(qtbot) -> None:
    label = QLabel("Unlock")
    qtbot.addWidget(label)
    assert untranslated(label) == ["QLabel:: 'Unlock'"]
