"""First steps (issue 15): an empty vault says what to do next, F1 opens the help page in the
window's language, the toolbar's buttons have icons and names, and the lists' columns are as
wide as what they show.

Only real key presses and mouse clicks reach the widgets; what is checked is what the screen
then shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QToolButton, QWidget

from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.ui.columns import share
from casefile.ui.emptystate import EmptyList
from casefile.ui.helpview import HelpDialog
from casefile.ui.mainwindow import MainWindow
from casefile.ui.recordpage import RecordPage
from casefile.ui.sections import SECTIONS
from tests.ui.conftest import open_demo, type_text, unlock

Key = Qt.Key
LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier
PASS = "first steps passphrase"
LAPTOP = QRect(0, 0, 1366, 768)


def click(widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    QTest.mouseClick(widget, LEFT, Qt.KeyboardModifier.NoModifier, widget.rect().center())


def click_section(win: MainWindow, section: str) -> QWidget:
    """Click the section's line in the sidebar."""
    item = win.sidebar.item(SECTIONS.index(section))
    QTest.mouseClick(win.sidebar.viewport(), LEFT, Qt.KeyboardModifier.NoModifier,
                     win.sidebar.visualItemRect(item).center())
    page = win.page_of[section]
    assert win.pages.currentWidget() is page
    return page


def shown_text(widget: QWidget) -> str:
    """Every label the widget shows, one per line."""
    return "\n".join(label.text() for label in widget.findChildren(QLabel)
                     if label.isVisibleTo(widget))


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


@pytest.fixture
def empty_vault(qtbot, window: MainWindow, tmp_path: Path) -> Iterator[MainWindow]:
    """A new, empty vault, unlocked by typing its passphrase."""
    Session.create(tmp_path / "empty.casefile", PASS, 0.05).close()
    unlock(qtbot, window, tmp_path / "empty.casefile", PASS)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield window


@pytest.fixture
def laptop(monkeypatch: pytest.MonkeyPatch, window: MainWindow) -> MainWindow:
    """The window filling a 1366×768 laptop's screen."""
    from casefile.ui import screenfit

    monkeypatch.setattr(screenfit, "available_area", lambda _widget: LAPTOP)
    window.move(0, 0)
    window.resize(LAPTOP.size())
    return window


# -- an empty vault --------------------------------------------------------------------------

def test_an_empty_letters_section_says_what_to_do_and_its_button_starts_a_letter(
        qtbot, lang: str, empty_vault: MainWindow) -> None:
    win = empty_vault
    letters = click_section(win, "letter")
    assert isinstance(letters, RecordPage)
    empty = letters.empty_state
    assert isinstance(empty, EmptyList)
    qtbot.waitUntil(lambda: not letters.view.isVisible())
    text = shown_text(empty)
    assert _("No letters yet.") in text
    assert _("Press {0} to write the first one, or import them from a spreadsheet.").format(
        "Ctrl+N") in text
    if lang == "ru":
        assert "Писем пока нет." in text and "Нажмите Ctrl+N" in text
    buttons = [b.text().replace("&", "") for b in empty.buttons]
    assert buttons == [_("&Write a letter").replace("&", ""), _("Import from spreadsheet…")]
    # Its button: the blank form of a new letter, the cursor in its first field.
    click(empty.new_button)
    assert letters.editor.record is None
    assert letters.editor.heading.text() == _("{0} (new)").format(_("Letter"))
    assert letters.editor.isAncestorOf(focused())
    assert focused() is letters.first_field() or focused().isAncestorOf(letters.first_field())
    # A filter that finds nothing shows the (empty) list, not the message; cleared, it is back.
    click(letters.filter)
    QTest.keyClicks(letters.filter, "zz")
    assert letters.view.isVisible() and not empty.widget(1).isVisible()
    letters.filter.selectAll()
    QTest.keyClick(letters.filter, Key.Key_Delete)
    assert not letters.view.isVisible() and empty.widget(1).isVisible()


def test_the_first_task_saved_replaces_the_message_with_the_list(qtbot,
                                                                 empty_vault: MainWindow) -> None:
    win = empty_vault
    tasks = click_section(win, "task")
    assert isinstance(tasks, RecordPage)
    assert not tasks.view.isVisible()
    click(tasks.empty_state.new_button)
    title = "Передать адвокату доверенность"
    type_text(focused(), title)
    QTest.keyClick(focused(), Key.Key_S, CTRL)
    qtbot.waitUntil(tasks.view.isVisible)
    assert tasks.model.total == 1
    # The column, sized to its header while the list was empty, now shows all of the title.
    column = [f.name for f in tasks.model.columns].index("title")
    width = tasks.view.fontMetrics().horizontalAdvance(title)
    assert tasks.view.columnWidth(column) >= width


def test_the_empty_vault_dashboard_says_how_to_start(qtbot, empty_vault: MainWindow) -> None:
    win = empty_vault
    dashboard = win.page_of["dashboard"]
    welcome = dashboard.welcome  # type: ignore[attr-defined]
    assert welcome.isVisible() and not dashboard.week.isVisible()  # type: ignore[attr-defined]
    assert _("This vault is empty") in shown_text(welcome)
    names = [b.text().replace("&", "") for b in welcome.buttons]
    assert names == ["Add a person", "Import from spreadsheet…", "Open the demo vault", "Help"]
    # "Add a person": the People section with a new person's form, typed into at once.
    click(welcome.buttons[0])
    people = win.page_of["person"]
    assert isinstance(people, RecordPage)
    assert win.pages.currentWidget() is people
    assert people.editor.isAncestorOf(focused())
    type_text(focused(), "Сорокин Олег Викторович")
    QTest.keyClick(focused(), Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: people.model.total == 1)
    # Back on the dashboard, the week is shown instead.
    click_section(win, "dashboard")
    qtbot.waitUntil(lambda: not welcome.isVisible())
    assert dashboard.week.isVisible()  # type: ignore[attr-defined]


def test_open_the_demo_vault_from_an_empty_vault(qtbot, empty_vault: MainWindow) -> None:
    win = empty_vault
    welcome = win.page_of["dashboard"].welcome  # type: ignore[attr-defined]
    with qtbot.waitSignal(win.start.unlocked, timeout=30_000):
        click(welcome.buttons[2])
    assert win.windowTitle() == "casefile — demo.casefile"
    assert win.session is not None and win.session.count("person") > 0
    dashboard = win.page_of["dashboard"]
    assert not dashboard.welcome.isVisible()  # type: ignore[attr-defined]
    assert dashboard.week.isVisible()  # type: ignore[attr-defined]


# -- help ----------------------------------------------------------------------------------

def test_f1_shows_the_help_in_russian(qtbot, russian, window: MainWindow,
                                      tmp_path: Path) -> None:
    open_demo(qtbot, window, tmp_path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Key.Key_F1)
    dialog = window.menus.help_dialog
    assert isinstance(dialog, HelpDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.windowTitle() == "Справка"
    text = dialog.text()
    for words in ("С чего начать", "Синхронизация в три шага", "При обыске",
                  "клавишу тревоги, Ctrl+Shift+Backspace", "фразу под принуждением",
                  "Подробнее"):
        assert words in text, words
    keys = dialog.shortcuts()
    assert keys["Новая запись"] == "Ctrl+N"
    assert keys["Заблокировать"] == "Ctrl+L"
    assert keys["Люди"] == "Alt+2"
    assert "Новая запись\tCtrl+N" in text or "Новая запись\nCtrl+N" in text
    assert "Sync in three steps" not in text
    dialog.close()


def test_the_toolbar_help_button_shows_the_help_in_english(qtbot, window: MainWindow) -> None:
    button = window.toolbar.widgetForAction(window.toolbar.help_action)
    assert isinstance(button, QToolButton)
    click(button)
    dialog = window.menus.help_dialog
    assert isinstance(dialog, HelpDialog)
    qtbot.waitUntil(dialog.isVisible)
    text = dialog.text()
    assert "Sync in three steps" in text and "At a search" in text
    assert dialog.shortcuts()["Help and keyboard shortcuts"] == "F1"
    dialog.close()


def test_the_toolbar_buttons_have_icons_and_names(qtbot, lang: str, window: MainWindow,
                                                  tmp_path: Path) -> None:
    open_demo(qtbot, window, tmp_path)
    buttons = window.toolbar.buttons()
    assert window.exchange.button in buttons
    names = [b.text() for b in buttons]
    expected = [_("Lock"), _("Vault security…"), _("Settings…"), _("Import and export"),
                _("Help")]
    assert [n.rstrip("…") for n in names] == [e.rstrip("…") for e in expected]
    for b in buttons:
        assert b.isVisible(), b.text()
        assert not b.icon().isNull(), b.text()
        assert not b.icon().pixmap(20, 20).isNull(), b.text()
        assert b.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon, b.text()
    if lang == "ru":
        assert names[0] == "Заблокировать"


# -- columns and fields --------------------------------------------------------------------

def test_the_hearings_case_column_shows_all_of_its_text(qtbot, lang: str, laptop: MainWindow,
                                                         tmp_path: Path) -> None:
    win = laptop
    open_demo(qtbot, win, tmp_path)
    hearings = click_section(win, "hearing")
    assert isinstance(hearings, RecordPage)
    view = hearings.view
    qtbot.wait(10)  # the columns settle with the scroll bars
    names = [f.name for f in hearings.model.columns]
    metrics = view.fontMetrics()
    shown = range(view.rowAt(0), view.rowAt(view.viewport().height() - 1) + 1)
    assert len(shown) > 5
    for name in ("starts_at", "case_id"):
        column = names.index(name)
        widest = max(metrics.horizontalAdvance(str(hearings.model.index(row, column).data()))
                     for row in shown)
        assert view.columnWidth(column) >= widest, name
    # Every column is on the screen: nothing to scroll sideways to.
    total = sum(view.columnWidth(c) for c in range(len(names)))
    assert total <= view.viewport().width()


def test_share_keeps_the_first_columns_whole() -> None:
    # Everything fits: each column as wide as it needs.
    assert share([100, 200, 50], [50, 50, 50], 400) == [100, 200, 50]
    # Too narrow: the later, long column gives way first, down to its floor.
    assert share([100, 200, 300], [60, 60, 60], 400) == [100, 200, 100]
    assert share([100, 200, 300, 80], [60, 60, 60, 60], 400) == [100, 180, 60, 60]
    # A column needing less than the floor keeps what it needs.
    assert share([100, 200, 300, 20], [60, 60, 60, 20], 400) == [100, 200, 80, 20]
    # Not even the floors fit: the floors, and the list scrolls.
    assert share([100, 100], [80, 80], 100) == [80, 80]


def test_a_facility_name_shows_its_start(qtbot, window: MainWindow, tmp_path: Path) -> None:
    open_demo(qtbot, window, tmp_path)
    facilities = click_section(window, "facility")
    assert isinstance(facilities, RecordPage)
    view = facilities.view
    for row in (0, 1):  # the second record too: the field had the first one's text before
        QTest.mouseClick(view.viewport(), LEFT, Qt.KeyboardModifier.NoModifier,
                         view.visualRect(facilities.model.index(row, 0)).center())
        name = facilities.editor.input("name")
        assert isinstance(name, QLineEdit)
        assert name.text() == facilities.model.index(row, 0).data()
        assert name.cursorPosition() == 0  # scrolled to its start, not its end
