"""Travel mode in Vault security…: cases ticked, what goes with them counted, left behind
with the passphrase, gone from the lists, search and dashboard; brought back from the backup
or from a contact's bundle — every step by clicks and keys."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from casefile.services.exchange.bundles import add_contact, export_bundle, import_bundle
from casefile.services.records.identity import identity, peers
from casefile.services.records.session import Session
from casefile.services.safety import backups
from casefile.ui.mainwindow import MainWindow
from casefile.ui.travelbox import TravelBox
from casefile.ui.vaultsettings import VaultSettingsDialog
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.ui.conftest import type_text, unlock

PASS = "travel window passphrase"
NAME = "Путешественникова Аглая"
TITLE = "Дело П."
STAYS = "Другое дело"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "group.casefile"
    (tmp_path / "usb").mkdir()
    soon = (date.today() + timedelta(days=3)).isoformat()
    with Session.create(folder, PASS, MIN_KDF_SECONDS) as s:
        person = s.add("person", {"full_name": NAME})["id"]
        case = s.add("case", {"title": TITLE, "person_ids": [person]})["id"]
        s.add("letter", {"person_id": person, "body": "письмо в СИЗО"})
        s.add("hearing", {"case_id": case, "starts_at": f"{soon}T10:00+03:00"})
        stays = s.add("person", {"full_name": "Оставшийся Тимофей"})["id"]
        s.add("case", {"title": STAYS, "person_ids": [stays]})
        backups.set_policy(s, backups.BackupPolicy(str(tmp_path / "usb")))
    return folder


def opened(qtbot, win: MainWindow, folder: Path) -> None:
    """Unlocked, and the scheduled backup due at unlock made (a job of its own)."""
    unlock(qtbot, win, folder, PASS)
    qtbot.waitUntil(lambda: backups.last_backup(win.session) is not None, timeout=30_000)


def click(widget, **kwargs) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, **kwargs)


def travel_tab(qtbot, win: MainWindow) -> TravelBox:
    dialog = win.edit_vault_settings()
    assert isinstance(dialog, VaultSettingsDialog)
    qtbot.addWidget(dialog)
    bar = dialog.tabs.tabBar()
    click(bar, pos=bar.tabRect(dialog.tabs.count() - 1).center())
    assert dialog.tabs.currentWidget().isAncestorOf(dialog.travel_box)
    return dialog.travel_box


def shown(win: MainWindow, section: str) -> list[str]:
    model = win.page_of[section].model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def found(qtbot, win: MainWindow, text: str) -> list[str]:
    win.search_field.clear()
    type_text(win.search_field, text)
    return [win.results.item(i).text() for i in range(win.results.count())]


def dashboard(win: MainWindow) -> str:
    board = win.page_of["dashboard"].list
    return "\n".join(board.item(i).text() for i in range(board.count()))


def passphrase_then_enter(field, text: str) -> None:
    QTest.keyClicks(field, text)
    QTest.keyClick(field, Qt.Key.Key_Return)


def tick(box: TravelBox, title: str) -> None:
    check = next(c for c in box.checks.values() if c.text() == title)
    click(check)
    assert check.isChecked()


def leave_behind(qtbot, box: TravelBox, passphrase: str) -> None:
    before = box.message.text()
    click(box.leave_button)
    assert box.dialog is not None and box.dialog.isVisible()
    passphrase_then_enter(box.dialog.passphrase, passphrase)
    qtbot.waitUntil(lambda: box.message.text() != before, timeout=30_000)


def test_leave_behind_and_bring_back_in_the_window(qtbot, window: MainWindow,
                                                   folder: Path) -> None:
    opened(qtbot, window, folder)
    assert sorted(shown(window, "case")) == sorted([TITLE, STAYS])
    assert found(qtbot, window, "Путешественникова") and TITLE in dashboard(window)
    box = travel_tab(qtbot, window)
    assert "Not travelling" in box.state.text() and not box.back_button.isVisible()
    assert not box.leave_button.isEnabled()  # nothing chosen yet
    tick(box, TITLE)
    assert box.counts.text() == "Leaves this device: 1 case, 1 person, 1 letter, 1 hearing."

    leave_behind(qtbot, box, PASS + "x")  # a wrong passphrase: nothing leaves
    assert "Nothing was left behind: wrong passphrase" in box.message.text()
    assert TITLE in shown(window, "case")
    leave_behind(qtbot, box, PASS)
    assert "4 records left behind" in box.message.text()
    assert "Travelling since" in box.state.text() and box.back_button.isVisible()
    assert not box.leave_button.isVisible()
    assert shown(window, "case") == [STAYS] and shown(window, "letter") == []
    assert found(qtbot, window, "Путешественникова") == ["Nothing found"]
    assert TITLE not in dashboard(window)

    click(box.back_button)
    back = box.dialog
    assert back is not None and back.from_backup.isChecked()
    passphrase_then_enter(back.passphrase, PASS)
    qtbot.waitUntil(lambda: "records are back" in box.message.text(), timeout=30_000)
    assert "4 records are back" in box.message.text()
    assert "Not travelling" in box.state.text() and box.leave_button.isVisible()
    assert sorted(shown(window, "case")) == sorted([TITLE, STAYS])
    assert any(NAME in hit for hit in found(qtbot, window, "Путешественникова"))
    assert TITLE in dashboard(window)


def test_bring_back_from_a_contacts_bundle_in_the_window(qtbot, window: MainWindow,
                                                         folder: Path, tmp_path: Path) -> None:
    contact = tmp_path / "boris.casefile"
    with Session.open(folder, PASS) as anna, \
            Session.create(contact, PASS, MIN_KDF_SECONDS) as boris:
        add_contact(anna, "Boris", identity(boris).public.to_json())
        add_contact(boris, "Anna", identity(anna).public.to_json())
        case = next(c["id"] for c in anna.list("case") if c["title"] == TITLE)
        peers(anna).share("Boris", case_ids=[case])
        export_bundle(anna, ["Boris"], tmp_path / "to-boris.cfb", files=True)
        import_bundle(boris, tmp_path / "to-boris.cfb")
        peers(boris).share("Anna", case_ids=[case])
    opened(qtbot, window, folder)
    box = travel_tab(qtbot, window)
    tick(box, TITLE)
    leave_behind(qtbot, box, PASS)
    assert shown(window, "case") == [STAYS]
    with Session.open(contact, PASS) as boris:
        export_bundle(boris, ["Anna"], tmp_path / "to-anna.cfb", full=True, files=True)

    click(box.back_button)
    back = box.dialog
    assert back is not None
    click(back.from_bundle)
    type_text(back.bundle, str(tmp_path / "to-anna.cfb"))
    assert not back.passphrase.isEnabled()
    QTest.keyClick(back.bundle, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "records are back" in box.message.text(), timeout=30_000)
    assert "4 records are back" in box.message.text()
    assert sorted(shown(window, "case")) == sorted([TITLE, STAYS])
    assert any(NAME in hit for hit in found(qtbot, window, "Путешественникова"))
