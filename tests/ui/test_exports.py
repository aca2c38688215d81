"""The "Import and export" menu: vCard and calendar files from the real window."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest
import vobject
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

from casefile.services.records.session import Session
from casefile.ui.mainwindow import MainWindow
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.ui.conftest import unlock

PASS = "window pass phrase"


@pytest.fixture
def opened(qtbot, window: MainWindow, tmp_path: Path) -> MainWindow:
    folder = tmp_path / "v.casefile"
    with Session.create(folder, PASS, MIN_KDF_SECONDS) as s:
        person = s.add("person", {"full_name": "Кагарлицкий Борис Юльевич"})
        case = s.add("case", {"title": "Дело", "person_ids": [person["id"]],
                              "measure": "detention", "measure_until": "2027-01-15"})
        s.add("hearing", {"case_id": case["id"], "starts_at": "2026-12-01T10:00",
                          "timezone": "Asia/Yekaterinburg", "court": "Ленинский суд"})
        s.add("contact", {"full_name": "Петров Пётр", "role": "lawyer"})
        s.add("contact", {"full_name": "Иванова Анна", "role": "relative"})
    unlock(qtbot, window, folder, PASS)
    return window


def _save_as(monkeypatch, target: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a: (str(target), "")))


def test_actions_only_when_unlocked(window: MainWindow) -> None:
    assert not window.exchange.button.isEnabled()
    names = [a.text() for a in window.exchange.menu.actions() if not a.isSeparator()]
    assert names == ["Import from spreadsheet…", "Export contacts (vCard)…",
                     "Import contacts (vCard)…", "Export calendar…"]


def test_export_calendar_with_initials(qtbot, opened: MainWindow, tmp_path: Path,
                                       monkeypatch) -> None:
    target = tmp_path / "court.ics"
    _save_as(monkeypatch, target)
    opened.exchange.export_calendar_action.trigger()
    dialog = opened.exchange.dialog
    assert dialog is not None and dialog.isVisible()
    assert "not be encrypted" in dialog.findChild(QLabel, "warning").text()
    dialog.initials.setChecked(True)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    starts = [e.decoded("dtstart") for e in cal.walk("VEVENT")]
    assert any(getattr(s, "hour", None) == 10 and s.isoformat().endswith("+05:00")
               for s in starts)
    assert "Кагарлицкий" not in target.read_text(encoding="utf-8")
    assert "written to" in opened.statusBar().currentMessage()


def test_cancelled_export_writes_nothing(opened: MainWindow, tmp_path: Path,
                                         monkeypatch) -> None:
    target = tmp_path / "court.ics"
    _save_as(monkeypatch, target)
    opened.exchange.export_calendar_action.trigger()
    dialog = opened.exchange.dialog
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    assert not target.exists()


def test_export_lawyers_then_import_with_merge(qtbot, opened: MainWindow, tmp_path: Path,
                                              monkeypatch) -> None:
    target = tmp_path / "lawyers.vcf"
    _save_as(monkeypatch, target)
    opened.exchange.export_contacts_action.trigger()
    dialog = opened.exchange.dialog
    dialog.role.setCurrentIndex(dialog.role.findData("lawyer"))
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert [c.fn.value for c in vobject.readComponents(target.read_text("utf-8"))] == [
        "Петров Пётр"]

    source = tmp_path / "in.vcf"
    source.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:петров петр\r\n"
                      "EMAIL:petrov@example.org\r\nEND:VCARD\r\n"
                      "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Новая Нина\r\nEND:VCARD\r\n",
                      encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_a: (str(source), "")))
    asked: list[str] = []

    def merge(_parent, _title, text, *_a):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(merge))
    opened.exchange.import_contacts_action.trigger()
    assert "Петров Пётр" in asked[0]
    contacts = {c["full_name"]: c for c in opened.session.list("contact")}
    assert set(contacts) == {"Петров Пётр", "Иванова Анна", "Новая Нина"}
    assert contacts["Петров Пётр"]["email"] == "petrov@example.org"
    assert opened.page_of["contact"].model.rowCount() == 3


def test_a_bad_vcard_is_named_and_changes_nothing(opened: MainWindow, tmp_path: Path,
                                                  monkeypatch) -> None:
    source = tmp_path / "bad.vcf"
    source.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Битый\r\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_a: (str(source), "")))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda _p, _t, text, *_a: shown.append(text)))
    opened.exchange.import_contacts_action.trigger()
    assert shown == ["card 1 (Битый): the file ends inside the card (END:VCARD missing)"]
    assert opened.session.count("contact") == 2
