"""Journeys: the real window driven by key presses and mouse clicks only, in both languages,
at 1024×700, checking that everything a person clicks or types into is on the screen. They
run offscreen in the normal suite, and in real windows on a 1024×700 X server with
``python3 dev.py xvfb``.

The window fixtures come from ``tests/ui/conftest.py``; what is added here is ``Person``,
who clicks and types and notes, for each widget used, whether it lay inside its window and
the window inside the screen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QPushButton, QWidget

from casefile.ui.mainwindow import MainWindow
from casefile.ui.sections import SECTIONS
from tests.ui.conftest import (  # noqa: F401 - fixtures used by the journeys
    _no_modal_dialogs,
    app_font,
    lang,
    russian,
    settings,
    type_text,
    window,
)

SCREEN = QRect(0, 0, 1024, 700)
# At least what a window manager's borders and title bar take.
FRAME = QSize(24, 20)
LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every journey is marked ``xvfb``: ``python3 dev.py test -m xvfb`` runs them (only) in
    real windows under Xvfb; the normal suite runs them offscreen."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.xvfb)


def real_screen() -> bool:
    """Whether the journeys run on a real X screen (``python3 dev.py xvfb``), not offscreen."""
    return QGuiApplication.platformName() == "xcb"


@pytest.fixture
def small_screen(monkeypatch: pytest.MonkeyPatch) -> QRect:
    """Dialogs and the print preview size themselves for a 1024×700 screen: offscreen, one
    they are told of; under Xvfb (``python3 dev.py xvfb``), the X server's own."""
    if real_screen():
        screen = QGuiApplication.primaryScreen()
        assert screen is not None
        assert screen.availableGeometry().size() == SCREEN.size(), (
            "run the journeys on a 1024×700 X screen: python3 dev.py xvfb")
        return screen.availableGeometry()
    from casefile.ui import screenfit

    monkeypatch.setattr(screenfit, "available_area", lambda _widget: SCREEN)
    return SCREEN


SHOTS = Path(__file__).resolve().parents[2] / "build" / "journeys"


@pytest.fixture
def small_window(qtbot, request: pytest.FixtureRequest,
                 lang: str,  # noqa: F811 - the fixtures
                 small_screen: QRect,
                 app_font: None,  # noqa: F811
                 window: MainWindow) -> Iterator[MainWindow]:  # noqa: F811
    """The window at 1024×700, in the top left corner of the screen."""
    window.move(0, 0)
    window.resize(SCREEN.size())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield window
    if real_screen():  # the whole X screen as the journey left it, frames and all
        screen = QGuiApplication.primaryScreen()
        SHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        screen.grabWindow(0).save(str(SHOTS / f"{name}.png"))


class Person:
    """Clicks and types as a person does, and checks each widget used is on the screen."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.off_screen: list[str] = []

    # -- where things are ------------------------------------------------------------------

    def check_on_screen(self, widget: QWidget, rect: QRect | None = None) -> None:
        top = widget.window()
        area = rect if rect is not None else widget.rect()
        shown = QRect(widget.mapToGlobal(area.topLeft()), area.size())
        frame = top.geometry()
        if not frame.contains(shown):
            self.off_screen.append(
                f"{type(widget).__name__} {widget.objectName()!r} {shown} outside its window "
                f"{type(top).__name__} {frame}")
        # Its size, not its place: the offscreen platform puts a fake frame of its own around
        # the window, which moves it by a few pixels. Nor only the size it has: what it needs
        # (a window shown smaller than its minimum, or not yet grown to it, is cut on a real
        # screen), with room for the frame a window manager adds.
        need = top.minimumSizeHint().expandedTo(top.minimumSize())
        too_big = (frame.width() > SCREEN.width() or frame.height() > SCREEN.height()
                   or need.width() > SCREEN.width() - FRAME.width()
                   or need.height() > SCREEN.height() - FRAME.height())
        if too_big and top.isVisible():
            self.off_screen.append(
                f"window {type(top).__name__} {frame} beyond the 1024×700 "
                f"screen (minimum {top.minimumSizeHint().toTuple()}), when "
                f"{type(widget).__name__} {widget.objectName()!r} was used")

    def assert_all_on_screen(self) -> None:
        assert self.off_screen == [], "\n".join(self.off_screen)

    # -- the hands ---------------------------------------------------------------------------

    def click(self, widget: QWidget, at: QPoint | None = None) -> None:
        assert widget.isVisible() and widget.isEnabled(), widget
        point = at if at is not None else widget.rect().center()
        self.check_on_screen(widget, QRect(point, point))
        QTest.mouseClick(widget, LEFT, NO_MOD, point)

    def type(self, widget: QWidget, text: str) -> None:
        """Type into the widget that has the focus (Cyrillic too)."""
        self.check_on_screen(widget)
        if text.isascii():
            QTest.keyClicks(widget, text)
        else:
            type_text(widget, text)

    def type_here(self, text: str) -> None:
        """Type wherever the focus is, key by key, as it moves."""
        for ch in text:
            self.type(self.focused(), ch)

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MOD) -> None:
        """A key pressed where the keyboard goes: an open popup (suggestions, a menu), else
        the focus, else the active window."""
        popup = QApplication.activePopupWidget()
        widget = ((popup.focusWidget() or popup) if popup is not None
                  else QApplication.focusWidget() or QApplication.activeWindow())
        assert widget is not None
        self.check_on_screen(widget)
        QTest.keyClick(widget, key, modifier)

    def focused(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None
        return widget

    def click_section(self, win: MainWindow, section: str) -> QWidget:
        item = win.sidebar.item(SECTIONS.index(section))
        win.sidebar.scrollToItem(item)
        self.click(win.sidebar.viewport(), win.sidebar.visualItemRect(item).center())
        page = win.page_of[section]
        assert win.pages.currentWidget() is page
        return page

    def click_row(self, view, row: int, column: int = 0) -> None:
        index = view.model().index(row, column)
        view.scrollTo(index)
        self.click(view.viewport(), view.visualRect(index).center())

    def choose_in_menu(self, button: QPushButton, action: QAction) -> None:
        """Click the button, then its menu's entry ``action``."""
        menu = button.menu()
        assert isinstance(menu, QMenu) and action in menu.actions()
        clicked: list[bool] = []

        def click_entry() -> None:
            if not menu.isVisible():
                QTimer.singleShot(20, click_entry)
                return
            where = menu.actionGeometry(action)
            self.check_on_screen(menu, where)
            QTest.mouseClick(menu, LEFT, NO_MOD, where.center())
            clicked.append(True)

        QTimer.singleShot(20, click_entry)
        self.click(button)  # the menu runs its own loop until the entry is clicked
        self.qtbot.waitUntil(lambda: bool(clicked))


@pytest.fixture
def person(qtbot) -> Iterator[Person]:
    someone = Person(qtbot)
    yield someone


def demo_vault(tmp_path: Path) -> Path:
    from casefile.services.demo.vault import create_demo

    folder = tmp_path / "demo.casefile"
    create_demo(folder, "demo", kdf_seconds=0.05).close()
    return folder
