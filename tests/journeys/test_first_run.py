"""Journey 4, the first run, at 1024×700, in English and in Russian: a new vault made on the
start screen; its recovery code shown at once, written down and typed back; a backup folder
set and the passphrase changed in Vault security…; locked with Ctrl+L and unlocked with the
new passphrase (the old one refused). Then, outside the window: the written code opens the
vault, and the backup schedule points at the folder chosen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QWidget,
)

from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.services.safety import backups
from casefile.services.safety.recovery import recover
from casefile.ui.changepassphrase import ChangePassphraseDialog
from casefile.ui.mainwindow import MainWindow
from casefile.ui.recoverycode import RecoveryCodeDialog
from casefile.ui.start import StartPage
from casefile.ui.vaultsettings import VaultSettingsDialog
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.journeys.conftest import Person
from tests.ui.test_recovery_code_window import code_on_screen

PASSPHRASE = "correct horse battery staple 42"
NEW_PASSPHRASE = "a longer one for the new year, 2027"


def create_vault(qtbot, win: MainWindow, person: Person, folder: Path,
                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Create a vault… → the folder (Qt's dialog answered) → the passphrase twice → Create."""
    start = win.start
    asked: list[str] = []

    def save_as(_parent, caption: str, *_args):
        asked.append(caption)
        return str(folder.with_suffix("")), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    person.click(start.create_button)
    assert asked == [_("Create a vault")]
    assert start.path_label.text() == str(folder)
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
    assert win.session is not None and win.session.folder == folder
    assert win.stack.currentWidget() is win.workspace
    assert win.windowTitle() == "casefile — group.casefile"


def write_down_the_code(qtbot, win: MainWindow, person: Person) -> list[str]:
    """The code comes up by itself over the new vault; three groups typed back from paper."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), RecoveryCodeDialog))
    dialog = QApplication.activeWindow()
    assert isinstance(dialog, RecoveryCodeDialog)
    heading = dialog.findChild(QLabel, "first_heading")
    assert heading is not None and heading.isVisible()
    assert heading.text() == _("The vault {0} is ready. Before anything else, write down its "
                               "recovery code.").format("group.casefile")
    assert dialog.cancel_button.text().replace("&", "") == _("&Later").replace("&", "")
    paper = code_on_screen(dialog)  # written down by hand
    person.click(dialog.next_button)
    form = dialog.findChild(QWidget, "check_1") or dialog.fields[dialog.asked[0]]
    layout = form.parentWidget().layout()
    for _group in range(3):
        field = person.focused()
        assert isinstance(field, QLineEdit)
        label = _form_label(layout, field)  # "Group 5" / "Группа 5"
        number = int(re.search(r"\d+", label).group())  # type: ignore[union-attr]
        person.type(field, paper[number - 1])
        person.press(Qt.Key.Key_Tab)
    person.press(Qt.Key.Key_Return)  # Done
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)
    assert win.statusBar().currentMessage() == _("The recovery code is saved.")
    return paper


def _form_label(layout, field: QLineEdit) -> str:
    forms = [layout, *layout.findChildren(QFormLayout)]
    for form in forms:
        if isinstance(form, QFormLayout) and (label := form.labelForField(field)) is not None:
            return label.text()
    raise AssertionError("no label beside the field")


def open_vault_security(qtbot, win: MainWindow, person: Person) -> VaultSettingsDialog:
    """From the empty vault's welcome: the Vault security… button."""
    button = win.findChild(QPushButton, "welcome_security")
    assert button is not None
    person.click(button)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), VaultSettingsDialog))
    dialog = QApplication.activeWindow()
    assert isinstance(dialog, VaultSettingsDialog)
    assert dialog.recovery_state.text() == _(
        "This vault has a recovery code. A new one replaces it.")
    return dialog


def click_tab(person: Person, tabs: QTabWidget, title: str) -> None:
    bar = tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    person.click(bar, bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def set_backup_folder(person: Person, security: VaultSettingsDialog, folder: Path) -> None:
    click_tab(person, security.tabs, _("Backups"))
    on = security.findChild(QCheckBox, "backup_on")
    person.click(on, QPoint(10, on.height() // 2))  # its box, at the row's left
    assert on.isChecked()
    field = security.findChild(QLineEdit, "backup_folder")
    person.click(field)
    person.type(field, str(folder))
    person.click(security.findChild(QPushButton, "save_backup"))
    assert security.message.text() == _("Backup schedule saved.")


def change_passphrase(qtbot, person: Person, security: VaultSettingsDialog) -> None:
    click_tab(person, security.tabs, _("Unlocking"))
    person.click(security.findChild(QPushButton, "change_passphrase"))
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), ChangePassphraseDialog))
    dialog = QApplication.activeWindow()
    assert isinstance(dialog, ChangePassphraseDialog)
    assert person.focused() is dialog.current
    person.type(dialog.current, PASSPHRASE)
    for name in ("new_passphrase", "repeat_new_passphrase"):
        while person.focused().objectName() != name:  # past the show-passphrase toggles
            person.press(Qt.Key.Key_Tab)
        person.type(person.focused(), NEW_PASSPHRASE)
    person.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)
    assert security.message.text() == _("The passphrase is changed. Use the new one from now on.")


def unlock_with(qtbot, person: Person, start: StartPage, passphrase: str) -> None:
    person.click(start.passphrase)
    person.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    person.type(start.passphrase, passphrase)
    person.press(Qt.Key.Key_Return)


def test_the_first_run(qtbot, small_window: MainWindow, person: Person, lang: str,
                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    win = small_window
    folder = tmp_path / "group.casefile"
    stick = tmp_path / "USB stick"
    stick.mkdir()
    create_vault(qtbot, win, person, folder, monkeypatch)
    paper = write_down_the_code(qtbot, win, person)

    security = open_vault_security(qtbot, win, person)
    set_backup_folder(person, security, stick)
    change_passphrase(qtbot, person, security)
    qtbot.waitUntil(security.isActiveWindow)  # back in Vault security…
    person.press(Qt.Key.Key_Escape)  # the dialog closed by its keyboard
    qtbot.waitUntil(lambda: not security.isVisible())
    qtbot.waitUntil(win.isActiveWindow)  # the keyboard back in the window

    # Ctrl+L: the start screen, the vault chosen, the passphrase ready; nothing of it shown.
    start = win.start
    person.press(Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert win.session is None and win.stack.currentWidget() is start
    assert win.windowTitle() == "casefile"
    assert start.go.text() == _("Unlock") and not start.repeat.isVisible()
    qtbot.waitUntil(lambda: person.focused() is start.passphrase)

    # The old passphrase no longer opens it: said, and still locked.
    unlock_with(qtbot, person, start, PASSPHRASE)
    qtbot.waitUntil(lambda: start.error.text() != "", timeout=30_000)
    assert win.session is None
    with qtbot.waitSignal(start.unlocked, timeout=30_000):
        unlock_with(qtbot, person, start, NEW_PASSPHRASE)
    assert win.session is not None and win.stack.currentWidget() is win.workspace
    assert not start.error.text()
    assert backups.policy(win.session).folder == str(stick)
    person.assert_all_on_screen()
    win.lock()

    # The code copied off the screen opens the vault, whatever the passphrase became.
    recover(folder, " ".join(paper), "set with the recovery code", MIN_KDF_SECONDS)
    with Session.open(folder, "set with the recovery code") as vault:
        assert vault.count("person") == 0  # the new, empty vault
