"""The panic key (Ctrl+Shift+Backspace): lock at once, close the window, and destroy the vault
when that was chosen beforehand with the passphrase."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from casefile.services.records.session import Session
from casefile.services.safety.panic import panic_destroys
from casefile.ui.mainwindow import MainWindow
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.conftest import tree_bytes
from tests.ui.conftest import type_text, unlock

PASS = "panic passphrase"
MARKER = "Паникёрова Ефросинья"
PANIC = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def opened(qtbot, window: MainWindow, tmp_path: Path) -> MainWindow:
    folder = tmp_path / "group.casefile"
    with Session.create(folder, PASS, MIN_KDF_SECONDS) as session:
        session.add("person", {"full_name": MARKER, "birth_year": 1990})
    unlock(qtbot, window, folder, PASS)
    return window


def press_panic(widget) -> None:
    QTest.keyClick(widget, Qt.Key.Key_Backspace, PANIC)


def arm(qtbot, win: MainWindow, passphrase: str) -> None:
    """Vault security… → "Also destroy this vault" → the passphrase, typed, then OK."""
    dialog = win.edit_vault_settings()
    assert dialog is not None
    bar = dialog.tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(2).center())
    assert dialog.tabs.currentIndex() == 2
    box = dialog.panic_box
    QTest.mouseClick(box.destroy, Qt.MouseButton.LeftButton,  # on the box, not past its text
                     pos=QPoint(8, box.destroy.height() // 2))
    confirm = box.confirm
    assert confirm is not None and confirm.isVisible()
    type_text(confirm.passphrase, passphrase)
    QTest.mouseClick(confirm.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(box.message.text()), timeout=30_000)
    dialog.reject()


def test_the_panic_key_locks_and_closes(qtbot, opened: MainWindow) -> None:
    folder = opened.session.folder
    opened.search_field.setFocus()
    type_text(opened.search_field, "Пани")  # typing, with search results shown
    with qtbot.waitSignal(opened.locked, timeout=10_000):
        press_panic(opened.search_field)
    assert opened.session is None
    assert not opened.isVisible()
    assert folder.exists()  # nothing chosen beforehand: nothing destroyed
    with Session.open(folder, PASS) as session:
        assert session.list("person")[0]["full_name"] == MARKER


def test_the_panic_key_works_with_a_dialog_open_and_asks_nothing(qtbot, opened: MainWindow,
                                                                 ) -> None:
    dialog = opened.edit_vault_settings()
    assert dialog is not None and dialog.isVisible()
    page = opened.page_of["person"]
    opened.go_to_section("person")
    page.new_button.click()
    type_text(page.first_field(), "Несохранённый")  # unsaved: a normal close would ask
    with qtbot.waitSignal(opened.locked, timeout=10_000):
        press_panic(dialog)
    assert opened.session is None and not opened.isVisible() and not dialog.isVisible()


def test_the_panic_key_destroys_the_vault_when_chosen(qtbot, opened: MainWindow,
                                                      tmp_path: Path) -> None:
    folder = opened.session.folder
    arm(qtbot, opened, PASS)
    assert panic_destroys(opened.session)
    assert opened.panic.destroys == folder
    opened.lock()  # even locked (the idle lock), the choice holds: no passphrase is asked
    assert opened.isVisible()
    press_panic(opened)
    qtbot.waitUntil(lambda: not folder.exists(), timeout=10_000)
    assert not opened.isVisible() and opened.session is None
    assert not any(MARKER.encode() in data for data in tree_bytes(tmp_path).values())
    assert not any(p.name.endswith(".casefile") or p.name.startswith(".")
                   for p in tmp_path.iterdir())  # no copy of the vault left to open


def test_a_wrong_passphrase_does_not_arm_the_destroy(qtbot, opened: MainWindow) -> None:
    arm(qtbot, opened, "not the passphrase")
    assert not panic_destroys(opened.session) and opened.panic.destroys is None
    folder = opened.session.folder
    with qtbot.waitSignal(opened.locked, timeout=10_000):
        press_panic(opened)
    assert folder.exists()


def test_the_file_menu_and_the_tray_have_the_panic_entry(qtbot, opened: MainWindow) -> None:
    file_actions = opened.menus.menus["file"].actions()
    assert opened.panic.action in file_actions
    assert opened.panic.action.shortcut().toString() == "Ctrl+Shift+Backspace"
    assert opened.panic.action in opened.panic.tray_menu.actions()
    assert "open" in opened.panic.tray.toolTip()
    opened.lock()
    assert "locked" in opened.panic.tray.toolTip()
    opened.panic.tray_menu.actions()[-1].trigger()  # the tray's entry, as a click would
    assert not opened.isVisible()
