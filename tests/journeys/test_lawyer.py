"""Journey 2, a lawyer: opens a case, adds its next hearing by typing the date and the time
(a click into the time field, then 11:30) and the court's zone (offered from the court's
earlier hearings, chosen again by typing a nearby city), saves with Ctrl+S, and sees it on the
court's clock in the hearings list and on the dashboard."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt

from casefile.domain.zones import zone_label, zone_name
from casefile.i18n import format_date, language
from casefile.services.views.dashboard import hearings_this_week
from casefile.ui.dashboard import DashboardPage
from casefile.ui.editor.dates import DateTimeField
from casefile.ui.editor.pickers import RecordPicker
from casefile.ui.editor.zones import TimezoneBox
from casefile.ui.mainwindow import MainWindow
from casefile.ui.recordpage import RecordPage
from casefile.ui.sections import SECTIONS
from tests.journeys.conftest import Person, demo_vault
from tests.ui.conftest import unlock

COURT = "Ленинский районный суд г. Екатеринбурга"
CTRL = Qt.KeyboardModifier.ControlModifier


def add_a_hearing(qtbot, win: MainWindow, person: Person, tmp_path: Path) -> tuple[str, dict]:
    """The journey up to the saved hearing; gives what the list shows as its moment and the
    case."""
    unlock(qtbot, win, demo_vault(tmp_path), "demo")
    session = win.session
    assert session is not None

    # The case, from the sidebar and its list.
    cases = person.click_section(win, "case")
    assert isinstance(cases, RecordPage)
    person.click_row(cases.view, 0)
    case = cases.editor.record
    assert case is not None
    if cases.tabs is not None and not cases.editor.isVisible():
        bar = cases.tabs.tabBar()
        person.click(bar, bar.tabRect(cases.tabs.indexOf(cases.editor)).center())
    assert cases.editor.input("title").text() == case["title"]

    # A new hearing: Ctrl+N on the hearings page, then Tab into the form's first field.
    hearings = person.click_section(win, "hearing")
    assert isinstance(hearings, RecordPage)
    before = session.count("hearing")
    hearing_item = win.sidebar.item(SECTIONS.index("hearing"))
    soon = hearings_this_week(session, date.today())
    person.click(hearings.filter)
    person.press(Qt.Key.Key_N, CTRL)
    assert hearings.editor.record is None
    person.click(hearings.new_button)
    person.press(Qt.Key.Key_Tab)
    picker = hearings.editor.input("case_id")
    assert isinstance(picker, RecordPicker)
    assert person.focused() in (picker, picker.lineEdit())
    person.type(person.focused(), case["title"])
    qtbot.waitUntil(lambda: picker.findText(case["title"]) >= 0)

    day = date.today() + timedelta(days=5)
    moment = hearings.editor.input("starts_at")
    assert isinstance(moment, DateTimeField)
    person.click(moment.date)
    person.type(moment.date, day.strftime("%d.%m.%Y"))
    person.press(Qt.Key.Key_Tab)
    assert moment.date.text() == format_date(day.isoformat())
    person.click(moment.time)
    person.type(moment.time, "11:30")
    assert moment.time.text() == "11:30"

    court = hearings.editor.input("court")
    person.click(court)
    person.type(court, COURT)
    zone = hearings.editor.input("timezone")
    assert isinstance(zone, TimezoneBox)
    # Offered once the court is typed (its earlier hearings' zone), and chosen again by a
    # nearby city: typed over, then Down and Enter in the suggestions.
    person.click(zone.lineEdit())
    assert zone.value() == "Asia/Yekaterinburg"
    person.press(Qt.Key.Key_A, CTRL)
    person.type(zone.lineEdit(), "Челяб" if language() == "ru" else "chelyab")
    qtbot.waitUntil(lambda: zone.completer().popup().isVisible())
    person.press(Qt.Key.Key_Down)
    person.press(Qt.Key.Key_Return)
    assert zone.currentText() == zone_label("Asia/Yekaterinburg")  # Екатеринбург (UTC+5)
    assert zone.value() == "Asia/Yekaterinburg"

    with qtbot.waitSignal(hearings.editor.saved, timeout=5000) as saved:
        person.press(Qt.Key.Key_S, CTRL)
    record = saved.args[0]
    assert session.count("hearing") == before + 1
    stored = session.get("hearing", record["id"])
    assert stored["case_id"] == case["id"] and stored["court"] == COURT
    assert stored["timezone"] == "Asia/Yekaterinburg"
    assert datetime.fromisoformat(stored["starts_at"]).isoformat() == \
        f"{day.isoformat()}T11:30:00+05:00"
    assert not hearings.editor.is_dirty and moment.time.text() == "11:30"

    # The list shows it on the court's clock, its city named, in the language's date; the
    # dashboard (below) with the zone's offset too.
    in_list = f"{format_date(day.isoformat())} 11:30, {zone_name('Asia/Yekaterinburg')}"
    shown = f"{format_date(day.isoformat())} 11:30, {zone_label('Asia/Yekaterinburg')}"
    model = hearings.view.model()
    rows = [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]
    assert [in_list, case["title"]] in [row[:2] for row in rows], rows
    # The sidebar counts it among the hearings of the next seven days.
    assert hearing_item.text() == f"{win.section_label('hearing')} ({soon + 1})"
    return shown, case


def test_a_hearing_typed_in_shows_on_the_courts_clock(
        qtbot, small_window: MainWindow, person: Person, lang: str, tmp_path: Path) -> None:
    add_a_hearing(qtbot, small_window, person, tmp_path)
    person.assert_all_on_screen()


def test_the_new_hearing_is_on_the_dashboard(
        qtbot, small_window: MainWindow, person: Person, lang: str, tmp_path: Path) -> None:
    win = small_window
    shown, case = add_a_hearing(qtbot, win, person, tmp_path)
    # The dashboard: under the next 14 days, the same moment, the case and the court.
    dashboard = person.click_section(win, "dashboard")
    assert isinstance(dashboard, DashboardPage)
    lines = [dashboard.list.item(r).text().strip() for r in range(dashboard.list.count())]
    assert f"{shown}  {case['title']}  {COURT}" in lines, "\n".join(lines)
    person.assert_all_on_screen()
