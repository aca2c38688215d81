"""The window with the keyboard alone, as a volunteer would use it (issue 13, items 7, 8, 11).

Only real key and mouse events reach the widgets; what is checked is what the screen shows
and what the vault keeps.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMessageBox, QTableView, QWidget

from casefile.domain.describe import record_title
from casefile.ui.items_table import NAME, QUANTITY, UNIT_WEIGHT, VALUE
from casefile.ui.listitems import item_target
from casefile.ui.mainwindow import MainWindow
from casefile.ui.models import IdRole
from casefile.ui.recordpage import RecordPage
from tests.ui.conftest import open_demo, type_text

Key = Qt.Key


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed wherever the focus is."""
    QTest.keyClick(focused(), key, modifier)


def typing(text: str) -> None:
    """Type text (Cyrillic too) wherever the focus is, key by key, as it moves."""
    for ch in text:
        type_text(focused(), ch)


def click(widget: QWidget, at: QPoint | None = None) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     at if at is not None else widget.rect().center())


def click_row(view: QTableView, row: int) -> None:
    """Click a row of a list where a person would: on its first cell."""
    index = view.model().index(row, 0)
    view.scrollTo(index)
    click(view.viewport(), view.visualRect(index).center())


def inside(widget: QWidget, container: QWidget) -> bool:
    return widget is container or container.isAncestorOf(widget)


def start(qtbot, window: MainWindow, tmp_path: Path) -> None:
    open_demo(qtbot, window, tmp_path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def section(window: MainWindow, name: str) -> RecordPage:
    """Click a section in the sidebar."""
    rows = [window.sidebar.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(window.sidebar.count())]
    click(window.sidebar.viewport(),
          window.sidebar.visualItemRect(window.sidebar.item(rows.index(name))).center())
    page = window.page_of[name]
    assert isinstance(page, RecordPage)
    assert window.pages.currentWidget() is page
    return page


# -- item 7: Tab from "New", Tab through a list, items typed in ------------------------------


def test_tab_from_new_goes_into_the_blank_form(qtbot, window: MainWindow,
                                               tmp_path: Path) -> None:
    start(qtbot, window, tmp_path)
    for name in ("letter", "person", "case"):
        page = section(window, name)
        click_row(page.view, 0)  # something was open before
        assert page.editor.record is not None
        click(page.new_button)
        assert page.editor.record is None
        press(Key.Key_Tab)
        field = focused()
        assert inside(field, page.editor), (name, field)
        first = page.first_field()
        assert first is not None and inside(field, first), (name, field)
        assert page.editor.record is None  # still the blank form


def test_tab_through_the_list_keeps_the_form(qtbot, window: MainWindow,
                                             tmp_path: Path) -> None:
    start(qtbot, window, tmp_path)
    letters = section(window, "letter")
    click(letters.new_button)
    press(Key.Key_Tab)
    subject = letters.editor.input("subject")
    click(subject)
    type_text(subject, "Письмо без адресата")
    assert letters.editor.is_dirty
    # From the filter, Tab goes into the list: the half-written form stays, no question.
    click(letters.filter)
    press(Key.Key_Tab)
    assert focused() is letters.view
    assert letters.editor.record is None
    assert letters.editor.value_of("subject") == "Письмо без адресата"
    assert letters.view.selectionModel().selectedRows() == []
    # Tab again leaves the list, instead of walking its cells and opening rows.
    press(Key.Key_Tab)
    assert focused() is not letters.view
    assert letters.editor.record is None
    assert letters.editor.value_of("subject") == "Письмо без адресата"
    # A blank form is not swapped for the first row either.
    letters.editor.load(None)
    click(letters.filter)
    press(Key.Key_Tab)
    assert focused() is letters.view
    assert letters.editor.record is None
    # Arrows in the list choose a row, which opens it.
    press(Key.Key_Down)
    assert letters.editor.record is not None
    assert letters.editor.record["id"] == letters.view.selectionModel(
        ).selectedRows()[0].data(IdRole)


def test_parcel_items_typed_in_are_appended(qtbot, window: MainWindow,
                                            tmp_path: Path) -> None:
    start(qtbot, window, tmp_path)
    parcels = section(window, "parcel")
    click_row(parcels.view, 0)
    parcel = parcels.editor.record
    assert parcel is not None and parcel["items"]
    before = [dict(i) for i in parcel["items"]]
    items = parcels.editor.input("items")
    table = items.table

    # Add item, then name, Tab, quantity, Tab, weight, Tab, declared value (left empty),
    # Tab: out of the grid, to Add item.
    click(items.add_button)
    assert table.currentRow() == len(before) and table.currentColumn() == NAME
    typing("Чай чёрный")
    press(Key.Key_Tab)
    assert table.currentRow() == len(before) and table.currentColumn() == QUANTITY
    press(Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(focused(), "2")
    press(Key.Key_Tab)
    assert table.currentColumn() == UNIT_WEIGHT
    press(Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(focused(), "100")
    press(Key.Key_Tab)
    assert table.currentColumn() == VALUE
    press(Key.Key_Tab)
    assert focused() is items.add_button
    # The next item the same way, from the keyboard alone.
    press(Key.Key_Space)
    typing("Сахар")
    press(Key.Key_Tab)
    press(Key.Key_Tab)
    press(Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(focused(), "900")
    press(Key.Key_Tab)
    press(Key.Key_Tab)
    assert focused() is items.add_button
    # Back into the grid with Shift+Tab: no cell is chosen, so typing starts a new item.
    press(Key.Key_Backtab)
    assert focused() is table
    typing("Мыло")
    press(Key.Key_Return)  # Qt commits this on its next turn of the event loop
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert table.rowCount() == len(before) + 3
    assert items.value()[:len(before)] == before  # nothing overwritten

    press(Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    stored = window.session.get("parcel", parcel["id"])["items"]
    assert stored[:len(before)] == before
    assert stored[len(before):] == [
        {"name": "Чай чёрный", "quantity": 2, "unit_weight_g": 100},
        {"name": "Сахар", "quantity": 1, "unit_weight_g": 900},
        {"name": "Мыло", "quantity": 1, "unit_weight_g": 0}]


# -- item 8: Delete only what the list shows, and No is the default ----------------------------


def answer_box(qtbot, seen: dict, act: Callable[[QMessageBox], None]) -> None:
    """When the question comes up, note what it says and answer it as a person would."""

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, look)
            return
        seen["text"] = box.text()
        seen["default"] = box.defaultButton()
        seen["no"] = box.button(QMessageBox.StandardButton.No)
        act(box)

    QTimer.singleShot(0, look)


def test_delete_touches_nothing_the_filter_hides(qtbot, window: MainWindow,
                                                 tmp_path: Path) -> None:
    start(qtbot, window, tmp_path)
    letters = section(window, "letter")
    total = letters.model.total
    click_row(letters.view, 0)
    letter = letters.editor.record
    assert letter is not None
    assert letters.delete_button.isEnabled()

    # A filter that shows nothing: Delete (button or key) must not reach the hidden letter.
    click(letters.filter)
    QTest.keyClicks(letters.filter, "zzqxnothing")
    assert letters.model.rowCount() == 0
    assert not letters.delete_button.isEnabled()
    click(letters.delete_button)
    press(Key.Key_Tab)  # into the (empty) list
    press(Key.Key_Delete)
    assert QApplication.activeModalWidget() is None
    assert window.session.get("letter", letter["id"])["id"] == letter["id"]

    # Shown again: Delete asks, naming the letter, with No as the default; Enter keeps it.
    click(letters.filter)
    press(Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(Key.Key_Backspace)
    assert letters.model.total == total
    assert letters.delete_button.isEnabled()
    seen: dict = {}
    answer_box(qtbot, seen, lambda box: QTest.keyClick(box, Key.Key_Return))
    click(letters.delete_button)
    assert record_title(letter) in seen["text"]
    assert seen["default"] is seen["no"]
    assert window.session.count("letter") == total

    # Answered Yes (with the mouse): gone from the vault and the list.
    seen = {}
    answer_box(qtbot, seen, lambda box: click(box.button(QMessageBox.StandardButton.Yes)))
    click(letters.delete_button)
    assert record_title(letter) in seen["text"]
    assert window.session.count("letter") == total - 1
    assert letters.model.total == total - 1
    assert letters.editor.record is None


# -- item 11: search results chosen with the keyboard ------------------------------------------


def test_search_results_by_keyboard(qtbot, window: MainWindow, tmp_path: Path) -> None:
    start(qtbot, window, tmp_path)
    QTest.keyClick(window, Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert focused() is window.search_field
    type_text(window.search_field, "Кагарлицкий")
    hits = [item_target(window.results.item(r)) for r in range(window.results.count())]
    hits = [h for h in hits if h]
    assert len(hits) >= 4
    assert item_target(window.results.currentItem()) == hits[0]  # what Enter would open

    press(Key.Key_Down)
    press(Key.Key_Down)
    press(Key.Key_Down)
    press(Key.Key_Up)
    assert focused() is window.search_field  # typing can go on
    assert item_target(window.results.currentItem()) == hits[2]
    press(Key.Key_Return)
    kind, record_id = hits[2]
    page = window.page_of[kind]
    assert isinstance(page, RecordPage)
    assert window.pages.currentWidget() is page
    assert not window.results.isVisible()
    assert page.editor.record["id"] == record_id
    # ...and chosen in its list, so the list and the form agree.
    selected = page.view.selectionModel().selectedRows()
    assert [i.data(IdRole) for i in selected] == [record_id]
    assert page.view.viewport().rect().intersects(page.view.visualRect(selected[0]))
