"""The start screen's vaults used before, with one click and Enter (issue 13, item 10)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from casefile.services.records.session import Session
from casefile.ui.mainwindow import MainWindow
from casefile.ui.start import remember_vault
from tests.ui.conftest import type_text

PASSES = {"first.casefile": "first passphrase", "second.casefile": "second passphrase"}


@pytest.fixture
def vaults(tmp_path: Path, settings: QSettings) -> list[Path]:
    """Two vaults used before on this computer; "second" was the last one opened."""
    folders = []
    for name, passphrase in PASSES.items():
        folder = tmp_path / name
        Session.create(folder, passphrase, kdf_seconds=0.05).close()
        remember_vault(settings, folder)
        folders.append(folder)
    return folders


@pytest.fixture
def window(vaults: list[Path], window: MainWindow) -> Iterator[MainWindow]:
    """The conftest's window, opened once the vaults above are remembered."""
    window.activateWindow()
    yield window


def test_last_vault_is_ready_for_its_passphrase(qtbot, window: MainWindow,
                                                vaults: list[Path]) -> None:
    qtbot.waitUntil(window.isActiveWindow)
    start = window.start
    second = vaults[1]
    assert start.recent.currentItem().text() == str(second)
    assert start.recent.currentItem().isSelected()
    assert start.path_label.text() == str(second)
    assert QApplication.focusWidget() is start.passphrase
    type_text(QApplication.focusWidget(), PASSES[second.name])
    with qtbot.waitSignal(start.unlocked, timeout=30_000):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert window.session is not None and window.session.folder == second


def test_one_click_then_enter_opens_that_vault(qtbot, window: MainWindow,
                                               vaults: list[Path]) -> None:
    qtbot.waitUntil(window.isActiveWindow)
    start = window.start
    first, _second = vaults
    row = [start.recent.item(r).text() for r in range(start.recent.count())].index(str(first))
    rect = start.recent.visualItemRect(start.recent.item(row))
    QTest.mouseClick(start.recent.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, rect.center())
    assert start.recent.currentRow() == row
    assert start.path_label.text() == str(first)
    assert QApplication.focusWidget() is start.passphrase  # ready to type
    type_text(QApplication.focusWidget(), PASSES[first.name])
    with qtbot.waitSignal(start.unlocked, timeout=30_000):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert window.session is not None and window.session.folder == first
    # Locked again, the vault just used is the one chosen.
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert start.recent.currentItem().text() == str(first)
    assert start.path_label.text() == str(first)


def test_arrow_keys_choose_and_a_wrong_choice_is_said(qtbot, window: MainWindow,
                                                      vaults: list[Path]) -> None:
    qtbot.waitUntil(window.isActiveWindow)
    start = window.start
    first, second = vaults
    QTest.keyClick(start.passphrase, Qt.Key.Key_Backtab)  # up into the buttons, the list
    while QApplication.focusWidget() is not start.recent:
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    QTest.keyClick(start.recent, Qt.Key.Key_Down)
    assert start.path_label.text() == str(first)
    QTest.keyClick(start.recent, Qt.Key.Key_Return)  # Enter on it: on to the passphrase
    assert QApplication.focusWidget() is start.passphrase
    type_text(start.passphrase, PASSES[second.name])  # the other vault's passphrase
    QTest.keyClick(start.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: start.error.text() != "", timeout=30_000)
    assert window.session is None


def test_the_first_start_says_what_casefile_is_and_asks_nothing_yet(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No vault used on this computer yet: a line on what casefile is and the ways in, no
    empty list, no passphrase to type for nothing; a vault chosen brings the passphrase."""
    from PySide6.QtWidgets import QFileDialog

    from casefile.i18n import _
    from casefile.ui.worker import Worker
    from casefile.vault.keys import MIN_KDF_SECONDS

    settings = QSettings(str(tmp_path / "empty.ini"), QSettings.Format.IniFormat)
    worker = Worker()
    win = MainWindow(worker, settings, kdf_seconds=MIN_KDF_SECONDS, idle_minutes=60)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    start = win.start
    try:
        assert start.intro.isVisible() and "encrypted vault" in start.intro.text()
        assert not start.recent.isVisible() and not start.recent_label.isVisible()
        assert not start.passphrase.isVisible() and not start.go.isVisible()
        assert not start.forgot.isVisible()
        assert all(b.isVisible() for b in (start.create_button, start.demo_button,
                                           start.open_button, start.restore_button))
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            staticmethod(lambda *_a: (str(tmp_path / "group"), "")))
        QTest.mouseClick(start.create_button, Qt.MouseButton.LeftButton)
        assert start.passphrase.isVisible() and start.repeat.isVisible()
        assert start.go.isVisible() and start.go.text() == _("Create")
        assert QApplication.focusWidget() is start.passphrase
        assert start.path_label.text() == str(tmp_path / "group.casefile")
    finally:
        win.close()
        worker.wait()
