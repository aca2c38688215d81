"""The time-zone box of a hearing, driven by keys only: a city typed in Russian, English or
a Latin spelling of the Russian name, Down and Enter (or Tab) to choose; the zone offered
from the court's earlier hearings, the case's or a defendant's facility (issue 15)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from casefile.i18n import set_language
from casefile.services.records.session import Session
from casefile.ui.editor.form import RecordEditor
from casefile.ui.editor.pickers import RecordPicker
from casefile.ui.editor.zones import PLACE_ROLE, TimezoneBox
from tests.ui.conftest import type_text

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


def hearing_editor(qtbot, session: Session) -> RecordEditor:
    editor = RecordEditor(session, "hearing")
    qtbot.addWidget(editor)
    editor.resize(700, 900)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    return editor


def zone_box(editor: RecordEditor) -> TimezoneBox:
    box = editor.input("timezone")
    assert isinstance(box, TimezoneBox)
    return box


def press(key: Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Where the keyboard goes: the open suggestions, else the focused widget."""
    popup = QApplication.activePopupWidget()
    widget = (popup.focusWidget() or popup) if popup is not None else QApplication.focusWidget()
    assert widget is not None
    QTest.keyClick(widget, key, modifier)


def choose_case(qtbot, editor: RecordEditor, typed: str) -> None:
    """Tab to the case, type part of its title, Down and Enter."""
    picker = editor.input("case_id")
    assert isinstance(picker, RecordPicker)
    QTest.mouseClick(picker.lineEdit(), Qt.MouseButton.LeftButton)
    type_text(picker.lineEdit(), typed)
    qtbot.waitUntil(lambda: picker.completer().popup().isVisible())
    press(Key.Key_Down)
    press(Key.Key_Return)
    qtbot.waitUntil(lambda: picker.value() is not None)


def type_zone(qtbot, box: TimezoneBox, typed: str) -> None:
    """Click into the box, select what is there (Ctrl+A) and type over it."""
    QTest.mouseClick(box.lineEdit(), Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() in (box, box.lineEdit())
    press(Key.Key_A, CTRL)
    if typed.isascii():
        QTest.keyClicks(box.lineEdit(), typed)
    else:
        type_text(box.lineEdit(), typed)
    qtbot.waitUntil(lambda: box.completer().popup().isVisible())


def save(qtbot, editor: RecordEditor) -> dict[str, Any]:
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:
        press(Key.Key_S, CTRL)
    return saved.args[0]


@pytest.mark.parametrize("typed", ["Челяб", "ekaterinburg"])
def test_a_city_typed_then_down_and_enter_picks_its_zone(
        qtbot, session: Session, russian: None, typed: str) -> None:
    case = session.add("case", {"title": "Дело Петрова"})
    editor = hearing_editor(qtbot, session)
    choose_case(qtbot, editor, "Петров")
    box = zone_box(editor)
    assert box.value() is None  # nothing in the vault tells the zone
    type_zone(qtbot, box, typed)
    assert box.itemText(0) == "Екатеринбург (UTC+5)"
    assert box.itemData(0, PLACE_ROLE) == ("Челябинск" if typed == "Челяб" else None)
    press(Key.Key_Down)
    press(Key.Key_Return)
    assert not box.completer().popup().isVisible()
    assert box.currentText() == "Екатеринбург (UTC+5)"
    assert box.value() == "Asia/Yekaterinburg"
    press(Key.Key_Tab)  # on to the next field
    assert QApplication.focusWidget() is editor.input("court")
    record = save(qtbot, editor)
    stored = session.get("hearing", record["id"])
    assert stored["case_id"] == case["id"] and stored["timezone"] == "Asia/Yekaterinburg"


def test_down_goes_to_the_first_suggestion_and_says_where_it_was_found(
        qtbot, session: Session, russian: None) -> None:
    editor = hearing_editor(qtbot, session)
    box = zone_box(editor)
    type_zone(qtbot, box, "ново")  # Новосибирск, Новокузнецк, then Moscow for Иваново
    suggestions = box.completer().popup()
    shown = [suggestions.model().index(row, 0) for row in range(3)]
    assert [i.data() for i in shown] == [
        "Новосибирск (UTC+7)", "Новокузнецк (UTC+7)", "Москва (UTC+3)"]
    assert [i.data(PLACE_ROLE) for i in shown] == [None, None, "Иваново"]
    press(Key.Key_Down)  # the first, though its name starts with what was typed
    press(Key.Key_Return)
    assert box.value() == "Asia/Novosibirsk"
    assert box.currentText() == "Новосибирск (UTC+7)"  # the place note is not in the box


def test_down_then_tab_chooses_and_moves_on(qtbot, session: Session, english: None) -> None:
    session.add("case", {"title": "Case of Petrov"})
    editor = hearing_editor(qtbot, session)
    choose_case(qtbot, editor, "Petrov")
    box = zone_box(editor)
    type_zone(qtbot, box, "chelyab")
    assert box.itemText(0) == "Yekaterinburg (UTC+5)"
    press(Key.Key_Down)
    press(Key.Key_Tab)
    assert box.currentText() == "Yekaterinburg (UTC+5)"
    assert box.value() == "Asia/Yekaterinburg"
    assert QApplication.focusWidget() is editor.input("court")


def test_a_whole_name_is_taken_when_the_field_is_left(qtbot, session: Session,
                                                      russian: None) -> None:
    editor = hearing_editor(qtbot, session)
    box = zone_box(editor)
    type_zone(qtbot, box, "Красноярск")
    press(Key.Key_Escape)  # the suggestions close, the text stays
    press(Key.Key_Tab)
    assert box.currentText() == "Красноярск (UTC+7)"
    assert box.value() == "Asia/Krasnoyarsk"


def test_text_naming_no_single_zone_is_refused_on_save(qtbot, session: Session,
                                                       english: None) -> None:
    session.add("case", {"title": "Case of Petrov"})
    editor = hearing_editor(qtbot, session)
    choose_case(qtbot, editor, "Petrov")
    box = zone_box(editor)
    type_zone(qtbot, box, "Novo")  # Novosibirsk, Novokuznetsk, ...
    press(Key.Key_Escape)
    press(Key.Key_S, CTRL)
    error = editor.findChild(QWidget, "error_timezone")
    assert error is not None and error.isVisible()
    assert "choose one of the suggestions" in error.text()


def test_a_stored_zone_is_shown_by_its_city(qtbot, session: Session, russian: None) -> None:
    case = session.add("case", {"title": "Дело"})
    hearing = session.add("hearing", {"case_id": case["id"], "timezone": "Asia/Omsk"})
    editor = hearing_editor(qtbot, session)
    editor.load(hearing)
    box = zone_box(editor)
    assert box.currentText() == "Омск (UTC+6)" and box.value() == "Asia/Omsk"
    assert not editor.is_dirty


def test_the_courts_zone_is_offered_from_its_earlier_hearings(
        qtbot, session: Session, english: None) -> None:
    court = "Sovetsky District Court of Chelyabinsk"
    old = session.add("case", {"title": "An older case"})
    session.add("hearing", {"case_id": old["id"], "court": court,
                            "timezone": "Asia/Yekaterinburg"})
    session.add("case", {"title": "Case of Petrov"})
    editor = hearing_editor(qtbot, session)
    choose_case(qtbot, editor, "Petrov")
    box = zone_box(editor)
    assert box.value() is None
    court_field = editor.input("court")
    QTest.mouseClick(court_field, Qt.MouseButton.LeftButton)
    QTest.keyClicks(court_field, court)
    press(Key.Key_Tab)
    assert box.currentText() == "Yekaterinburg (UTC+5)"
    record = save(qtbot, editor)
    assert session.get("hearing", record["id"])["timezone"] == "Asia/Yekaterinburg"


def test_a_defendants_facility_gives_the_zone_when_the_case_is_chosen(
        qtbot, session: Session, russian: None) -> None:
    facility = session.add("facility", {"name": "СИЗО-1 Красноярск",
                                        "timezone": "Asia/Krasnoyarsk"})
    person = session.add("person", {"full_name": "Петров Иван", "facility_id": facility["id"]})
    session.add("case", {"title": "Дело Петрова", "person_ids": [person["id"]]})
    editor = hearing_editor(qtbot, session)
    choose_case(qtbot, editor, "Петров")
    box = zone_box(editor)
    assert box.currentText() == "Красноярск (UTC+7)"
    assert box.value() == "Asia/Krasnoyarsk"
    # A zone the person chose stays when the court is typed afterwards.
    type_zone(qtbot, box, "Омск")
    press(Key.Key_Down)
    press(Key.Key_Return)
    court_field = editor.input("court")
    QTest.mouseClick(court_field, Qt.MouseButton.LeftButton)
    type_text(court_field, "Центральный районный суд")
    press(Key.Key_Tab)
    assert box.value() == "Asia/Omsk"
    record = save(qtbot, editor)
    assert session.get("hearing", record["id"])["timezone"] == "Asia/Omsk"


def test_the_case_hearings_give_the_zone_before_a_facility(
        qtbot, session: Session, english: None) -> None:
    facility = session.add("facility", {"name": "SIZO-1", "timezone": "Asia/Krasnoyarsk"})
    person = session.add("person", {"full_name": "Petrov", "facility_id": facility["id"]})
    case = session.add("case", {"title": "Case of Petrov", "person_ids": [person["id"]]})
    session.add("hearing", {"case_id": case["id"], "timezone": "Asia/Irkutsk"})
    editor = hearing_editor(qtbot, session)
    choose_case(qtbot, editor, "Petrov")
    assert zone_box(editor).value() == "Asia/Irkutsk"
