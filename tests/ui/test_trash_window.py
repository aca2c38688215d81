"""Edit → Trash… (issue 15): a record deleted with the Delete key comes back from the trash.

Only real key and mouse events reach the widgets; what is checked is what the screen shows.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from casefile.domain.describe import record_title
from casefile.ui.mainwindow import MainWindow
from casefile.ui.trash import TITLE, TrashDialog
from tests.ui.conftest import type_text
from tests.ui.test_journey_keyboard import (
    answer_box,
    click,
    click_row,
    inside,
    press,
    section,
    start,
)
from tests.ui.test_menus import click_menu

Key = Qt.Key


def shown_titles(page) -> list[str]:
    """Every cell the list on screen shows."""
    model = page.view.model()
    return [str(model.index(row, column).data()) for row in range(model.rowCount())
            for column in range(model.columnCount())]


def test_a_record_deleted_with_the_delete_key_comes_back_from_the_trash(
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    start(qtbot, window, tmp_path)
    tasks = section(window, "task")
    click_row(tasks.view, 0)
    task = tasks.editor.record
    assert task is not None
    title = record_title(task)
    assert title in shown_titles(tasks)

    # Deleted as a person does: the Delete key in the list, Yes clicked in the question.
    assert inside(QApplication.focusWidget(), tasks.view)
    seen: dict = {}
    answer_box(qtbot, seen, lambda box: click(box.button(QMessageBox.StandardButton.Yes)))
    press(Key.Key_Delete)
    assert "30 days" in seen["text"] and "trash" in seen["text"]
    qtbot.waitUntil(lambda: not tasks.model.contains(task["id"]))
    assert title not in shown_titles(tasks)
    assert "Edit → Trash…" in window.statusBar().currentMessage()

    # Edit → Trash… with the mouse; the task is listed; click it, then Restore.
    click_menu(qtbot, window, "Edit", "Trash…")
    dialog = window.findChild(TrashDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.restore_button.isEnabled()  # nothing chosen yet
    table = dialog.table
    rows = [table.item(r, TITLE).text() for r in range(table.rowCount())]
    assert title in rows
    cell = table.item(rows.index(title), TITLE)
    click(table.viewport(), table.visualItemRect(cell).center())
    assert dialog.restore_button.isEnabled()
    click(dialog.restore_button)
    assert title not in [table.item(r, TITLE).text() for r in range(table.rowCount())]
    assert window.statusBar().currentMessage() == f"Restored: {title}"
    close = next(b for b in dialog.findChildren(type(dialog.restore_button))
                 if b.text().replace("&", "") == "Close")
    click(close)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    # Back in its list on screen, with its values, and found by search.
    assert title in shown_titles(tasks)
    assert window.session.get("task", task["id"])["title"] == task["title"]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    type_text(window.search_field, task["title"])
    qtbot.waitUntil(lambda: window.results.count() > 0)
    hits = [window.results.item(r).text() for r in range(window.results.count())]
    assert any(task["title"] in hit for hit in hits)


def test_the_trash_names_what_cannot_come_back_and_deletes_for_good(
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    start(qtbot, window, tmp_path)
    session = window.session  # what is in the trash is set up here; the rest is clicked
    assert session is not None
    person = session.add("person", {"full_name": "Орлов Олег"})
    letter = session.add("letter", {"person_id": person["id"], "subject": "О свидании"})
    session.delete("letter", letter["id"])
    session.delete("person", person["id"])
    click_menu(qtbot, window, "Edit", "Trash…")
    dialog = window.findChild(TrashDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    table = dialog.table

    def row_of(text: str) -> int:
        return [table.item(r, TITLE).text() for r in range(table.rowCount())].index(text)

    click(table.viewport(), table.visualItemRect(table.item(row_of("Орлов Олег"), TITLE)).center())
    seen: dict = {}
    answer_box(qtbot, seen, lambda box: click(box.button(QMessageBox.StandardButton.Yes)))
    click(dialog.forget_button)
    assert "Орлов Олег" in seen["text"]
    click(table.viewport(), table.visualItemRect(table.item(row_of("О свидании"), TITLE)).center())
    click(dialog.restore_button)
    assert person["id"] in dialog.error.text() and "cannot be restored" in dialog.error.text()
    assert window.session.vault.records.type_of(letter["id"]) is None
    dialog.close()
