"""Vault security in the window: recovery code, wrong-passphrase limit, scheduled backups and
restore, remember on this device, and destroying the vault."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from casefile.services.records.session import Session
from casefile.services.safety import backups, device
from casefile.services.safety.recovery import recover
from casefile.ui.capture import set_hidden_from_capture
from casefile.ui.mainwindow import MainWindow
from casefile.ui.settings import SettingsDialog
from casefile.ui.vaultsettings import VaultSettingsDialog
from casefile.vault.folder import read_header
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.ui.conftest import type_text, unlock

PASS = "vault security passphrase"


@pytest.fixture
def opened(qtbot, window: MainWindow, tmp_path: Path) -> MainWindow:
    folder = tmp_path / "group.casefile"
    with Session.create(folder, PASS, MIN_KDF_SECONDS) as session:
        session.add("person", {"full_name": "Павел Резервный", "birth_year": 1990})
    unlock(qtbot, window, folder, PASS)
    return window


def security(qtbot, win: MainWindow) -> VaultSettingsDialog:
    dialog = win.edit_vault_settings()
    assert dialog is not None
    qtbot.addWidget(dialog)
    return dialog


def answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def reply(*args: object, **_kw: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return button

    for name in ("question", "warning"):
        monkeypatch.setattr(QMessageBox, name, reply)
    return asked


def test_recovery_code_made_in_the_window_opens_the_vault(qtbot, opened: MainWindow,
                                                          tmp_path: Path, monkeypatch) -> None:
    dialog = security(qtbot, opened)
    assert "No recovery code" in dialog.recovery_state.text()
    shown = dialog.make_recovery_code()
    assert shown is not None and len(shown.code.split()) == 8
    sheet = tmp_path / "sheet.pdf"
    asked = answer(monkeypatch, QMessageBox.StandardButton.Ok)
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(sheet), ""))
    assert shown.save_sheet() == sheet and "plaintext" in asked[0]
    assert sheet.read_bytes().startswith(b"%PDF")
    shown.ask_groups()  # typed back (tests/ui/test_recovery_code_window.py: by key and click)
    for number in shown.asked:
        type_text(shown.fields[number], shown.code.split()[number - 1])
    shown.finish()
    assert "is saved" in dialog.message.text()
    folder = opened.session.folder
    opened.lock()
    recover(folder, shown.code, "the new passphrase", MIN_KDF_SECONDS)
    with Session.open(folder, "the new passphrase") as session:
        assert session.list("person")[0]["full_name"] == "Павел Резервный"


def test_wrong_passphrase_limit_is_set_and_cleared(qtbot, opened: MainWindow) -> None:
    dialog = security(qtbot, opened)
    folder = opened.session.folder
    assert not dialog.destroy_after.isChecked()
    dialog.destroy_count.setValue(5)
    assert read_header(folder).destroy_after is None  # the spin box alone turns nothing on
    dialog.destroy_after.setChecked(True)
    assert read_header(folder).destroy_after == 5
    dialog.destroy_count.setValue(7)
    assert read_header(folder).destroy_after == 7
    dialog.destroy_after.setChecked(False)
    assert read_header(folder).destroy_after is None


def test_scheduled_backup_restores_from_the_start_screen(qtbot, opened: MainWindow,
                                                         tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    dialog = security(qtbot, opened)
    dialog.backup_on.setChecked(True)
    dialog.backup_folder.setText(str(stick))
    dialog.backup_keep.setValue(3)
    dialog.back_up_now()
    made = backups.backups_in(stick)
    assert len(made) == 1, dialog.message.text()
    assert "Last backup" in dialog.last_backup.text()
    dialog.reject()
    opened.lock()

    restore = opened.start.ask_restore()
    assert restore is not None
    qtbot.addWidget(restore)
    target = tmp_path / "restored.casefile"
    restore.file.setText(str(tmp_path / "nothing-here.cfbackup"))
    restore.folder.setText(str(target))
    type_text(restore.passphrase, PASS)
    restore.go.click()
    assert "no such file" in restore.error.text() and restore.isVisible()
    restore.file.setText(str(made[0]))
    with qtbot.waitSignal(opened.start.unlocked, timeout=30_000):
        restore.go.click()
    assert opened.session is not None and opened.session.folder == target
    assert opened.session.list("person")[0]["full_name"] == "Павел Резервный"


def test_the_schedule_runs_when_the_vault_is_unlocked(qtbot, opened: MainWindow,
                                                      tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    backups.set_policy(opened.session, backups.BackupPolicy(str(stick), keep=2, every_days=1))
    folder = opened.session.folder
    opened.lock()
    unlock(qtbot, opened, folder, PASS)
    qtbot.waitUntil(lambda: len(backups.backups_in(stick)) == 1, timeout=10_000)
    assert "Backed up" in opened.statusBar().currentMessage()
    assert opened.run_scheduled_backup() is None  # made just now: not due again


def test_a_missing_stick_is_a_note_not_a_dialog(qtbot, opened: MainWindow,
                                                tmp_path: Path) -> None:
    backups.set_policy(opened.session, backups.BackupPolicy(str(tmp_path / "gone")))
    assert opened.run_scheduled_backup() is None
    assert "USB stick" in opened.statusBar().currentMessage()


def test_destroy_cannot_be_clicked_through(qtbot, opened: MainWindow, monkeypatch) -> None:
    folder = opened.session.folder
    dialog = security(qtbot, opened)
    confirm = dialog.ask_destroy()
    qtbot.addWidget(confirm)
    assert not confirm.go.isEnabled()
    qtbot.keyClick(confirm, Qt.Key.Key_Return)  # Enter is Cancel
    assert folder.exists() and opened.session is not None

    dialog = security(qtbot, opened)
    confirm = dialog.ask_destroy()
    qtbot.addWidget(confirm)
    type_text(confirm.name, "group.casefil")
    type_text(confirm.passphrase, PASS)
    assert not confirm.go.isEnabled()  # the name must be typed in full
    type_text(confirm.name, "e")
    assert confirm.go.isEnabled()
    with qtbot.waitSignal(opened.locked, timeout=30_000):
        confirm.go.click()
    assert not folder.exists()
    assert "destroyed" in opened.start.error.text()


def test_destroy_with_a_wrong_passphrase_destroys_nothing(qtbot, opened: MainWindow,
                                                          monkeypatch) -> None:
    asked = answer(monkeypatch, QMessageBox.StandardButton.Ok)
    folder = opened.session.folder
    confirm = security(qtbot, opened).ask_destroy()
    qtbot.addWidget(confirm)
    type_text(confirm.name, folder.name)
    type_text(confirm.passphrase, "not it")
    confirm.go.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=30_000)
    assert "Nothing was destroyed" in asked[0]
    assert opened.session is not None and folder.exists()


def test_remember_on_this_device_opens_without_passphrase(qtbot, opened: MainWindow,
                                                           monkeypatch) -> None:
    if not device.device_store().available:
        pytest.skip("no Secret Service here (dev.py test starts one)")
    dialog = security(qtbot, opened)
    assert dialog.remember.isEnabled() and not dialog.remember.isChecked()
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    dialog.remember.setChecked(True)
    assert "without the passphrase" in asked[0]
    folder = opened.session.folder
    assert device.is_remembered(folder)
    opened.lock()
    assert opened.start.remembered.isVisible()
    with qtbot.waitSignal(opened.start.unlocked, timeout=30_000):
        opened.start.remembered.click()
    dialog = security(qtbot, opened)
    dialog.remember.setChecked(False)
    assert not device.is_remembered(folder)
    opened.lock()
    assert not opened.start.remembered.isVisible()


def test_without_a_credential_store_the_option_is_greyed_out(qtbot, opened: MainWindow,
                                                              monkeypatch) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    dialog = security(qtbot, opened)
    assert not dialog.remember.isEnabled()
    assert "Not available here" in dialog.remember_note.text()


@pytest.mark.skipif(sys.platform == "win32", reason="Windows can hide the window")
def test_hiding_from_screenshots_is_greyed_out_where_the_system_cannot(qtbot, window: MainWindow,
                                                                       settings) -> None:
    dialog = SettingsDialog(settings, window)
    qtbot.addWidget(dialog)
    assert not dialog.capture.isEnabled() and not dialog.capture.isChecked()
    assert "screenshots" in dialog.capture.toolTip()
    assert set_hidden_from_capture(window, True) is False
