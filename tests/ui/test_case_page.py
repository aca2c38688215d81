"""A case's page for a lawyer, driven by clicks and keys: its Overview (hearings on the court's
clock with the zone named as the zone picker names it, the measure deadline, people, files),
links that open what they name, the reminders of the dashboard and the tray (N days, set in
Settings by typing), and the export of one case's or one lawyer's hearings to a calendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QTextBrowser,
    QWidget,
)

from casefile.domain.zones import zone_label
from casefile.i18n import _, format_date
from casefile.services.records.session import Session
from casefile.ui.caseview import CaseView
from casefile.ui.dashboard import DashboardPage
from casefile.ui.exports import ExportOptionsDialog
from casefile.ui.mainwindow import MainWindow
from casefile.ui.recordpage import RecordPage
from casefile.ui.sections import SECTIONS
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.ui.conftest import unlock

PASS = "window pass phrase"
LEFT = Qt.MouseButton.LeftButton
ZONE = "Asia/Yekaterinburg"
COURT = "Кировский районный суд г. Екатеринбурга"
TITLE = "Дело Галимова"


@pytest.fixture
def opened(qtbot, window: MainWindow, tmp_path: Path) -> tuple[MainWindow, dict[str, dict]]:
    """A case with a hearing in two days at 10:00 in Yekaterinburg, a past one, a measure
    running out in 20 days, a defendant, a lawyer and a file; another lawyer's case."""
    folder = tmp_path / "v.casefile"
    soon = date.today() + timedelta(days=2)
    with Session.create(folder, PASS, MIN_KDF_SECONDS) as s:
        person = s.add("person", {"full_name": "Галимов Ринат Фаритович"})
        lawyer = s.add("contact", {"full_name": "Петрова Анна", "role": "lawyer"})
        other_lawyer = s.add("contact", {"full_name": "Сидоров Олег", "role": "lawyer"})
        case = s.add("case", {
            "title": TITLE, "person_ids": [person["id"]], "lawyer_ids": [lawyer["id"]],
            "court": COURT, "measure": "detention",
            "measure_until": (date.today() + timedelta(days=20)).isoformat()})
        other = s.add("case", {"title": "Дело Орлова", "lawyer_ids": [other_lawyer["id"]]})
        hearing = s.add("hearing", {"case_id": case["id"], "starts_at": f"{soon}T10:00",
                                    "timezone": ZONE, "court": COURT, "kind": "trial"})
        s.add("hearing", {"case_id": case["id"], "starts_at": "2026-01-15T10:00",
                          "timezone": ZONE, "court": COURT, "outcome": "Отложено"})
        s.add("hearing", {"case_id": other["id"], "starts_at": f"{soon}T12:00+03:00"})
        s.attach_bytes(case["id"], "обвинительное заключение.pdf", b"%PDF-1.4\n")
    unlock(qtbot, window, folder, PASS)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window, {"case": case, "hearing": hearing, "person": person, "lawyer": lawyer}


def click(widget: QWidget, at: QPoint | None = None) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget
    QTest.mouseClick(widget, LEFT, Qt.KeyboardModifier.NoModifier,
                     at if at is not None else widget.rect().center())


def click_section(win: MainWindow, section: str) -> QWidget:
    item = win.sidebar.item(SECTIONS.index(section))
    click(win.sidebar.viewport(), win.sidebar.visualItemRect(item).center())
    assert win.pages.currentWidget() is win.page_of[section]
    return win.page_of[section]


def open_case(win: MainWindow, title: str) -> tuple[RecordPage, CaseView]:
    """Cases in the sidebar, then the case's row: its page opens on the Overview."""
    page = click_section(win, "case")
    assert isinstance(page, RecordPage)
    row = next(r for r in range(page.model.rowCount())
               if page.model.index(r, 0).data() == title)
    click(page.view.viewport(), page.view.visualRect(page.model.index(row, 0)).center())
    assert isinstance(page.overview, CaseView) and page.tabs is not None
    assert page.tabs.currentWidget() is page.overview
    return page, page.overview


def link_point(browser: QTextBrowser, href: str) -> QPoint:
    """Where the link to ``href`` is drawn in the browser's viewport."""
    block = browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(browser.document())
                cursor.setPosition(fragment.position() + 1)
                browser.ensureCursorVisible()
                return browser.cursorRect(cursor).center()
            it += 1
        block = block.next()
    raise AssertionError(f"no link to {href}")


def when_shown(find: Callable[[], QWidget | None], act: Callable[[QWidget], None]) -> list[bool]:
    """Once ``find()`` gives a shown widget (a modal dialog), ``act`` on it, as a person would."""
    done: list[bool] = []

    def look() -> None:
        widget = find()
        if widget is None or not widget.isVisible():
            QTimer.singleShot(20, look)
            return
        act(widget)
        done.append(True)

    QTimer.singleShot(0, look)
    return done


def test_the_overview_shows_the_hearing_on_the_courts_clock_and_opens_it(
        qtbot, lang: str, opened) -> None:
    win, ids = opened
    _page, view = open_case(win, TITLE)
    text = view.browser.toPlainText()
    soon = date.today() + timedelta(days=2)
    shown = f"{format_date(soon.isoformat())} 10:00, {zone_label(ZONE)}"
    assert shown in text, text
    assert ("Екатеринбург (UTC+5)" if lang == "ru" else "Yekaterinburg (UTC+5)") in text
    assert _("in {0} days").replace("{0}", "2") in text or "через 2 дня" in text
    assert "Галимов Ринат Фаритович" in text and "Петрова Анна" in text
    assert "обвинительное заключение.pdf" in text
    assert "Отложено" in text  # the past hearing's outcome
    assert text.index(shown) < text.index("Отложено")  # upcoming before past

    # Clicked, the hearing opens on the hearings page.
    href = f"cf:hearing/{ids['hearing']['id']}"
    click(view.browser.viewport(), link_point(view.browser, href))
    hearings = win.page_of["hearing"]
    assert isinstance(hearings, RecordPage)
    assert win.pages.currentWidget() is hearings
    assert hearings.editor.record["id"] == ids["hearing"]["id"]

    # Back on the case: a click on its title, then Tab to the hearing's link and Enter.
    _page, view = open_case(win, TITLE)
    click(view.browser.viewport(), QPoint(8, 8))
    assert view.browser.hasFocus()
    for _step in range(10):
        QTest.keyClick(view.browser, Qt.Key.Key_Tab)
        if view.browser.textCursor().charFormat().anchorHref() == href:
            break
    assert view.browser.textCursor().charFormat().anchorHref() == href
    QTest.keyClick(view.browser, Qt.Key.Key_Return)
    assert win.pages.currentWidget() is hearings
    assert hearings.editor.record["id"] == ids["hearing"]["id"]

    # And the defendant's name opens the person.
    _page, view = open_case(win, TITLE)
    click(view.browser.viewport(), link_point(view.browser, f"cf:person/{ids['person']['id']}"))
    assert win.pages.currentWidget() is win.page_of["person"]
    assert win.page_of["person"].editor.record["id"] == ids["person"]["id"]


def test_a_document_opens_from_the_overview(qtbot, opened) -> None:
    win, ids = opened
    _page, view = open_case(win, TITLE)
    file_id = win.session.attachments(ids["case"]["id"])[0].id
    click(view.browser.viewport(), link_point(view.browser, f"cf-file:{file_id}"))
    viewer = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, QDialog) and w.isVisible()
                  and "обвинительное" in w.windowTitle())
    viewer.close()


def coming_up(win: MainWindow) -> list[str]:
    """The lines under the dashboard's first heading ("Coming up in the next N days")."""
    board = win.page_of["dashboard"]
    assert isinstance(board, DashboardPage)
    lines = [board.list.item(r).text() for r in range(board.list.count())]
    end = next(i for i, line in enumerate(lines[1:], 1) if not line.startswith(" "))
    return [line.strip() for line in lines[1:end]]


def set_remind_days(qtbot, win: MainWindow, days: int) -> None:
    """Settings… on the toolbar, the days typed over, Enter."""
    def type_days(dialog: QWidget) -> None:
        spin = dialog.findChild(QAbstractSpinBox, "remind_days")
        click(spin)
        QTest.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(spin, str(days))
        QTest.keyClick(spin, Qt.Key.Key_Return)

    done = when_shown(QApplication.activeModalWidget, type_days)
    button = win.toolbar.widgetForAction(win.settings_action)
    click(button)
    qtbot.waitUntil(lambda: bool(done))


def test_the_dashboard_reminds_n_days_ahead(qtbot, lang: str, opened) -> None:
    win, _ids = opened
    click_section(win, "dashboard")
    soon = date.today() + timedelta(days=2)
    line = next(x for x in coming_up(win) if TITLE in x)
    assert f"{format_date(soon.isoformat())} 10:00, {zone_label(ZONE)}" in line
    assert line.startswith("через 2 дня: " if lang == "ru" else "in 2 days: ")
    assert COURT in line
    assert len(coming_up(win)) == 2  # and the other case's hearing; the deadline is later

    set_remind_days(qtbot, win, 1)
    assert win.settings.value("remind_days") in (1, "1")
    heading = win.page_of["dashboard"].list.item(0).text()
    assert heading == ("Ближайший 1 день" if lang == "ru" else "Coming up in the next 1 day")
    assert not any(TITLE in x for x in coming_up(win))

    set_remind_days(qtbot, win, 30)
    deadline = next(x for x in coming_up(win) if "20" in x.split(":")[0])
    assert TITLE in deadline


def test_the_tray_reminder_counts_and_names_no_one(qtbot, opened) -> None:
    win, _ids = opened
    shown = win.panic.reminders.shown
    assert shown == "2 hearings in the next 3 days"
    for secret in ("Галимов", "Дело", "Кировский", "Петрова"):
        assert secret not in shown
    win.lock()
    assert win.panic.reminders.session is None and not win.panic.reminders.timer.isActive()


def save_file_as(target: Path) -> list[bool]:
    """When the save dialog comes up, type the file's path and press Enter."""
    def type_path(dialog: QWidget) -> None:
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        name.setFocus()
        QTest.keyClick(name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(name, str(target))
        QTest.keyClick(name, Qt.Key.Key_Return)

    def active_file_dialog() -> QWidget | None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            return None
        if not dialog.isActiveWindow():  # as a window manager gives a new dialog the keyboard
            dialog.activateWindow()
            return None
        return dialog

    return when_shown(active_file_dialog, type_path)


def _uids(target: Path) -> set[str]:
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    return {str(e["uid"]) for e in cal.walk("VEVENT")}


def test_export_one_cases_and_one_lawyers_hearings(qtbot, lang: str, opened,
                                                   tmp_path: Path) -> None:
    win, ids = opened
    _page, view = open_case(win, TITLE)
    target = tmp_path / "case.ics"
    click(view.export_button)
    dialog = view.dialog
    assert isinstance(dialog, ExportOptionsDialog) and dialog.isVisible()
    assert dialog.scope.currentText() == _("Case: {0}").format(TITLE)
    done = save_file_as(target)
    click(dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    qtbot.waitUntil(lambda: bool(done) and target.exists())
    start = next(e for e in icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
                 if str(e["uid"]) == f"{ids['hearing']['id']}@casefile").decoded("dtstart")
    assert (start.hour, start.utcoffset()) == (10, timedelta(hours=5))
    assert len(_uids(target)) == 3  # two hearings of this case and its measure deadline
    assert str(target) in win.statusBar().currentMessage()

    # The lawyer's contact page: their cases, and the same export with them chosen.
    contacts = click_section(win, "contact")
    assert isinstance(contacts, RecordPage) and contacts.lawyer_bar is not None
    row = contacts.model.find_row(ids["lawyer"]["id"])
    click(contacts.view.viewport(), contacts.view.visualRect(contacts.model.index(row, 0))
          .center())
    bar = contacts.lawyer_bar
    assert bar.isVisible()
    assert bar.label.text() == ("Адвокат по 1 делу" if lang == "ru" else "Lawyer on 1 case")
    target = tmp_path / "lawyer.ics"
    click(bar.export_button)
    assert bar.dialog is not None
    assert bar.dialog.scope.currentText() == _("Cases of lawyer {0}").format("Петрова Анна")
    done = save_file_as(target)
    click(bar.dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    qtbot.waitUntil(lambda: bool(done) and target.exists())
    assert _uids(target) == _uids(tmp_path / "case.ics")

    # Someone who is not a lawyer on any case has no such bar.
    relative = win.session.add("contact", {"full_name": "Галимова Гульнара"})
    contacts.model.refresh()
    row = contacts.model.find_row(relative["id"])
    click(contacts.view.viewport(), contacts.view.visualRect(contacts.model.index(row, 0))
          .center())
    assert not bar.isVisible()
