"""The case timeline in the window: its marks are the case's records, a click opens one."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

from casefile.domain.timeline import LANE_BY_KEY
from casefile.i18n import format_moment
from casefile.services.demo.data import demo_id
from casefile.ui.mainwindow import MainWindow
from casefile.ui.recordpage import RecordPage
from casefile.ui.timeline import TimelineView
from tests.ui.conftest import open_demo

UFA = demo_id("case:ufa")
LAPTOP = QRect(0, 0, 1366, 768)


@pytest.fixture(autouse=True)
def laptop(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 1366×768 laptop's screen (the offscreen one is 800 px wide; the window would stand
    at its minimum width, and the marks drawn depend on the width there is)."""
    from casefile.ui import screenfit

    monkeypatch.setattr(screenfit, "available_area", lambda _widget: LAPTOP)


def near(a: QColor, b: QColor) -> bool:
    """The same colour up to antialiasing where two marks' rims meet."""
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()),
               abs(a.blue() - b.blue())) <= 24


def open_timeline(qtbot, window: MainWindow, tmp_path: Path) -> tuple[RecordPage, TimelineView]:
    window.resize(LAPTOP.size())
    open_demo(qtbot, window, tmp_path)
    window.open_record("case", UFA)
    page = window.page_of["case"]
    assert isinstance(page, RecordPage) and page.tabs and page.timeline
    page.tabs.setCurrentWidget(page.timeline)
    qtbot.waitUntil(page.timeline.canvas.isVisible)
    return page, page.timeline


def case_records(window: MainWindow) -> set[tuple[str, str]]:
    """The case's dated records, read through the session, not through the timeline."""
    session = window.session
    assert session is not None
    case = session.get("case", UFA)
    out = {("event", e["id"]) for e in session.list("event", {"case_id": UFA})}
    out |= {("hearing", h["id"]) for h in session.list("hearing", {"case_id": UFA})}
    for person_id in case["person_ids"]:
        out |= {("letter", x["id"]) for x in session.list("letter", {"person_id": person_id})
                if x.get("sent_on") or x.get("received_on")}
        out |= {("parcel", x["id"]) for x in session.list("parcel", {"person_id": person_id})
                if x.get("planned_on")}
    out.add(("case", UFA))  # the day the measure runs out
    return out


def test_the_marks_drawn_are_the_records_of_the_case(qtbot, window: MainWindow,
                                                     tmp_path: Path) -> None:
    _page, view = open_timeline(qtbot, window, tmp_path)
    canvas = view.canvas
    assert {(m.record_type, m.id) for m in canvas.marks} == case_records(window)
    assert len(canvas.centres) == len(canvas.marks)
    # Every mark is on the canvas; those standing alone show their lane's colour.
    image = canvas.grab().toImage()
    assert all(0 <= c.x() < canvas.width() for c in canvas.centres)
    alone = [i for i, c in enumerate(canvas.centres)
             if all((c - o).manhattanLength() > 14 for j, o in enumerate(canvas.centres)
                    if j != i)]
    # (The Ufa case's letters crowd their lane: none of them stands alone at this zoom.)
    assert {canvas.marks[i].lane for i in alone} >= {"event", "deadline", "hearing", "parcel"}
    for i in alone:
        mark, centre = canvas.marks[i], canvas.centres[i]
        fill = "#ffffff" if (mark.lane, mark.kind) == ("letter", "in") else \
            LANE_BY_KEY[mark.lane].colour
        if i == canvas.selected:
            continue
        assert near(QColor(image.pixel(centre.toPoint())), QColor(fill)), mark
    # The axis is in months, in the window's language.
    assert canvas.first.day == 1 and canvas.first.isoformat() <= min(m.on for m in canvas.marks)


def test_clicking_a_mark_opens_its_record(qtbot, window: MainWindow, tmp_path: Path) -> None:
    _page, view = open_timeline(qtbot, window, tmp_path)
    canvas = view.canvas
    for record_type in ("hearing", "letter", "event"):
        # A mark nobody else covers, so the click can only mean it.
        # (At the whole pixel the click lands on: centres are fractional.)
        index = next(i for i, m in enumerate(canvas.marks) if m.record_type == record_type
                     and canvas.mark_at(QPointF(canvas.mark_centre(i).toPoint())) == i)
        mark = canvas.marks[index]
        QTest.mouseClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         canvas.mark_centre(index).toPoint())
        target = window.page_of[record_type]
        assert isinstance(target, RecordPage)
        assert window.pages.currentWidget() is target
        assert target.editor.record is not None and target.editor.record["id"] == mark.id
        window.show_section("case")
    # A click between marks opens nothing.
    window.show_section("case")
    QTest.mouseClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(canvas.width() - 2, canvas.height() - 2))  # on the axis
    assert window.pages.currentWidget() is window.page_of["case"]


def test_the_keyboard_chooses_and_opens_marks(qtbot, window: MainWindow,
                                              tmp_path: Path) -> None:
    _page, view = open_timeline(qtbot, window, tmp_path)
    canvas = view.canvas
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_Home)
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.selected == 1
    assert view.detail.text().endswith(canvas.marks[1].label)
    QTest.keyClick(canvas, Qt.Key.Key_End)
    last = canvas.marks[-1]
    QTest.keyClick(canvas, Qt.Key.Key_Return)
    opened = window.page_of[last.record_type]
    assert isinstance(opened, RecordPage) and opened.editor.record is not None
    assert opened.editor.record["id"] == last.id


def test_zoom_widens_the_axis(qtbot, window: MainWindow, tmp_path: Path) -> None:
    _page, view = open_timeline(qtbot, window, tmp_path)
    width = view.canvas.width()
    view.zoom_in.click()
    qtbot.waitUntil(lambda: view.canvas.width() >= 2 * width - 2)
    spread = view.canvas.mark_centre(len(view.canvas.marks) - 1).x() - \
        view.canvas.mark_centre(0).x()
    assert spread > width  # the marks moved apart with the axis
    view.zoom_out.click()
    assert view.zoom == 1.0 and not view.zoom_out.isEnabled()


def test_keys_zoom_and_an_empty_case_draws_no_marks(qtbot, window: MainWindow,
                                                    tmp_path: Path) -> None:
    page, view = open_timeline(qtbot, window, tmp_path)
    view.canvas.setFocus()
    QTest.keyClick(view.canvas, Qt.Key.Key_Plus)
    assert view.zoom == 2.0
    QTest.keyClick(view.canvas, Qt.Key.Key_Minus)
    assert view.zoom == 1.0
    session = window.session
    assert session is not None
    empty = session.add("case", {"title": "Новое дело"})
    page.model.refresh()
    window.open_record("case", empty["id"])
    assert view.canvas.marks == [] and view.canvas.centres == []
    view.canvas.grab()  # paints the empty lanes and their note without marks


def test_hovering_a_mark_tells_its_date_and_label(qtbot, window: MainWindow,
                                                  tmp_path: Path) -> None:
    _page, view = open_timeline(qtbot, window, tmp_path)
    canvas = view.canvas
    index = next(i for i, m in enumerate(canvas.marks) if m.record_type == "hearing"
                 and canvas.mark_at(canvas.mark_centre(i)) == i)
    pos = canvas.mark_centre(index).toPoint()
    QApplication.sendEvent(canvas, QHelpEvent(QEvent.Type.ToolTip, pos, canvas.mapToGlobal(pos)))
    mark = canvas.marks[index]
    assert QToolTip.text() == f"{format_moment(mark.moment)} — {mark.label}"
