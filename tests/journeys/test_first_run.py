"""Journey 4, the first run: a new vault made on the start screen, locked with Ctrl+L and
unlocked again with the passphrase typed, at 1024×700, in English and in Russian."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.ui.mainwindow import MainWindow
from tests.journeys.conftest import Person

PASSPHRASE = "correct horse battery staple 42"


def test_create_lock_unlock(qtbot, small_window: MainWindow, person: Person, lang: str,
                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    win = small_window
    start = win.start
    folder = tmp_path / "group"
    asked: list[str] = []

    def save_as(_parent, caption: str, *_args):
        asked.append(caption)
        return str(folder), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    person.click(start.create_button)
    assert asked == [_("Create a vault")]
    assert start.path_label.text() == str(folder) + ".casefile"
    assert start.go.text() == _("Create") and start.repeat.isVisible()
    assert person.focused() is start.passphrase  # ready to type

    person.type(start.passphrase, PASSPHRASE)
    assert start.strength.isVisible() and start.strength.text()
    person.press(Qt.Key.Key_Tab)
    while person.focused() is not start.repeat:  # past the show-passphrase toggle, if any
        person.press(Qt.Key.Key_Tab)
    person.type(start.repeat, PASSPHRASE)
    with qtbot.waitSignal(start.unlocked, timeout=30_000):
        person.click(start.go)
    assert win.session is not None and win.session.folder == folder.with_suffix(".casefile")
    assert win.stack.currentWidget() is win.workspace
    assert win.windowTitle() == "casefile — group.casefile"
    assert win.search_field.isEnabled()

    # Ctrl+L: the start screen, the vault chosen, the passphrase ready; nothing of it shown.
    person.press(Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert win.session is None and win.stack.currentWidget() is start
    assert win.windowTitle() == "casefile"
    assert start.go.text() == _("Unlock") and not start.repeat.isVisible()
    qtbot.waitUntil(lambda: person.focused() is start.passphrase)

    # A wrong passphrase first: said, and still locked.
    person.type(start.passphrase, "wrong passphrase")
    person.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: start.error.text() != "", timeout=30_000)
    assert win.session is None
    person.click(start.passphrase)
    person.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    person.type(start.passphrase, PASSPHRASE)
    with qtbot.waitSignal(start.unlocked, timeout=30_000):
        person.press(Qt.Key.Key_Return)
    assert win.session is not None and win.stack.currentWidget() is win.workspace
    assert not start.error.text()
    person.assert_all_on_screen()
    win.lock()
    with Session.open(folder.with_suffix(".casefile"), PASSPHRASE) as vault:
        assert vault.count("person") == 0  # a new, empty vault under that passphrase
