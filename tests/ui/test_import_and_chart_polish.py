"""Small things a volunteer noticed (issue 15): the spreadsheet preview's headers are whole and
its counts read as a sentence; the empty section's import starts with that section's records;
the dashboard says there are no letters instead of drawing meaningless axes.

Real clicks and key presses only; what is checked is what the screen then shows.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableView, QWizard

from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.ui.dashboard import DashboardPage
from casefile.ui.mainwindow import MainWindow
from casefile.ui.tablewizard import TableWizard
from tests.tablefiles import IN_VAULT, PEOPLE, write_csv
from tests.ui.conftest import unlock
from tests.ui.test_first_steps import click, click_section

LEFT = Qt.MouseButton.LeftButton
PASS = "small things passphrase"
SCREEN = QRect(0, 0, 1024, 700)


@pytest.fixture
def empty_vault(qtbot, lang: str, window: MainWindow, tmp_path: Path) -> MainWindow:
    Session.create(tmp_path / "empty.casefile", PASS, 0.05).close()
    unlock(qtbot, window, tmp_path / "empty.casefile", PASS)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def choose_from_menu(qtbot, win: MainWindow, key: str, entry: str) -> None:
    """Click a menu's title in the menu bar, then its entry (by object name)."""
    bar = win.menuBar()
    menu = win.menus.menus[key]
    QTest.mouseClick(bar, LEFT, Qt.KeyboardModifier.NoModifier,
                     bar.actionGeometry(menu.menuAction()).center())
    qtbot.waitUntil(menu.isVisible)
    action = next(a for a in menu.actions() if a.objectName() == entry)
    QTest.mouseClick(menu, LEFT, Qt.KeyboardModifier.NoModifier,
                     menu.actionGeometry(action).center())


def next_page(qtbot, wizard: TableWizard) -> None:
    before = wizard.currentPage()
    click(wizard.button(QWizard.WizardButton.NextButton))
    qtbot.waitUntil(lambda: wizard.currentPage() is not before)


def headers_whole(view: QTableView) -> list[str]:
    """The headers shown narrower than their text needs, or past the table's right edge."""
    header = view.horizontalHeader()
    model = view.model()
    cut = []
    for column in range(model.columnCount()):
        text = model.headerData(column, Qt.Orientation.Horizontal)
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        if header.sectionSize(column) < header.sectionSizeHint(column) or \
                right > view.viewport().width():
            cut.append(text)
    return cut


def test_the_preview_of_duplicates_shows_whole_headers_and_a_sentence(
        qtbot, lang: str, app_font: None, monkeypatch: pytest.MonkeyPatch,
        window: MainWindow, tmp_path: Path) -> None:
    from casefile.ui import screenfit

    monkeypatch.setattr(screenfit, "available_area", lambda _widget: SCREEN)
    unlock(qtbot, window, tmp_path / "w.casefile", PASS, create=True)
    assert window.session is not None
    window.session.add("person", IN_VAULT)  # row 6 of the file repeats this person
    # A Latin name: QTest types Latin-1 characters only.
    path = write_csv(tmp_path / "people.csv", PEOPLE, encoding="cp1251", delimiter=";")
    choose_from_menu(qtbot, window, "records", "import_table")
    wizard = window.table_wizard
    qtbot.waitExposed(wizard)
    click(wizard.file_page.path)
    QTest.keyClicks(wizard.file_page.path, str(path))
    next_page(qtbot, wizard)
    next_page(qtbot, wizard)
    page = wizard.preview_page
    assert wizard.currentPage() is page
    summary = page.summary.text()
    assert summary == _("rows: {0}; new: {1}; with problems: {2}; duplicates: {3}").format(
        5, 2, 1, 2).capitalize()
    assert summary.startswith("Строк: 5;" if lang == "ru" else "Rows: 5;")
    qtbot.wait(10)  # the fitter looks again once the scroll bars settle
    assert page.duplicates.isVisible()
    assert headers_whole(page.rows) == []
    assert headers_whole(page.duplicates) == []
    assert not page.rows.horizontalScrollBar().isVisible()
    # The choice stays whole too: its combo box is as wide as it asks to be.
    combo = page.actions[6]
    assert combo.width() >= combo.sizeHint().width()
    # Filtering to the rows with problems keeps the columns (and the headers) as they were.
    widths = [page.rows.columnWidth(c) for c in range(page.model.columnCount())]
    QTest.mouseClick(page.only_problems, LEFT, Qt.KeyboardModifier.NoModifier,
                     QPoint(8, page.only_problems.height() // 2))  # its box
    assert [r.number for r in page.model.rows] == [3]
    assert [page.rows.columnWidth(c) for c in range(page.model.columnCount())] == widths
    next_page(qtbot, wizard)
    assert wizard.choice_page.counts.text() == summary
    wizard.reject()


def test_import_from_an_empty_section_chooses_its_records(qtbot, empty_vault: MainWindow,
                                                          lang: str) -> None:
    letters = click_section(empty_vault, "letter")
    import_button = letters.empty_state.buttons[1]
    assert import_button.objectName() == "empty_import"
    click(import_button)
    wizard = empty_vault.table_wizard
    qtbot.waitExposed(wizard)
    kind = wizard.file_page.kind
    assert kind.currentData() == "letter"
    assert kind.currentText() == ("Письма" if lang == "ru" else "Letters")
    wizard.reject()
    # The toolbar's menu entry, from anywhere, still starts with the first type.
    click_section(empty_vault, "contact")
    choose_from_menu(qtbot, empty_vault, "records", "import_table")
    wizard = empty_vault.table_wizard
    qtbot.waitExposed(wizard)
    assert wizard.file_page.kind.currentIndex() == 0
    wizard.reject()


def test_the_letters_chart_says_there_are_none(qtbot, lang: str, window: MainWindow,
                                               tmp_path: Path) -> None:
    folder = tmp_path / "w.casefile"
    session = Session.create(folder, PASS, 0.05)
    person = session.add("person", {"full_name": "Иванова Мария"})  # not empty: no welcome
    session.close()
    unlock(qtbot, window, folder, PASS)
    board = click_section(window, "dashboard")
    assert isinstance(board, DashboardPage)
    chart = board.letters_chart
    assert chart.isVisible()
    none = ("За последние 12 месяцев писем не отправлено." if lang == "ru"
            else "No letters sent in the last 12 months.")
    assert chart.accessibleDescription() == none == chart.empty_text
    assert chart.bar_rects() == [] and not chart.has_bars()
    image = chart.grab().toImage()  # no bars, no legend: nothing in the letters' colours
    colours = {image.pixelColor(x, y).name() for x in range(image.width())
               for y in range(image.height())}
    assert not colours & {"#1565c0", "#2e7d32"}
    # A letter sent: the bars are back, and the line is gone.
    window.lock()
    session = Session.open(folder, PASS)
    session.add("letter", {"person_id": person["id"], "direction": "out", "status": "sent",
                           "sent_on": date.today().isoformat()})
    session.close()
    unlock(qtbot, window, folder, PASS)
    chart = window.page_of["dashboard"].letters_chart
    assert chart.isVisible() and chart.has_bars() and chart.bar_rects()
    assert none not in chart.accessibleDescription()
    image = chart.grab().toImage()
    assert "#1565c0" in {image.pixelColor(x, y).name() for x in range(image.width())
                         for y in range(image.height())}
