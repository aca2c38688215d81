"""The menu bar, the standard shortcuts, the status bar and the sidebar's counts (issue 15).

Only real key and mouse events reach the widgets; what is checked is what the screen shows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget

from casefile.services.records.session import Session
from casefile.ui.mainwindow import MainWindow
from casefile.ui.menus import HelpDialog
from casefile.ui.printpreview import PrintPreview
from casefile.ui.recordpage import RecordPage
from casefile.ui.sections import SECTIONS
from tests.ui.conftest import open_demo, type_text, unlock

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
PASS = "menus passphrase"


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed wherever the focus is (the active window itself when nothing has it)."""
    QTest.keyClick(QApplication.focusWidget() or QApplication.activeWindow(), key, modifier)


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     widget.rect().center())


def menu_titles(win: MainWindow) -> list[str]:
    return [a.text().replace("&", "") for a in win.menuBar().actions()]


def click_menu(qtbot, win: MainWindow, title: str, entry: str) -> None:
    """Click a menu's title in the menu bar, then its entry, with the mouse."""
    bar = win.menuBar()
    action = next(a for a in bar.actions() if a.text().replace("&", "") == title)
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     bar.actionGeometry(action).center())
    menu = action.menu()
    assert isinstance(menu, QMenu)
    qtbot.waitUntil(menu.isVisible)
    item = next(a for a in menu.actions() if a.text().replace("&", "") == entry)
    assert item.isEnabled(), entry
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     menu.actionGeometry(item).center())
    qtbot.waitUntil(lambda: not menu.isVisible())


def answer_box(qtbot, seen: dict, act: Callable[[QMessageBox], None]) -> None:
    """When a question comes up, note what it shows and answer it as a person would."""

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, look)
            return
        seen["text"] = box.text()
        seen["buttons"] = [b.text().replace("&", "") for b in box.buttons()]
        act(box)

    QTimer.singleShot(0, look)


def back_to(qtbot, window: MainWindow) -> None:
    """The window is active again once a box closes, as the window manager makes it."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def button(box: QMessageBox, text: str) -> QWidget:
    return next(b for b in box.buttons() if b.text().replace("&", "") == text)


def start(qtbot, window: MainWindow, tmp_path: Path) -> Session:
    session = open_demo(qtbot, window, tmp_path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return session


def test_the_menu_bar_and_alt_digits(qtbot, window: MainWindow, tmp_path: Path) -> None:
    assert menu_titles(window) == ["File", "Edit", "View", "Records", "Print", "Sync", "Help"]
    start(qtbot, window, tmp_path)
    # Alt+2 … Alt+9 and Alt+1: the sidebar's sections, in order, with the keyboard in the list.
    for number in (2, 3, 5, 9, 1):
        press(getattr(Key, f"Key_{number}"), ALT)
        section = SECTIONS[number - 1]
        assert window.pages.currentWidget() is window.page_of[section]
        assert window.sidebar.currentRow() == number - 1
        page = window.page_of[section]
        if isinstance(page, RecordPage):
            assert focused() is page.view
    # The View menu holds every section, the last ones too.
    click_menu(qtbot, window, "View", "Sync")
    assert window.pages.currentWidget() is window.page_of["sync"]


def test_ctrl_n_then_ctrl_s_says_saved_and_the_line_goes_stale(qtbot, window: MainWindow,
                                                               tmp_path: Path) -> None:
    session = start(qtbot, window, tmp_path)
    press(Key.Key_2, ALT)  # people
    people = window.page_of["person"]
    assert isinstance(people, RecordPage)
    QTest.keyClick(window, Key.Key_N, CTRL)
    assert people.editor.record is None
    assert people.editor.isAncestorOf(focused())  # typing goes into the blank form
    type_text(people.editor.input("full_name"), "Новикова Ольга Петровна")
    count = session.count("person")
    QTest.keyClick(focused(), Key.Key_S, CTRL)
    assert session.count("person") == count + 1
    assert window.statusBar().currentMessage() == "Saved: Новикова Ольга Петровна"
    press(Key.Key_1, ALT)  # another page: the line is stale there
    assert window.statusBar().currentMessage() == ""


def test_leaving_unsaved_edits_save_dont_save_cancel(qtbot, window: MainWindow,
                                                     tmp_path: Path) -> None:
    session = start(qtbot, window, tmp_path)
    press(Key.Key_2, ALT)
    people = window.page_of["person"]
    assert isinstance(people, RecordPage)
    QTest.keyClick(window, Key.Key_N, CTRL)
    type_text(people.editor.input("full_name"), "Петров Пётр")
    count = session.count("person")

    # Cancel: the edits stay, nothing is saved.
    seen: dict = {}
    answer_box(qtbot, seen, lambda box: click(button(box, "Cancel")))
    QTest.keyClick(window, Key.Key_N, CTRL)
    assert seen["text"] == "Save this new record?"
    assert sorted(seen["buttons"]) == ["Cancel", "Don't save", "Save"]
    assert people.editor.is_dirty and session.count("person") == count
    back_to(qtbot, window)

    # Save: it is saved, and the new form is blank.
    answer_box(qtbot, seen, lambda box: click(button(box, "Save")))
    QTest.keyClick(window, Key.Key_N, CTRL)
    assert session.count("person") == count + 1
    assert not people.editor.is_dirty and people.editor.record is None
    back_to(qtbot, window)

    # Don't save, on quitting (Ctrl+Q): nothing is saved and the window closes.
    type_text(people.editor.input("full_name"), "Сидоров")
    answer_box(qtbot, seen, lambda box: click(button(box, "Don't save")))
    QTest.keyClick(window, Key.Key_Q, CTRL)
    assert not window.isVisible()
    assert window.session is None
    with Session.open(tmp_path / "demo.casefile", "demo") as s:
        assert s.count("person") == count + 1


def test_print_with_ctrl_p_and_from_the_print_menu(qtbot, window: MainWindow,
                                                   tmp_path: Path) -> None:
    start(qtbot, window, tmp_path)
    assert not window.menus.print_menu.isEnabled()  # the dashboard has nothing to print
    press(Key.Key_5, ALT)  # letters
    letters = window.page_of["letter"]
    assert isinstance(letters, RecordPage)
    assert window.menus.print_menu.isEnabled()
    QTest.keyClick(window, Key.Key_P, CTRL)  # no letter chosen: the status bar says so
    assert window.statusBar().currentMessage() == "Choose a record to print first."
    press(Key.Key_Down)
    press(Key.Key_Space)
    assert letters.editor.record is not None
    QTest.keyClick(window, Key.Key_P, CTRL)
    preview = letters.preview_dialog
    assert isinstance(preview, PrintPreview) and preview.isVisible()
    assert preview.windowTitle().endswith("Letter") or "Letter" in preview.windowTitle()
    preview.reject()
    click_menu(qtbot, window, "Print", "Envelope DL")
    assert letters.preview_dialog is not preview and letters.preview_dialog.isVisible()
    letters.preview_dialog.reject()


def test_f1_lists_the_shortcuts(qtbot, window: MainWindow, tmp_path: Path) -> None:
    start(qtbot, window, tmp_path)
    QTest.keyClick(window, Key.Key_F1)
    dialog = window.menus.help_dialog
    assert isinstance(dialog, HelpDialog) and dialog.isVisible()
    keys = dialog.shortcuts()
    assert keys["New record"] == "Ctrl+N"
    assert keys["Print…"] == "Ctrl+P"
    assert keys["Quit"] == "Ctrl+Q"
    assert keys["Lock"] == "Ctrl+L"
    assert keys["People"] == "Alt+2"
    dialog.close()


def test_sidebar_counts_hearings_this_week_and_delete_says_so(qtbot, window: MainWindow,
                                                              tmp_path: Path) -> None:
    folder = tmp_path / "v.casefile"
    soon = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    with Session.create(folder, PASS, 0.05) as s:
        case = s.add("case", {"title": "Дело о пикете"})
        s.add("hearing", {"case_id": case["id"], "starts_at": soon.isoformat(),
                          "court": "Ленинский районный суд"})
        s.add("hearing", {"case_id": case["id"],
                          "starts_at": (soon + timedelta(days=30)).isoformat()})
    unlock(qtbot, window, folder, PASS)
    window.activateWindow()
    hearings_row = SECTIONS.index("hearing")
    assert window.sidebar.item(hearings_row).text() == "Hearings (1)"
    assert window.sidebar.item(SECTIONS.index("sync")).text() == "Sync"

    press(getattr(Key, f"Key_{hearings_row + 1}"), ALT)
    hearings = window.page_of["hearing"]
    assert isinstance(hearings, RecordPage)
    press(Key.Key_Down)
    press(Key.Key_Space)
    shown = hearings.editor.record
    assert shown is not None
    seen: dict = {}
    answer_box(qtbot, seen, lambda box: click(box.button(QMessageBox.StandardButton.Yes)))
    click_menu(qtbot, window, "Edit", "Delete…")
    assert window.statusBar().currentMessage().startswith("Deleted: ")
    assert window.sidebar.item(hearings_row).text() in ("Hearings (1)", "Hearings")
    assert window.sidebar.item(hearings_row).text() == (
        "Hearings" if shown["starts_at"][:10] == soon.date().isoformat() else "Hearings (1)")
