"""RecordEditor and ItemsTable with real widgets on a real vault."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QDate, QEvent, Qt, QTime
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.allowance import check_limits
from casefile.domain.records import SPECS
from casefile.domain.zones import zone_label
from casefile.i18n import set_language
from casefile.services.records.session import Session
from casefile.ui.editor.dates import DateTimeField
from casefile.ui.editor.form import RecordEditor
from casefile.ui.editor.pickers import RecordPicker, RefListField
from casefile.ui.items_table import NAME, QUANTITY, UNIT_WEIGHT, ItemsTable


def make_editor(qtbot, session: Session, record_type: str) -> RecordEditor:
    editor = RecordEditor(session, record_type)
    qtbot.addWidget(editor)
    editor.resize(700, 900)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def field(editor: RecordEditor, name: str) -> Any:
    found = editor.findChild(QWidget, f"field_{name}")
    assert found is not None, name
    return found


def error_label(editor: RecordEditor, name: str) -> QLabel:
    found = editor.findChild(QLabel, f"error_{name}")
    assert found is not None, name
    return found


def type_text(widget: QWidget, text: str) -> None:
    """Type any Unicode text as key events (QTest's keyClicks handles only Latin-1)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def choose_by_data(editor: RecordEditor, name: str, value: str) -> None:
    combo: QComboBox = field(editor, name)
    binding = editor.bindings[name]
    combo.setCurrentIndex(binding.values.index(value))  # type: ignore[attr-defined]


def pick(qtbot, picker: RecordPicker, typed: str, title: str) -> None:
    """Type into a picker as a person would, then choose the suggestion called ``title``."""
    picker.setFocus()
    type_text(picker.lineEdit(), typed)
    qtbot.waitUntil(lambda: picker.findText(title) >= 0)
    picker.completer().popup().hide()
    picker.setCurrentIndex(picker.findText(title))
    assert picker.value() is not None


@pytest.fixture
def moscow_clock() -> Iterator[None]:
    """The computer's own zone is Moscow (+03:00) for this test."""
    if not hasattr(time, "tzset"):
        pytest.skip("needs time.tzset")
    with pytest.MonkeyPatch.context() as m:
        m.setenv("TZ", "Europe/Moscow")
        time.tzset()
        yield
    time.tzset()


def test_every_writable_field_has_a_named_accessible_input(qtbot, session: Session) -> None:
    for record_type, spec in SPECS.items():
        editor = make_editor(qtbot, session, record_type)
        for f in spec.fields:
            widget = field(editor, f.name)
            if f.readonly:
                assert isinstance(widget, QLabel)
                continue
            focus = editor.bindings[f.name].focus
            assert focus.accessibleName(), (record_type, f.name)
            if f.help:
                assert widget.toolTip()
        assert field(editor, "local_only").text() == "Never share this record"
        assert not editor.is_dirty


def test_create_person(qtbot, session: Session) -> None:
    editor = make_editor(qtbot, session, "person")
    with qtbot.waitSignal(editor.dirty_changed, check_params_cb=lambda d: d is True):
        qtbot.keyClicks(field(editor, "full_name"), "Kagarlitsky Boris")
    type_text(field(editor, "full_name"), " Юльевич")
    choose_by_data(editor, "status", "serving_sentence")
    qtbot.keyClicks(field(editor, "birth_year"), "1958")
    qtbot.keyClicks(field(editor, "birth_date"), "29.08.1958")  # as people write it
    field(editor, "needs").setPlainText("тёплые носки, 43")
    with qtbot.waitSignal(editor.saved) as blocker:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    saved = blocker.args[0]
    stored = session.get("person", saved["id"])
    assert stored["full_name"] == "Kagarlitsky Boris Юльевич"
    assert stored["status"] == "serving_sentence"
    assert stored["birth_year"] == 1958
    assert stored["birth_date"] == "1958-08-29"
    assert stored["needs"] == "тёплые носки, 43"
    assert stored["facility_id"] is None and stored["latin_name"] is None
    assert stored["local_only"] is False
    assert editor.record == stored and not editor.is_dirty


def test_ctrl_s_saves_the_visible_editor(qtbot, session: Session) -> None:
    # As in the main window: one editor per page, only one page shown, focus anywhere.
    window = QWidget()
    qtbot.addWidget(window)
    elsewhere = QLineEdit()
    pages = QStackedWidget()
    contacts = RecordEditor(session, "contact")
    tasks = RecordEditor(session, "task")
    pages.addWidget(contacts)
    pages.addWidget(tasks)
    layout = QVBoxLayout(window)
    layout.addWidget(elsewhere)
    layout.addWidget(pages)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    type_text(field(contacts, "full_name"), "Адвокат Петрова")
    type_text(field(tasks, "title"), "Позвонить")
    elsewhere.setFocus()
    with qtbot.waitSignal(contacts.saved):
        qtbot.keyClick(elsewhere, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert [c["full_name"] for c in session.list("contact")] == ["Адвокат Петрова"]
    assert session.count("task") == 0 and tasks.is_dirty


def test_validation_errors_shown_under_fields_and_nothing_stored(qtbot, session: Session) -> None:
    editor = make_editor(qtbot, session, "letter")
    qtbot.keyClicks(field(editor, "subject"), "Hello")
    qtbot.keyClicks(field(editor, "sent_on"), "2026-13-45")
    assert editor.save() is None
    assert session.count("letter") == 0
    assert error_label(editor, "person_id").isVisible()
    assert error_label(editor, "person_id").text() == "is required"
    assert "date" in error_label(editor, "sent_on").text()
    assert not error_label(editor, "subject").isVisible()
    assert field(editor, "person_id").accessibleDescription() == "is required"


def test_picker_with_text_but_no_choice_is_refused(qtbot, session: Session) -> None:
    session.add("person", {"full_name": "Иванов Иван"})
    session.add("person", {"full_name": "Иванова Мария"})
    editor = make_editor(qtbot, session, "letter")
    picker = field(editor, "person_id")
    type_text(picker.lineEdit(), "Иван")
    assert editor.save() is None
    assert "choose one" in error_label(editor, "person_id").text()
    # Typing a whole name exactly takes that person.
    picker.lineEdit().clear()
    type_text(picker.lineEdit(), "иванова мария")
    record = editor.save()
    assert record is not None
    assert session.get("person", record["person_id"])["full_name"] == "Иванова Мария"


def test_letter_with_person_from_picker(qtbot, session: Session) -> None:
    ivanov = session.add("person", {"full_name": "Иванов Иван"})
    session.add("person", {"full_name": "Петров Пётр"})
    editor = make_editor(qtbot, session, "letter")
    assert field(editor, "person_id").lineEdit().placeholderText().startswith("Which person?")
    pick(qtbot, field(editor, "person_id"), "ivan", "Иванов Иван")  # transliterated
    record = editor.save()
    assert record is not None
    assert record["person_id"] == ivanov["id"]
    assert record["direction"] == "out" and record["status"] == "draft"  # the defaults


def test_edit_marks_dirty_and_saves_only_changed_fields(qtbot, session: Session) -> None:
    person = session.add("person", {"full_name": "Иванов Иван", "birth_year": 1980,
                                    "status": "pretrial_detention", "needs": "книги"})
    editor = make_editor(qtbot, session, "person")
    editor.load(person)
    assert not editor.is_dirty
    assert field(editor, "full_name").text() == "Иванов Иван"
    assert field(editor, "birth_year").text() == "1980"
    assert editor.value_of("status") == "pretrial_detention"
    with qtbot.waitSignal(editor.dirty_changed, check_params_cb=lambda d: d is True):
        qtbot.keyClicks(field(editor, "birth_year"), "1")  # 19801: out of range
    assert editor.save() is None
    assert "at most 2100" in error_label(editor, "birth_year").text()
    field(editor, "birth_year").setText("1981")
    choose_by_data(editor, "status", "serving_sentence")
    assert editor.changes() == {"birth_year": 1981, "status": "serving_sentence"}
    before = len(session.history(person["id"]))
    with qtbot.waitSignal(editor.saved):
        editor.save()
    history = session.history(person["id"])
    assert len(history) == before + 1
    assert set(history[-1]["fields"]) == {"birth_year", "status"}
    assert not editor.is_dirty
    assert not error_label(editor, "birth_year").isVisible()
    # Typing the old value back is no change at all.
    field(editor, "full_name").setText("Other")
    assert editor.is_dirty
    field(editor, "full_name").setText("Иванов Иван")
    assert not editor.is_dirty


def test_dates_are_clearable(qtbot, session: Session) -> None:
    person = session.add("person", {"full_name": "X", "birth_date": "1990-01-02"})
    editor = make_editor(qtbot, session, "person")
    editor.load(person)
    date_field = field(editor, "birth_date")
    assert isinstance(date_field, QLineEdit)
    date_field.clear()
    assert editor.changes() == {"birth_date": None}
    editor.save()
    assert session.get("person", person["id"])["birth_date"] is None
    date_field.open_calendar()
    date_field.calendar.clicked.emit(QDate(2001, 2, 3))
    assert editor.value_of("birth_date") == "2001-02-03"


def test_reflist_and_strlist(qtbot, session: Session) -> None:
    a = session.add("person", {"full_name": "Алексеев Алексей"})
    b = session.add("person", {"full_name": "Борисов Борис"})
    editor = make_editor(qtbot, session, "case")
    type_text(field(editor, "title"), "Дело о пикете")
    field(editor, "articles").setPlainText("ст. 212.1 УК РФ\n\n  ст. 20.2 КоАП  \n")
    defendants = field(editor, "person_ids")
    assert isinstance(defendants, RefListField)
    for person in (b, a):
        pick(qtbot, defendants.picker, person["full_name"][:4], person["full_name"])
        defendants.add_button.click()
    assert editor.value_of("person_ids") == [b["id"], a["id"]]
    defendants.list.setCurrentRow(0)
    defendants.remove_button.click()
    record = editor.save()
    assert record is not None
    assert record["person_ids"] == [a["id"]]
    assert record["articles"] == ["ст. 212.1 УК РФ", "ст. 20.2 КоАП"]
    editor.load(None)
    editor.load(record)
    assert [defendants.list.item(i).text() for i in range(defendants.list.count())] == [
        "Алексеев Алексей"]


def test_parcel_items_total_and_facility_limit(qtbot, session: Session) -> None:
    colony = session.add("facility", {"name": "ИК-6 Копейск", "parcel_limit_kg": 20,
                                      "parcel_limit_period": "month"})
    person = session.add("person", {"full_name": "Сидоров Сидор", "facility_id": colony["id"]})
    editor = make_editor(qtbot, session, "parcel")
    items = field(editor, "items")
    assert isinstance(items, ItemsTable)
    with qtbot.waitSignal(items.changed):
        items.add_button.click()
    items.add_button.click()
    table = items.table
    table.item(0, NAME).setText("чай")
    table.item(0, QUANTITY).setData(Qt.ItemDataRole.EditRole, 2)
    table.item(0, UNIT_WEIGHT).setData(Qt.ItemDataRole.EditRole, 250)
    table.item(1, NAME).setText("сахар")
    table.item(1, UNIT_WEIGHT).setData(Qt.ItemDataRole.EditRole, 1000)
    assert table.item(0, 3).text() == "500"
    assert items.total_label.text() == "Total: 1.5 kg"
    assert field(editor, "total_weight_g").text() == "1500"
    assert "allowed" not in items.total_label.text()

    # Choosing the person fills in where they are held, and with it the limit.
    pick(qtbot, field(editor, "person_id"), "Сидор", "Сидоров Сидор")
    assert editor.value_of("facility_id") == colony["id"]
    # A limit per month without a count of parcels: a weight for the month (see
    # domain/allowance.py); the month is today's while the parcel has no date.
    assert items.total_label.text().startswith("Total: 1.5 kg\nThis month (")
    assert "other parcels 0 kg + this one 1.5 kg = 1.5 kg of 20 kg allowed." \
        in items.total_label.text()
    assert not items.over_limit

    items.add_row("консервы", 40, 500)
    assert items.over_limit
    assert "WARNING" in items.total_label.text() and "over the allowance of 20 kg" \
        in items.total_label.text()
    assert "#b00020" in items.total_label.styleSheet()
    table.setCurrentCell(2, NAME)
    items.remove_selected()
    assert not items.over_limit

    record = editor.save()
    assert record is not None
    assert record["person_id"] == person["id"]
    assert record["items"] == [{"name": "чай", "quantity": 2, "unit_weight_g": 250},
                               {"name": "сахар", "quantity": 1, "unit_weight_g": 1000}]
    assert record["total_weight_g"] == 1500
    editor.load(None)
    assert items.value() == [] and items.total_label.text() == "Total: 0 kg"
    editor.load(record)
    assert items.value() == record["items"] and not editor.is_dirty


def test_items_table_on_its_own(qtbot) -> None:
    items = ItemsTable()
    qtbot.addWidget(items)
    items.set_value([{"name": "a", "quantity": 3, "unit_weight_g": 100}])
    items.add_row()  # left blank: not an item
    assert items.value() == [{"name": "a", "quantity": 3, "unit_weight_g": 100}]
    items.set_allowance(lambda rows: check_limits({"items": rows}, {"parcel_limit_kg": 0.2},
                                                  [], None, None))
    assert items.total_label.text() == ("Total: 0.3 kg\nWARNING: this parcel weighs 0.3 kg, "
                                        "over the limit of 0.2 kg per parcel.")
    items.set_allowance(None)
    assert items.total_label.text() == "Total: 0.3 kg"


def test_hearing_time_in_court_zone(qtbot, session: Session, moscow_clock: None) -> None:
    case = session.add("case", {"title": "Дело Иванова"})
    editor = make_editor(qtbot, session, "hearing")
    pick(qtbot, field(editor, "case_id"), "Иванов", "Дело Иванова")
    zone = field(editor, "timezone")
    qtbot.keyClicks(zone.lineEdit(), "Asia/Yekaterinburg")
    zone.completer().popup().hide()
    starts: DateTimeField = field(editor, "starts_at")
    qtbot.keyClicks(starts.date, "2026-12-01")
    starts.time.setTime(QTime(10, 0))
    assert starts.local_label.text() == "= 1 Dec 2026 08:00 (+03:00) your time"
    record = editor.save()
    assert record is not None
    assert record["case_id"] == case["id"]
    assert record["starts_at"] == "2026-12-01T10:00+05:00"
    assert record["starts_at"].endswith("+05:00")

    # Opened again it shows the court's wall time, not the computer's.
    editor.load(None)
    editor.load(record)
    assert starts.date.text() == "1 Dec 2026" and starts.time.time() == QTime(10, 0)
    # Correcting the zone keeps the wall time and moves the offset.
    zone.setEditText("Europe/Moscow")
    assert editor.changes() == {"timezone": "Europe/Moscow",
                                "starts_at": "2026-12-01T10:00+03:00"}
    assert starts.local_label.text() == "= 1 Dec 2026 10:00 (+03:00) your time"


def test_hearing_without_zone_asks_for_one(qtbot, session: Session) -> None:
    case = session.add("case", {"title": "Дело"})
    editor = make_editor(qtbot, session, "hearing")
    editor.set_value("case_id", case["id"])
    field(editor, "starts_at").date.setText("2026-12-01")
    assert editor.save() is None
    assert "time zone" in error_label(editor, "starts_at").text()


def test_enum_labels_are_translated(qtbot, session: Session) -> None:
    set_language("en")
    editor = make_editor(qtbot, session, "letter")
    combo: QComboBox = field(editor, "status")
    spec = SPECS["letter"].field("status")
    assert spec is not None
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "", *(c.label for c in spec.choices)]
    assert combo.currentText() == "draft"  # the field's default
    zones = field(editor, "channel")
    assert zones.itemText(2) == "FSIN-letter"


def test_timezone_box_offers_russian_zones_first(qtbot, session: Session) -> None:
    editor = make_editor(qtbot, session, "facility")
    box: QComboBox = field(editor, "timezone")
    assert box.isEditable()
    assert [box.itemText(i) for i in range(2)] == ["Kaliningrad (UTC+2)", "Moscow (UTC+3)"]
    assert box.findText(zone_label("America/New_York")) > box.findText("Anadyr (UTC+12)")
    qtbot.keyClicks(box.lineEdit(), "Europe/Samara")
    box.completer().popup().hide()
    field(editor, "name").setText("СИЗО-1 Самара")
    field(editor, "parcel_limit_kg").setText("30,5")
    record = editor.save()
    assert record is not None
    assert record["timezone"] == "Europe/Samara"
    assert record["parcel_limit_kg"] == 30.5


def test_storage_level_error_shown_at_top(qtbot, session: Session) -> None:
    person = session.add("person", {"full_name": "X"})
    editor = make_editor(qtbot, session, "person")
    editor.load(person)
    session.delete("person", person["id"])
    field(editor, "full_name").setText("Y")
    assert editor.save() is None
    message = editor.findChild(QLabel, "editor_message")
    assert message is not None and message.isVisible()
    assert person["id"] in message.text()
