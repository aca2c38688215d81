"""A lawyer corrects a hearing in the window, by mouse and keys only (issue 13, item 5).

Clicked into and typed, the time is the one typed; the date is written out in full, the
way the language writes it, at the smallest window size; and no single click loses it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QStyle, QToolButton

from casefile.services.records.session import Session
from casefile.ui.editor.dates import DateTimeField
from casefile.ui.mainwindow import MainWindow
from casefile.ui.recordpage import RecordPage
from tests.ui.conftest import open_demo

LEFT = Qt.MouseButton.LeftButton


def open_first_hearing(qtbot, window: MainWindow, tmp_path: Path) -> tuple[Session, RecordPage]:
    """The demo vault at 1024×700, the hearings page, its first row clicked."""
    window.resize(1024, 700)
    session = open_demo(qtbot, window, tmp_path)
    window.show_section("hearing")
    page = window.page_of["hearing"]
    assert isinstance(page, RecordPage)
    row = page.view.visualRect(page.model.index(0, 0)).center()
    QTest.mouseClick(page.view.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, row)
    qtbot.waitUntil(lambda: page.editor.record is not None)
    qtbot.wait(100)  # the layouts settle, as on a screen
    return session, page


def starts_at(page: RecordPage) -> DateTimeField:
    field = page.editor.input("starts_at")
    assert isinstance(field, DateTimeField)
    return field


def save(qtbot, page: RecordPage) -> dict:
    with qtbot.waitSignal(page.editor.saved, timeout=5000) as blocker:
        QTest.mouseClick(page.editor.save_button, LEFT)
    return blocker.args[0]


def court_day(record: dict) -> datetime:
    return datetime.fromisoformat(record["starts_at"]).astimezone(ZoneInfo(record["timezone"]))


def fully_shown(line: QLineEdit) -> bool:
    """The whole text fits between the field's left edge and the first button at its end."""
    buttons = [b.geometry().left() for b in line.findChildren(QToolButton) if b.isVisible()]
    right = min(buttons, default=line.width())
    frame = line.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, line)
    margins = line.textMargins()
    room = right - frame - margins.left() - margins.right() - 4  # Qt keeps 2 px each side
    return line.fontMetrics().horizontalAdvance(line.text()) <= room


def test_a_time_typed_after_a_click_is_the_time_saved(qtbot, window: MainWindow,
                                                      tmp_path: Path, russian) -> None:
    session, page = open_first_hearing(qtbot, window, tmp_path)
    record_id = page.editor.record["id"]
    moment = starts_at(page)
    # Clicked where a person clicks: the middle of the field (past "10:00"), then typed.
    QTest.mouseClick(moment.time, LEFT)
    QTest.keyClicks(moment.time, "11:30")
    assert moment.time.text() == "11:30"
    saved = save(qtbot, page)
    assert court_day(saved).strftime("%H:%M") == "11:30"
    assert court_day(session.get("hearing", record_id)).strftime("%H:%M") == "11:30"
    assert moment.time.text() == "11:30" and not page.editor.is_dirty

    # Clicked on the hour's digits instead, and the time typed the way people write it.
    QTest.mouseClick(page.editor.heading, LEFT)  # focus elsewhere first
    QTest.mouseClick(moment.time, LEFT, Qt.KeyboardModifier.NoModifier, QPoint(4, 8))
    QTest.keyClicks(moment.time, "9.05")
    QTest.keyClick(moment.time, Qt.Key.Key_Tab)
    assert moment.time.text() == "09:05"
    save(qtbot, page)
    assert court_day(session.get("hearing", record_id)).strftime("%H:%M") == "09:05"


def test_the_hearing_date_reads_in_full_and_one_click_does_not_clear_it(
        qtbot, window: MainWindow, tmp_path: Path, russian) -> None:
    session, page = open_first_hearing(qtbot, window, tmp_path)
    record = page.editor.record
    date = starts_at(page).date
    assert date.text() == court_day(record).strftime("%d.%m.%Y")  # 27.11.2026, not ISO
    assert fully_shown(date), date.text()

    # Whatever sits inside the date besides the calendar button is clicked once: the date
    # stays (the clear button that was there wiped it).
    for button in date.findChildren(QToolButton):
        if button.isVisible() and button.defaultAction() is not date.calendar_action:
            QTest.mouseClick(button, LEFT)
    assert date.text() == court_day(record).strftime("%d.%m.%Y")
    assert not page.editor.is_dirty

    # Clearing is deliberate: click into it (it is all selected), press Delete, save.
    QTest.mouseClick(date, LEFT)
    QTest.keyClick(date, Qt.Key.Key_Delete)
    assert date.text() == "" and page.editor.is_dirty
    save(qtbot, page)
    assert session.get("hearing", record["id"])["starts_at"] is None


def test_the_date_is_typed_as_the_language_writes_it(qtbot, window: MainWindow,
                                                      tmp_path: Path) -> None:
    session, page = open_first_hearing(qtbot, window, tmp_path)
    record = page.editor.record
    date = starts_at(page).date
    day = court_day(record)
    assert date.text() == f"{day.day} {day:%b %Y}"  # English: 2 Jan 2027
    assert fully_shown(date), date.text()
    QTest.mouseClick(date, LEFT)
    QTest.keyClicks(date, "27.11.2026")
    QTest.keyClick(date, Qt.Key.Key_Tab)
    assert date.text() == "27 Nov 2026"
    save(qtbot, page)
    stored = court_day(session.get("hearing", record["id"]))
    assert (stored.date().isoformat(), stored.strftime("%H:%M")) == ("2026-11-27",
                                                                     day.strftime("%H:%M"))


def test_no_date_under_the_calendar_clears_it(qtbot, window: MainWindow, tmp_path: Path) -> None:
    _session, page = open_first_hearing(qtbot, window, tmp_path)
    date = starts_at(page).date
    button = next(b for b in date.findChildren(QToolButton)
                  if b.defaultAction() is date.calendar_action)
    QTest.mouseClick(button, LEFT)
    menu = date.calendar.parentWidget()
    qtbot.waitUntil(menu.isVisible)
    QTest.mouseClick(menu, LEFT, Qt.KeyboardModifier.NoModifier,
                     menu.actionGeometry(date.no_date_action).center())
    assert date.text() == "" and page.editor.value_of("starts_at") is None
    assert page.editor.is_dirty
