"""The window, its forms and its dialogs fit a 1024×700 screen, in Russian."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QTabWidget, QWidget

from casefile.services.demo.data import demo_id
from casefile.services.documents import printing
from casefile.ui.sections import SECTIONS
from tests.ui.conftest import open_demo

SCREEN = QRect(0, 0, 1024, 700)
MOST = QSize(1000, 680)  # the window inside a 1024×700 screen, with room for its frame


@pytest.fixture
def small_screen(monkeypatch: pytest.MonkeyPatch) -> QRect:
    from casefile.ui import screenfit

    monkeypatch.setattr(screenfit, "available_area", lambda widget: SCREEN)
    return SCREEN


def outside(top: QWidget) -> list[str]:
    """The visible widgets of ``top`` that reach past its edges."""
    inside = top.rect()
    found = []
    for child in top.findChildren(QWidget):
        if not child.isVisibleTo(top) or child.isWindow():
            continue
        rect = QRect(child.mapTo(top, QPoint(0, 0)), child.size())
        if not inside.contains(rect):
            found.append(f"{type(child).__name__} {child.objectName()} {rect}")
    return found


def test_main_window_and_forms_fit(qtbot, russian, small_screen, window,
                                   tmp_path: Path) -> None:
    qtbot.wait(20)
    assert SCREEN.contains(window.frameGeometry()), window.frameGeometry()
    open_demo(qtbot, window, tmp_path)
    window.resize(SCREEN.size())
    qtbot.wait(20)
    assert window.width() <= SCREEN.width() and window.height() <= SCREEN.height()
    # Every section's name is shown whole ("Посылки и передачи", "Учреждения").
    sidebar = window.sidebar
    assert sidebar.viewport().width() >= sidebar.sizeHintForColumn(0)
    for row in range(sidebar.count()):
        sidebar.setCurrentRow(row)
        qtbot.wait(5)
        page = window.pages.currentWidget()
        editor = getattr(page, "editor", None)
        if editor is not None:
            if page.tabs is not None:  # a person's form is a tab behind the overview
                page.tabs.setCurrentWidget(editor)
                qtbot.wait(5)
            area = editor.form_area
            # No horizontal scroll bar: the form is no wider than its area.
            assert area.widget().width() <= area.viewport().width(), page.objectName()
            assert area.widget().minimumSizeHint().width() <= area.viewport().width()
        assert window.pages.geometry().right() < window.width()
        # No page, hidden tabs included (a case's timeline, the Sync page's QR code), makes
        # the window need more height than the screen has: it would grow past its bottom.
        assert window.minimumSizeHint().height() <= SCREEN.height(), page.objectName()
        if page.objectName() == "page_case" and page.view.model().rowCount():
            page.view.setCurrentIndex(page.view.model().index(0, 0))  # its tabs filled
            qtbot.wait(5)
            assert window.minimumSizeHint().height() <= SCREEN.height()


def test_dialogs_fit(qtbot, russian, small_screen, window, tmp_path: Path) -> None:
    from casefile.ui.history import HistoryDialog
    from casefile.ui.menus import HelpDialog
    from casefile.ui.printpreview import PrintPreview
    from casefile.ui.settings import SettingsDialog

    session = open_demo(qtbot, window, tmp_path)
    person = session.list("person", limit=1)[0]
    parcel = session.list("parcel", limit=1)[0]
    data = printing.print_manifest(session, parcel["id"])
    dialogs: list[QDialog] = [
        PrintPreview("опись", data, "opis.pdf", window),
        HistoryDialog(session, "person", person["id"], person["full_name"], window),
        SettingsDialog(window.settings, window),
        HelpDialog(window.menus.menus.values(), window),
    ]
    for dialog in dialogs:
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.wait(5)
        frame = dialog.frameGeometry()
        assert SCREEN.contains(frame), (dialog.objectName(), frame)
        assert outside(dialog) == [], dialog.objectName()
        dialog.close()


@pytest.fixture
def app_font(qapp) -> Iterator[None]:
    """The font the application itself sets offscreen (``app.run``: DejaVu Sans 10), not the
    test platform's smaller default, under which a too wide window passed."""
    from casefile.ui.fonts import register_fonts

    before = qapp.font()
    register_fonts(qapp, make_default=True)
    yield
    qapp.setFont(before)


def click_tabs(qtbot, tabs: QTabWidget) -> Iterator[int]:
    """Each tab of ``tabs`` clicked in turn, as a person would."""
    bar = tabs.tabBar()
    for index in range(tabs.count()):
        QTest.mouseClick(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         bar.tabRect(index).center())
        qtbot.wait(5)
        assert tabs.currentIndex() == index
        yield index


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_page_fits_a_1024_screen(qtbot, request, language: str, app_font: None,
                                       small_screen, window, tmp_path: Path) -> None:
    """Every section, with a record open and without, each tab of a record page: the window
    never needs more than 1000×680 (a 1024×700 screen less the window's frame)."""
    if language == "ru":
        request.getfixturevalue("russian")
    open_demo(qtbot, window, tmp_path)
    window.resize(SCREEN.size())
    too_big: list[str] = []

    def check(where: str) -> None:
        qtbot.wait(5)
        need = window.minimumSizeHint()
        if need.width() > MOST.width() or need.height() > MOST.height():
            too_big.append(f"{where}: {need.toTuple()}")

    sidebar = window.sidebar
    for row, section in enumerate(SECTIONS):
        QTest.mouseClick(sidebar.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier,
                         sidebar.visualItemRect(sidebar.item(row)).center())
        page = window.pages.currentWidget()
        assert page is window.page_of[section]
        check(section)
        view = getattr(page, "view", None)
        if view is None or not view.model().rowCount():
            continue
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, view.visualRect(
                             view.model().index(0, 0)).center())
        qtbot.waitUntil(lambda page=page: page.editor.record is not None)
        check(f"{section}, a record open")
        if page.tabs is not None:
            for index in click_tabs(qtbot, page.tabs):
                check(f"{section}, tab {page.tabs.tabText(index)}")
    # The longest names open: the Ufa case, a facility's full official name.
    window.open_record("case", demo_id("case:ufa"))
    check("the Ufa case")
    assert too_big == [], "\n".join(too_big)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_start_page_and_locked_screen_are_narrow(qtbot, request, language: str,
                                                 app_font: None, small_screen, window,
                                                 tmp_path: Path) -> None:
    """The start page's four ways in stand two by two in a column, so in Russian ("Открыть
    демонстрационное хранилище") it needs no more than 800 px; the locked screen neither."""
    if language == "ru":
        request.getfixturevalue("russian")
    start = window.start
    qtbot.waitExposed(window)
    assert start.minimumSizeHint().width() <= 800, start.minimumSizeHint()
    create, demo, other, restore = (start.create_button, start.demo_button,
                                    start.open_button, start.restore_button)
    assert create.y() == demo.y() < other.y() == restore.y()
    assert create.x() == other.x() < demo.x() == restore.x()
    assert outside(window) == []
    open_demo(qtbot, window, tmp_path)
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: start.isVisible() and start.locked)
    assert not create.isVisible() and start.another.isVisible()
    assert start.minimumSizeHint().width() <= 800, start.minimumSizeHint()
    assert window.minimumSizeHint().height() <= MOST.height()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_sync_page_uses_its_width(qtbot, request, language: str, app_font: None,
                                  small_screen, window, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """This vault's card (QR code, fingerprint, Copy identity) stands beside the contacts,
    Import bundle… beside the heading: the page needs at most 560 px of height, with the
    result of an import shown too."""
    from PySide6.QtWidgets import QFileDialog

    if language == "ru":
        request.getfixturevalue("russian")
    open_demo(qtbot, window, tmp_path)
    window.resize(SCREEN.size())
    sidebar = window.sidebar
    QTest.mouseClick(sidebar.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier,
                     sidebar.visualItemRect(sidebar.item(SECTIONS.index("sync"))).center())
    page = window.page_of["sync"]
    qtbot.waitUntil(page.isVisible)
    assert page.minimumSizeHint().height() <= 560, page.minimumSizeHint()
    assert not page.result.isVisible()  # nothing to say yet: no empty line
    card = page.identity_box.geometry()
    assert card.left() > page.tabs.geometry().right()  # beside the tabs, not above them
    assert page.import_button.geometry().bottom() < page.tabs.geometry().top()
    assert page.qr.width() >= 160
    junk = tmp_path / "junk.cfb"
    junk.write_bytes(b"this is not a bundle" * 40)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_a: (str(junk), "")))
    QTest.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.result.isVisible)
    assert page.result.property("error") is True
    assert page.minimumSizeHint().height() <= 560, page.minimumSizeHint()
    assert window.minimumSizeHint().height() <= MOST.height()
    assert outside(page) == []
