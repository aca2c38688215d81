"""The window, driven as a person would: create, add, edit, search, lock, unlock."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from casefile.services.records.session import Session
from casefile.ui.editor.pickers import RecordPicker
from casefile.ui.mainwindow import MainWindow
from casefile.ui.recordpage import RecordPage
from casefile.ui.sections import SECTIONS
from tests.ui.conftest import answer_question, unlock
from tests.ui.conftest import type_text as _type_text


def type_text(_qtbot, widget, text: str) -> None:
    _type_text(widget, text)

PASS = "window passphrase"


def page(win: MainWindow, record_type: str) -> RecordPage:
    win.show_section(record_type)
    p = win.page_of[record_type]
    assert isinstance(p, RecordPage)
    assert win.pages.currentWidget() is p
    return p


def pick(qtbot, picker: RecordPicker, typed: str, title: str) -> None:
    """Type part of a name into a reference picker and choose the suggestion."""
    picker.lineEdit().clear()
    type_text(qtbot, picker.lineEdit(), typed)
    qtbot.waitUntil(lambda: picker.findText(title) >= 0, timeout=5000)
    picker.setCurrentIndex(picker.findText(title))
    assert picker.value() is not None


def choose(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def save(qtbot, p: RecordPage, *, keyboard: bool = False) -> dict:
    """Press Save (or Ctrl+S); the editor's own message is shown if nothing was saved."""
    with qtbot.waitSignal(p.editor.saved, timeout=5000, raising=False) as blocker:
        if keyboard:
            qtbot.keyClick(p.editor.input(p.editor.spec.fields[0].name), Qt.Key.Key_S,
                           Qt.KeyboardModifier.ControlModifier)
        else:
            p.editor.save_button.click()
    assert blocker.signal_triggered, (p.editor.message.text(), {
        n: lbl.text() for n, lbl in p.editor.error_labels.items() if lbl.text()})
    return blocker.args[0]


def test_full_session(qtbot, window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "group.casefile"
    # First run: nothing used before; create a vault.
    assert window.start.recent.count() == 0
    unlock(qtbot, window, folder, PASS, create=True)
    assert window.session is not None
    assert window.pages.currentWidget() is window.page_of["dashboard"]
    assert [window.sidebar.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(window.sidebar.count())] == list(SECTIONS)

    # A facility, then a person held there.
    fac = page(window, "facility")
    fac.new_button.click()
    type_text(qtbot, fac.editor.input("name"), "ФКУ СИЗО-1 по Свердловской области")
    fac.editor.set_value("timezone", "Asia/Yekaterinburg")
    fac.editor.set_value("parcel_limit_kg", 30)
    choose(fac.editor.input("parcel_limit_period"), "month")
    facility = save(qtbot, fac)
    assert fac.model.rowCount() == 1

    people = page(window, "person")
    people.new_button.click()
    type_text(qtbot, people.editor.input("full_name"), "Кагарлицкий Борис Юльевич")
    choose(people.editor.input("status"), "serving_sentence")
    pick(qtbot, people.editor.input("facility_id"), "СИЗО", facility["name"])
    person = save(qtbot, people)
    assert person["status"] == "serving_sentence"
    assert person["facility_id"] == facility["id"]
    assert people.model.rowCount() == 1
    assert "Кагарлицкий" in people.model.index(0, 0).data()
    # The person's page shows the facility's address block.
    assert "ФКУ СИЗО-1" in people.overview.toPlainText()

    # A case with that person.
    cases = page(window, "case")
    cases.new_button.click()
    type_text(qtbot, cases.editor.input("title"), "Дело Кагарлицкого")
    choose(cases.editor.input("stage"), "trial")
    case_values = dict(cases.editor.values())
    cases.editor.set_value("person_ids", [person["id"]])
    case = save(qtbot, cases)
    assert case["person_ids"] == [person["id"]] and case_values["stage"] == "trial"

    # A hearing entered in the court's time zone.
    hearings = page(window, "hearing")
    hearings.new_button.click()
    pick(qtbot, hearings.editor.input("case_id"), "Кагарл", "Дело Кагарлицкого")
    hearings.editor.set_value("timezone", "Asia/Yekaterinburg")
    hearings.editor.set_value("starts_at", "2026-12-01T10:00")
    hearing = save(qtbot, hearings)
    assert hearing["starts_at"] == "2026-12-01T10:00+05:00"

    # A parcel with items; the running total is shown against the facility's limit.
    parcels = page(window, "parcel")
    parcels.new_button.click()
    pick(qtbot, parcels.editor.input("person_id"), "kagarlitsky", person["full_name"])
    pick(qtbot, parcels.editor.input("facility_id"), "СИЗО", facility["name"])
    items = parcels.editor.input("items")
    items.set_value([{"name": "Чай чёрный", "quantity": 2, "unit_weight_g": 250},
                     {"name": "Носки шерстяные", "quantity": 3, "unit_weight_g": 100}])
    assert "0.8" in items.total_label.text() or "0,8" in items.total_label.text()
    assert "30" in items.total_label.text()
    parcel = save(qtbot, parcels)
    assert parcel["total_weight_g"] == 800

    # Edit: change the status, the list and the stored record follow.
    people = page(window, "person")
    people.view.selectRow(0)
    people.tabs.setCurrentWidget(people.editor)
    choose(people.editor.input("status"), "released")
    assert people.editor.is_dirty
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    edited = save(qtbot, people, keyboard=True)
    assert edited["status"] == "released"
    assert window.session.get("person", person["id"])["status"] == "released"

    # Search: results as you type, grouped by type; Enter opens the record.
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, window.search_field, "kagarlitsky")
    texts = [window.results.item(i).text() for i in range(window.results.count())]
    assert texts[0] == "People" and "Кагарлицкий" in texts[1]
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.page_of["person"]
    assert window.page_of["person"].editor.record["id"] == person["id"]
    shown = window.page_of["person"]
    assert shown.tabs.currentWidget() is shown.overview  # a person's page leads
    assert "Дело Кагарлицкого" in shown.overview.toPlainText()

    # Lock: the key is dropped and the unlock screen shows this vault.
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.session is None
    assert window.stack.currentWidget() is window.start
    assert window.start.path_label.text() == str(folder)
    assert not window.lock_action.isEnabled()
    assert window.start.recent.count() == 1  # remembered: the path only

    # Unlock with a wrong passphrase: the dialog says so and lets the person try again.
    type_text(qtbot, window.start.passphrase, "wrong")
    window.start.go.click()
    qtbot.waitUntil(lambda: window.start.error.text() != "", timeout=30_000)
    assert window.start.error.text() == "wrong passphrase"
    assert window.session is None and window.start.go.isEnabled()
    window.start.passphrase.clear()
    type_text(qtbot, window.start.passphrase, PASS)
    with qtbot.waitSignal(window.start.unlocked, timeout=30_000):
        qtbot.keyClick(window.start.passphrase, Qt.Key.Key_Return)
    assert window.session is not None
    assert page(window, "parcel").model.rowCount() == 1


def test_key_derivation_runs_off_the_ui_thread(qtbot, window: MainWindow,
                                               tmp_path: Path) -> None:
    folder = tmp_path / "v.casefile"
    window.start.choose(folder, create=True)
    type_text(qtbot, window.start.passphrase, PASS)
    type_text(qtbot, window.start.repeat, PASS)
    with qtbot.waitSignal(window.start.unlocked, timeout=30_000):
        window.start.go.click()
        # The click returned before the vault was made: the busy bar shows meanwhile.
        assert window.start.busy.isVisible()
    assert not window.start.busy.isVisible()


def test_mismatched_repeat_is_named(qtbot, window: MainWindow, tmp_path: Path) -> None:
    window.start.choose(tmp_path / "v.casefile", create=True)
    type_text(qtbot, window.start.passphrase, "one")
    type_text(qtbot, window.start.repeat, "two")
    window.start.go.click()
    assert window.start.error.text() == "the passphrases do not match"
    assert not (tmp_path / "v.casefile").exists()


def test_idle_lock_and_clipboard_cleared(qtbot, window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtGui import QGuiApplication

    unlock(qtbot, window, tmp_path / "v.casefile", PASS, create=True)
    window.copy_text("+7 917 000-00-12")
    assert QGuiApplication.clipboard().text() == "+7 917 000-00-12"
    window.idle.timer.setInterval(50)
    window.idle.timer.start()
    with qtbot.waitSignal(window.locked, timeout=5000):
        pass
    assert window.session is None
    assert QGuiApplication.clipboard().text() == ""


def test_dashboard_lines_open_records(qtbot, window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "v.casefile"
    with Session.create(folder, PASS, 0.05) as s:
        p = s.add("person", {"full_name": "Галимов Ринат"})
        s.add("task", {"title": "Позвонить адвокату"})
        s.add("letter", {"person_id": p["id"], "direction": "out", "status": "sent",
                         "sent_on": "2020-01-01"})
    unlock(qtbot, window, folder, PASS)
    dash = window.page_of["dashboard"]
    texts = [dash.list.item(i).text() for i in range(dash.list.count())]
    assert any("Галимов Ринат: no answer for" in t for t in texts)
    task_row = next(i for i, t in enumerate(texts) if "Позвонить адвокату" in t)
    dash.list.itemActivated.emit(dash.list.item(task_row))
    assert window.pages.currentWidget() is window.page_of["task"]
    assert window.page_of["task"].editor.record["title"] == "Позвонить адвокату"


def test_closing_with_unsaved_edits_asks(qtbot, window: MainWindow, tmp_path: Path) -> None:
    unlock(qtbot, window, tmp_path / "v.casefile", PASS, create=True)
    people = page(window, "person")
    type_text(qtbot, people.editor.input("full_name"), "Черновик")
    assert people.editor.is_dirty
    asked: list[str] = []
    answer_question("Cancel", asked)
    assert not window.close()
    assert asked and window.session is not None


def test_filter_narrows_the_list_in_sql(qtbot, window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "v.casefile"
    with Session.create(folder, PASS, 0.05) as s:
        for name in ("Орлов Олег", "Кагарлицкий Борис", "Семён Ёлкин"):
            s.add("person", {"full_name": name})
    unlock(qtbot, window, folder, PASS)
    people = page(window, "person")
    assert people.model.rowCount() == 3
    type_text(qtbot, people.filter, "семен")
    qtbot.waitUntil(lambda: people.model.rowCount() == 1)
    assert "Ёлкин" in people.model.index(0, 0).data()



def test_copying_a_phone_number_is_cleared_again(qtbot, window: MainWindow,
                                                 tmp_path: Path) -> None:
    from PySide6.QtGui import QGuiApplication

    unlock(qtbot, window, tmp_path / "v.casefile", PASS, create=True)
    contacts = page(window, "contact")
    type_text(qtbot, contacts.editor.input("phone"), "+7 917 000-00-12")
    copy = next(a for a in contacts.editor.copy_actions if a.objectName() == "copy_field_phone")
    copy.trigger()
    clipboard = QGuiApplication.clipboard()
    assert clipboard.text() == "+7 917 000-00-12"
    assert clipboard.mimeData().hasFormat("x-kde-passwordManagerHint")
    assert clipboard.mimeData().hasFormat("ExcludeClipboardContentFromMonitorProcessing")
    window.copy_text("адрес", clear_after_ms=50)  # the same timer, shortened
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=5000)
    window.copy_text("ещё раз")
    window.lock()
    assert clipboard.text() == ""


def test_creating_a_vault_says_how_strong_the_passphrase_is(qtbot, window: MainWindow,
                                                             tmp_path: Path) -> None:
    start = window.start
    start.choose(tmp_path / "existing.casefile")
    _type_text(start.passphrase, "password1")
    assert start.strength.text() == ""  # unlocking: nothing to judge
    start.choose(tmp_path / "new.casefile", create=True)
    _type_text(start.passphrase, "Кагарлицкий1958")
    assert start.strength.isVisible() and start.strength.text().startswith("Weak passphrase")
    assert "It contains a year." in start.strength.text()
    start.passphrase.clear()
    _type_text(start.passphrase, "лампа окно river кошка")
    assert start.strength.text().startswith("Strong passphrase")
