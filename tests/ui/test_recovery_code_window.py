"""A new recovery code in the window, by mouse and keyboard only: the code is shown in
numbered groups, three of them are typed back (a wrong one is named and the dialog stays; Back
shows the code again), and only then is it saved — in English and in Russian."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QWidget

from casefile.domain import recoverycode
from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.services.safety.recovery import has_recovery_code, recover
from casefile.ui.mainwindow import MainWindow
from casefile.ui.recoverycode import RecoveryCodeDialog
from casefile.ui.vaultsettings import VaultSettingsDialog
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.ui.conftest import type_text, unlock

PASS = "recovery window passphrase"
LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier
# The code's letters as they come out with the Russian layout on (the same keys).
RUSSIAN_LAYOUT = str.maketrans("DFJLNRVW", "ваодткмц")


@pytest.fixture
def opened(qtbot, lang: str, window: MainWindow, tmp_path: Path) -> MainWindow:
    folder = tmp_path / "group.casefile"
    with Session.create(folder, PASS, MIN_KDF_SECONDS) as session:
        session.add("person", {"full_name": "Вера Восстановленная", "birth_year": 1985})
    unlock(qtbot, window, folder, PASS)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def click(widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    QTest.mouseClick(widget, LEFT, NO_MOD, widget.rect().center())


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MOD) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    QTest.keyClick(focused, key, modifier)


def open_security(qtbot, win: MainWindow) -> VaultSettingsDialog:
    """The toolbar's Vault security button, clicked."""
    button = win.toolbar.widgetForAction(win.toolbar.vault_action)
    click(button)
    dialog = win.findChild(VaultSettingsDialog)
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def new_code_dialog(qtbot, security: VaultSettingsDialog) -> RecoveryCodeDialog:
    click(security.findChild(QPushButton, "new_recovery"))
    dialog = security.findChild(RecoveryCodeDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def code_on_screen(dialog: RecoveryCodeDialog) -> list[str]:
    """The groups as a person reads them off the dialog: group 1 to 8, box by box."""
    groups = []
    for number in range(1, 9):
        boxes = dialog.findChild(QWidget, f"group_{number}")
        assert boxes is not None and boxes.isVisible()
        groups.append("".join(label.text() for label in boxes.findChildren(QLabel)))
    return groups


def field(dialog: RecoveryCodeDialog, number: int) -> QLineEdit:
    found = dialog.findChild(QLineEdit, f"check_{number}")
    assert found is not None
    return found


def test_the_code_is_saved_once_three_groups_are_typed_back(qtbot, opened: MainWindow,
                                                            lang: str) -> None:
    folder = opened.session.folder
    security = open_security(qtbot, opened)
    assert security.recovery_state.text() == _(
        "No recovery code yet. With one, a forgotten passphrase does not lose the vault.")
    dialog = new_code_dialog(qtbot, security)
    written = code_on_screen(dialog)
    assert all(len(g) == 5 and set(g) <= set(recoverycode.ALPHABET) for g in written)
    assert not has_recovery_code(opened.session)  # shown, not saved yet

    click(dialog.findChild(QPushButton, "written_down"))
    prompt = dialog.findChild(QLabel, "check_prompt")
    assert prompt is not None and prompt.isVisible()
    first, second, third = dialog.asked
    assert QApplication.focusWidget() is field(dialog, first)
    assert ", ".join(map(str, dialog.asked)) in prompt.text()

    # A slip: the group after it typed in its place. Named; the dialog stays.
    slip = written[first % 8]
    QTest.keyClicks(QApplication.focusWidget(), slip)
    press(Qt.Key.Key_Tab)
    QTest.keyClicks(QApplication.focusWidget(), written[second - 1].lower())
    press(Qt.Key.Key_Tab)
    type_text(QApplication.focusWidget(), "-".join(written[third - 1]))
    press(Qt.Key.Key_Return)
    error = dialog.findChild(QLabel, "recovery_error")
    said = _("this is group {0}; type group {1}").format(first % 8 + 1, first)
    assert error.text() == said[:1].upper() + said[1:]
    assert dialog.isVisible() and QApplication.focusWidget() is field(dialog, first)
    assert not has_recovery_code(opened.session)

    # Back to look at the code, then on again; the group retyped as with the Russian layout.
    click(dialog.findChild(QPushButton, "recovery_back"))
    assert code_on_screen(dialog) == written and not prompt.isVisible()
    click(dialog.findChild(QPushButton, "written_down"))
    assert QApplication.focusWidget() is field(dialog, first)
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(QApplication.focusWidget(), written[first - 1].translate(RUSSIAN_LAYOUT))
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)

    assert security.message.text() == _("The recovery code is saved; an older one no longer "
                                        "works.")
    assert security.recovery_state.text() == _(
        "This vault has a recovery code. A new one replaces it.")
    security.reject()
    opened.lock()
    recover(folder, " ".join(written), "after the recovery", MIN_KDF_SECONDS)
    with Session.open(folder, "after the recovery") as session:
        assert session.list("person")[0]["full_name"] == "Вера Восстановленная"


def test_closing_before_typing_back_changes_nothing(qtbot, opened: MainWindow,
                                                   lang: str) -> None:
    security = open_security(qtbot, opened)
    dialog = new_code_dialog(qtbot, security)
    click(dialog.findChild(QPushButton, "written_down"))
    QTest.keyClicks(QApplication.focusWidget(), "22222")
    press(Qt.Key.Key_Return)
    error = dialog.findChild(QLabel, "recovery_error")
    assert error.text() and dialog.isVisible()
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert security.message.text() == _("The new recovery code was not saved: nothing "
                                        "changed.")
    assert not has_recovery_code(opened.session)


def test_a_new_vault_shows_its_code_at_once_and_later_puts_it_off(
        qtbot, lang: str, window: MainWindow, tmp_path: Path) -> None:
    """Made on the start screen: the code is up before anything else; Later saves nothing,
    the status bar says where to make one, and the welcome's Vault security… button leads
    there."""
    start = window.start
    start.choose(tmp_path / "new.casefile", create=True)
    type_text(start.passphrase, PASS)
    type_text(start.repeat, PASS)
    with qtbot.waitSignal(start.unlocked, timeout=30_000):
        click(start.go)
    dialog = window.findChild(RecoveryCodeDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    heading = dialog.findChild(QLabel, "first_heading")
    assert heading is not None and heading.isVisible()
    assert "new.casefile" in heading.text()
    assert all(len(g) == 5 for g in code_on_screen(dialog))
    later = dialog.cancel_button
    assert later.text() == _("&Later")
    click(later)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.statusBar().currentMessage() == _(
        "No recovery code yet: make one in Vault security…")
    assert not has_recovery_code(window.session)

    button = window.findChild(QPushButton, "welcome_security")
    assert button is not None and button.isVisible()
    click(button)
    security = window.findChild(VaultSettingsDialog)
    assert security is not None
    qtbot.waitUntil(security.isVisible)
    assert security.recovery_state.text() == _(
        "No recovery code yet. With one, a forgotten passphrase does not lose the vault.")
    security.reject()
