"""The duress passphrase in Vault security…: set and turned off by typing and clicking, then
typed at the unlock screen it opens the decoy, and the real data is gone."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from casefile.services.records.session import Session
from casefile.services.safety.duress import has_duress
from casefile.ui.mainwindow import MainWindow
from casefile.ui.vaultsettings import VaultSettingsDialog
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.conftest import tree_bytes
from tests.ui.conftest import type_text, unlock

PASS = "the real passphrase"
DURESS = "grandmother's tea on sunday"
MARKER = "Тайнова Серафима Ильинична"


@pytest.fixture
def opened(qtbot, window: MainWindow, tmp_path: Path) -> MainWindow:
    folder = tmp_path / "group.casefile"
    with Session.create(folder, PASS, MIN_KDF_SECONDS) as session:
        session.add("person", {"full_name": MARKER, "birth_year": 1980})
    unlock(qtbot, window, folder, PASS)
    return window


def click(widget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def security(qtbot, win: MainWindow) -> VaultSettingsDialog:
    dialog = win.edit_vault_settings()
    assert dialog is not None
    qtbot.addWidget(dialog)
    bar = dialog.tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    return dialog


def set_duress(qtbot, dialog: VaultSettingsDialog, passphrase: str, repeat: str) -> None:
    box = dialog.duress_box
    click(box.set_button)
    asked = box.dialog
    assert asked is not None and asked.isVisible()
    type_text(asked.passphrase, passphrase)
    type_text(asked.repeat, repeat)
    click(asked.ok)


def test_duress_set_in_the_window_opens_the_decoy_at_unlock(qtbot, opened: MainWindow,
                                                            tmp_path: Path) -> None:
    folder = opened.session.folder
    dialog = security(qtbot, opened)
    box = dialog.duress_box
    assert "No duress" in box.state.text() and not box.off_button.isEnabled()
    set_duress(qtbot, dialog, DURESS, DURESS + "!")  # mistyped: refused, asked again
    assert box.dialog.isVisible() and "differ" in box.dialog.error.text()
    box.dialog.reject()
    set_duress(qtbot, dialog, PASS, PASS)  # the vault's own passphrase: refused
    qtbot.waitUntil(lambda: "Not set" in box.message.text(), timeout=30_000)
    assert not has_duress(opened.session)
    set_duress(qtbot, dialog, DURESS, DURESS)
    qtbot.waitUntil(lambda: "A duress passphrase is set" in box.state.text(), timeout=30_000)
    assert has_duress(opened.session) and box.off_button.isEnabled()
    dialog.reject()
    opened.lock()

    unlock(qtbot, opened, folder, DURESS)  # at the unlock screen: no message, just a vault
    assert opened.session is not None and opened.session.list("person") == []
    opened.lock()
    assert not any(MARKER.encode() in data for data in tree_bytes(folder).values())
    for secret in (PASS, DURESS + "x"):
        with pytest.raises(Exception, match="wrong passphrase"):
            Session.open(folder, secret)


def test_duress_turned_off_in_the_window(qtbot, opened: MainWindow) -> None:
    folder = opened.session.folder
    dialog = security(qtbot, opened)
    set_duress(qtbot, dialog, DURESS, DURESS)
    box = dialog.duress_box
    qtbot.waitUntil(box.off_button.isEnabled, timeout=30_000)
    click(box.off_button)
    assert "No duress" in box.state.text() and not has_duress(opened.session)
    dialog.reject()
    opened.lock()
    with pytest.raises(Exception, match="wrong passphrase"):
        Session.open(folder, DURESS)
    with Session.open(folder, PASS) as session:
        assert session.list("person")[0]["full_name"] == MARKER
