"""What the command line does for the vault, in the window (issue 15): change the passphrase,
a new one with the recovery code, *Save a backup as…*, the locked screen, *Show passphrase*
and the Caps Lock warning, and the page one was on after an unlock.

Only real key and mouse events reach the widgets; what is checked is what the screen shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QWidget,
)

from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.services.safety.backups import check_backup, restore_into
from casefile.services.safety.recovery import new_recovery_code
from casefile.ui.changepassphrase import ChangePassphraseDialog
from casefile.ui.mainwindow import MainWindow
from casefile.ui.recordpage import RecordPage
from casefile.ui.recoverdialog import RecoverDialog
from casefile.ui.start import remember_vault
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.ui.conftest import type_text

Key = Qt.Key
LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
PASS = "old passphrase of the group"
NEW = "новая фраза группы 2027"
OTHER = "the other vault's passphrase"


@pytest.fixture
def vaults(tmp_path: Path, settings: QSettings) -> tuple[Path, Path]:
    """Two vaults used before on this computer; "group" the last one opened."""
    other = tmp_path / "other place" / "secret-other.casefile"
    Session.create(other, OTHER, MIN_KDF_SECONDS).close()
    remember_vault(settings, other)
    group = tmp_path / "group.casefile"
    with Session.create(group, PASS, MIN_KDF_SECONDS) as session:
        session.add("person", {"full_name": "Павел Резервный", "birth_year": 1990})
        session.add("person", {"full_name": "Анна Вторая", "birth_year": 1985})
    remember_vault(settings, group)
    return group, other


@pytest.fixture
def win(vaults: tuple[Path, Path], window: MainWindow, qtbot) -> Iterator[MainWindow]:
    """The conftest's window, made once the vaults above are remembered, and active."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield window


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def click(widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    QTest.mouseClick(widget, LEFT, NO_MOD, widget.rect().center())


def tab_to(widget: QWidget, key: Qt.Key = Key.Key_Tab) -> None:
    """Tab (or Backtab) from the focus until ``widget`` has it."""
    for _step in range(30):
        if focused() is widget:
            return
        QTest.keyClick(focused(), key)
    raise AssertionError(f"Tab never reached {widget.objectName()}")


def type_here(text: str) -> None:
    type_text(focused(), text)


def press_letter(widget: QWidget, text: str, *, shift: bool = False) -> None:
    """A letter as the keyboard sends it: its text, with or without Shift held."""
    mods = Qt.KeyboardModifier.ShiftModifier if shift else NO_MOD
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, 0, mods, text))


def enter_passphrase(qtbot, win: MainWindow, passphrase: str) -> None:
    """Type where the focus already is, then Enter; wait for the vault to open."""
    assert focused() is win.start.passphrase
    type_here(passphrase)
    with qtbot.waitSignal(win.start.unlocked, timeout=30_000):
        QTest.keyClick(focused(), Key.Key_Return)


def click_menu(qtbot, win: MainWindow, title: str, entry: str) -> None:
    """Click a menu's title in the menu bar, then its entry, with the mouse."""
    bar = win.menuBar()
    action = next(a for a in bar.actions() if a.text().replace("&", "") == title)
    QTest.mouseClick(bar, LEFT, NO_MOD, bar.actionGeometry(action).center())
    menu = action.menu()
    assert isinstance(menu, QMenu)
    qtbot.waitUntil(menu.isVisible)
    item = next(a for a in menu.actions() if a.text().replace("&", "") == entry)
    assert item.isEnabled(), entry
    QTest.mouseClick(menu, LEFT, NO_MOD, menu.actionGeometry(item).center())
    qtbot.waitUntil(lambda: not menu.isVisible())


def shown_texts(widget: QWidget) -> list[str]:
    """Every text a person can see on the widget: labels, buttons, fields, list rows."""
    texts: list[str] = []
    for child in [widget, *widget.findChildren(QWidget)]:
        if not child.isVisible():
            continue
        if isinstance(child, QLabel | QAbstractButton | QLineEdit):
            texts.append(child.text())
        texts.append(child.toolTip())
        count = getattr(child, "count", None)
        item = getattr(child, "item", None)
        if callable(count) and callable(item):
            texts += [item(r).text() for r in range(count())]
    return texts


def back_to(qtbot, window: QWidget) -> None:
    """The window is active again once a box over it closes, as the window manager makes it."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def active_dialog(qtbot, kind: type) -> QDialog:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, kind)
    qtbot.waitUntil(dialog.isActiveWindow)  # as the window manager makes it
    return dialog


# -- the start screen: keyboard only, Show passphrase, Caps Lock --------------------------------


def test_enter_unlocks_the_last_vault_with_the_focus_already_in_the_field(
        qtbot, win: MainWindow, vaults: tuple[Path, Path]) -> None:
    group, _other = vaults
    assert win.start.path_label.text() == str(group)
    enter_passphrase(qtbot, win, PASS)
    assert win.session is not None and win.session.folder == group


def test_show_passphrase_and_the_caps_lock_warning(qtbot, lang: str, win: MainWindow) -> None:
    start = win.start
    field, show, caps = start.passphrase, start.guard.show, start.guard.caps
    assert focused() is field and field.echoMode() == QLineEdit.EchoMode.Password
    assert show.accessibleName() == _("Show passphrase") and show.text()
    assert not caps.isVisible()

    type_here("A" if lang == "en" else "Ж")  # a capital without Shift: Caps Lock is on
    assert caps.isVisible() and caps.text() == _("Caps Lock is on")
    press_letter(field, "B", shift=True)  # a capital with Shift: off
    assert not caps.isVisible()
    press_letter(field, "c" if lang == "en" else "ж", shift=True)  # small with Shift: on
    assert caps.isVisible()
    type_here("c" if lang == "en" else "ж")  # a small letter without Shift: off
    assert not caps.isVisible()
    type_here("D")
    assert caps.isVisible()
    QTest.keyClick(field, Key.Key_CapsLock)  # the key itself turns it off
    assert not caps.isVisible()
    type_here("D")
    assert caps.isVisible()
    tab_to(show)  # leaving the field: the warning goes with it
    qtbot.waitUntil(lambda: not caps.isVisible())

    QTest.keyClick(show, Key.Key_Space)  # Show passphrase, by keyboard
    assert show.isChecked() and field.echoMode() == QLineEdit.EchoMode.Normal
    QTest.mouseClick(show, LEFT, NO_MOD, QPoint(8, show.height() // 2))  # on the box itself
    assert not show.isChecked() and field.echoMode() == QLineEdit.EchoMode.Password


# -- change the passphrase, then lock, then the locked screen ----------------------------------


def change_passphrase(qtbot, win: MainWindow, current: str, new: str, repeat: str) -> None:
    dialog = active_dialog(qtbot, ChangePassphraseDialog)
    assert focused() is dialog.current
    type_here(current)
    tab_to(dialog.new.field)
    type_here(new)
    assert dialog.new.strength.text()  # how long it would hold, as it is typed
    tab_to(dialog.new.repeat)
    type_here(repeat)
    QTest.keyClick(focused(), Key.Key_Return)


def test_change_the_passphrase_then_lock_and_unlock_with_the_new_one(
        qtbot, lang: str, win: MainWindow, vaults: tuple[Path, Path]) -> None:
    group, _other = vaults
    enter_passphrase(qtbot, win, PASS)
    click_menu(qtbot, win, _("File"), _("Vault security…"))
    security = active_dialog(qtbot, QDialog)
    button = security.findChild(QAbstractButton, "change_passphrase")
    assert button is not None and button.text() == _("Change the passphrase…")
    click(button)

    # A mismatch, then a wrong current passphrase: said in the dialog, nothing changed.
    change_passphrase(qtbot, win, PASS, NEW, NEW + "x")
    dialog = active_dialog(qtbot, ChangePassphraseDialog)
    assert dialog.error.text() == _("the passphrases do not match")
    click(dialog.current)
    QTest.keyClick(dialog.current, Key.Key_A, CTRL)
    type_text(dialog.current, "not the passphrase")
    tab_to(dialog.new.repeat)
    QTest.keyClick(focused(), Key.Key_A, CTRL)
    type_here(NEW)
    QTest.keyClick(focused(), Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=30_000)
    assert dialog.error.text() == _("the current passphrase is wrong: nothing was changed")
    back_to(qtbot, dialog)  # from the progress box
    assert dialog.isVisible() and focused() is dialog.current

    type_here(PASS)  # the wrong one was selected: typing replaces it
    QTest.keyClick(focused(), Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)
    message = security.findChild(QLabel, "message")
    assert message is not None and message.text() == _(
        "The passphrase is changed. Use the new one from now on.")
    QTest.keyClick(security, Key.Key_Escape)
    qtbot.waitUntil(lambda: not security.isVisible())

    back_to(qtbot, win)
    QTest.keyClick(win, Key.Key_L, CTRL)
    assert win.session is None
    qtbot.waitUntil(lambda: focused() is win.start.passphrase)
    type_here(PASS)  # the old one opens nothing now
    QTest.keyClick(focused(), Key.Key_Return)
    qtbot.waitUntil(lambda: win.start.error.text() != "", timeout=30_000)
    assert win.session is None
    QTest.keyClick(focused(), Key.Key_A, CTRL)
    enter_passphrase(qtbot, win, NEW)
    assert win.session is not None and win.session.folder == group


def test_the_locked_screen_names_only_this_vault_and_goes_back_to_the_page(
        qtbot, lang: str, win: MainWindow, vaults: tuple[Path, Path], tmp_path: Path) -> None:
    group, other = vaults
    enter_passphrase(qtbot, win, PASS)
    QTest.keyClick(win, Key.Key_2, Qt.KeyboardModifier.AltModifier)  # People
    page = win.page_of["person"]
    assert isinstance(page, RecordPage)
    row = 1
    index = page.view.model().index(row, 0)
    QTest.mouseClick(page.view.viewport(), LEFT, NO_MOD, page.view.visualRect(index).center())
    shown = (page.editor.record or {}).get("id")
    assert shown is not None and page.tabs is not None
    tab_bar = page.tabs.tabBar()
    click_at = tab_bar.tabRect(1).center()  # the Money tab
    QTest.mouseClick(tab_bar, LEFT, NO_MOD, click_at)
    assert page.tabs.currentIndex() == 1

    QTest.keyClick(win, Key.Key_L, CTRL)
    start = win.start
    assert win.session is None and win.stack.currentWidget() is start
    assert start.title.text() == _("Locked")
    assert group.name in start.locked_note.text()
    texts = "\n".join(shown_texts(start))
    assert str(tmp_path) not in texts  # no full path: neither this vault's nor any other's
    assert other.name not in texts
    assert not start.recent.isVisible() and start.another.isVisible()
    assert start.another.text() == _("Open another vault…")
    qtbot.waitUntil(lambda: focused() is start.passphrase)

    enter_passphrase(qtbot, win, PASS)
    page = win.page_of["person"]
    assert isinstance(page, RecordPage)
    assert win.pages.currentWidget() is page
    assert (page.editor.record or {}).get("id") == shown
    assert page.tabs is not None and page.tabs.currentIndex() == 1
    assert page.view.selectionModel().selectedRows()[0].row() == row

    # Open another vault…: the vaults used before, then another one chosen and opened.
    QTest.keyClick(win, Key.Key_L, CTRL)
    click(start.another)
    assert start.recent.isVisible() and start.title.text() == _("casefile")
    names = [start.recent.item(r).text() for r in range(start.recent.count())]
    rect = start.recent.visualItemRect(start.recent.item(names.index(str(other))))
    QTest.mouseClick(start.recent.viewport(), LEFT, NO_MOD, rect.center())
    enter_passphrase(qtbot, win, OTHER)
    assert win.session is not None and win.session.folder == other


# -- forgot the passphrase: the recovery code ---------------------------------------------------


def typed_form(code: str) -> str:
    """As a person might type it: groups run together in small letters (words with dashes)."""
    groups = code.split()
    return "".join(groups).lower() if len(groups) < 12 else "-".join(groups).upper()


def test_a_new_passphrase_with_the_recovery_code_from_the_start_screen(
        qtbot, lang: str, win: MainWindow, vaults: tuple[Path, Path]) -> None:
    group, _other = vaults
    with Session.open(group, PASS) as session:
        code = new_recovery_code(session)
    start = win.start
    assert start.forgot.text() == _("Forgot the passphrase?")
    click(start.forgot)
    dialog = active_dialog(qtbot, RecoverDialog)
    assert focused() is dialog.code

    type_here("2222")  # a code that cannot be right: said, nothing changed
    tab_to(dialog.new.field)
    type_here(NEW)
    tab_to(dialog.new.repeat)
    type_here(NEW)
    QTest.keyClick(focused(), Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=30_000)
    back_to(qtbot, dialog)  # from the progress box
    assert dialog.isVisible() and focused() is dialog.code and win.session is None

    QTest.keyClick(dialog.code, Key.Key_A, CTRL)
    type_here(typed_form(code))
    with qtbot.waitSignal(start.unlocked, timeout=30_000):
        QTest.keyClick(focused(), Key.Key_Return)
    assert win.session is not None and win.session.folder == group
    assert not dialog.isVisible()
    win.lock()
    with Session.open(group, NEW) as session:  # the new passphrase is the vault's now
        assert session.count("person") == 2


# -- File → Save a backup as… -----------------------------------------------------------------


def save_in_file_dialog(qtbot, target: Path, asked: list[str]) -> None:
    """When Qt's file dialog comes up, type the file's full name and press Enter."""

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, look)
            return
        if not dialog.isActiveWindow():  # as the window manager makes it
            dialog.activateWindow()
            QTimer.singleShot(20, look)
            return
        asked.append(dialog.windowTitle())
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None
        name.setFocus()
        QTest.keyClick(name, Key.Key_A, CTRL)
        QTest.keyClicks(name, str(target))
        QTest.keyClick(name, Key.Key_Return)

    QTimer.singleShot(0, look)


def test_save_a_backup_as_writes_one_that_restores(qtbot, lang: str, win: MainWindow,
                                                  vaults: tuple[Path, Path],
                                                  tmp_path: Path) -> None:
    enter_passphrase(qtbot, win, PASS)
    target = tmp_path / "stick" / "copy"
    target.parent.mkdir()
    asked: list[str] = []
    save_in_file_dialog(qtbot, target, asked)
    click_menu(qtbot, win, _("File"), _("Save a &backup as…").replace("&", ""))
    made = target.with_suffix(".cfbackup")
    qtbot.waitUntil(made.exists, timeout=30_000)
    assert asked == [_("Save a backup as")]
    qtbot.waitUntil(lambda: win.statusBar().currentMessage() != "")
    assert win.statusBar().currentMessage() == _("Backed up to {0}").format(made)

    check_backup(made)  # what casefile restore looks at first
    restored = tmp_path / "restored.casefile"
    restore_into(made, restored, PASS)  # opened and checked completely on the way
    with Session.open(restored, PASS) as session:
        assert session.check() == []
        assert session.count("person") == 2


def test_save_a_backup_as_is_greyed_out_while_locked(win: MainWindow) -> None:
    file_menu = next(a.menu() for a in win.menuBar().actions()
                     if a.text().replace("&", "") == _("File"))
    assert isinstance(file_menu, QMenu)
    entry = next(a for a in file_menu.actions()
                 if a.text() == _("Save a &backup as…"))
    assert not entry.isEnabled()
