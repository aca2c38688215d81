"""Journey: with the window in English, a volunteer prints a parcel's form 107 and hand-over
application; both come out in Russian, the preview's language choice gives English, and the
window stays in English. The items grid keeps each item's declared value."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from casefile.i18n import language
from casefile.ui.items_table import VALUE, ItemsTable
from casefile.ui.mainwindow import MainWindow
from casefile.ui.pages import RecordPage
from tests.ui.conftest import open_demo
from tests.ui.test_journey_letter import choose_in_menu

FORM107 = "Form 107 (inventory for the post)"
HANDOVER = "Hand-over application (заявление)"
MANIFEST = "Manifest (опись)"


def text_of(data: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def choose_parcel(page: RecordPage, kind: str) -> None:
    for row in range(page.view.model().rowCount()):
        page.view.selectRow(row)
        record = page.editor.record
        if record is not None and record.get("kind") == kind and record.get("items"):
            return
    raise AssertionError(f"no {kind} in the demo")


def print_from_menu(qtbot, page: RecordPage, label: str) -> str:
    assert page.print_button is not None
    choose_in_menu(qtbot, page.print_button, page.print_actions[label])
    qtbot.waitUntil(lambda: getattr(page, "preview_dialog", None) is not None
                    and page.preview_dialog.isVisible())
    preview = page.preview_dialog
    qtbot.waitUntil(lambda: preview.document.pageCount() >= 1)
    return text_of(preview._data)


def test_papers_for_the_facility_print_in_russian_from_an_english_window(
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    open_demo(qtbot, window, tmp_path)
    assert language() == "en"
    window.show_section("parcel")
    page = window.page_of["parcel"]
    assert isinstance(page, RecordPage)

    choose_parcel(page, "parcel")
    text = print_from_menu(qtbot, page, MANIFEST)
    assert "Итого" in text and "Manifest of contents" not in text
    page.preview_dialog.close()

    text = print_from_menu(qtbot, page, FORM107)
    assert "ОПИСЬ ВЛОЖЕНИЯ" in text and "Объявленная" in text
    preview = page.preview_dialog
    box = preview.language_box
    assert box.isVisible() and preview.document_language() == "ru"
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Down)  # Русский → English, from the keyboard
    qtbot.waitUntil(lambda: "INVENTORY OF CONTENTS" in text_of(preview._data))
    assert language() == "en" and page.print_button.text() == "Print…"
    preview.close()

    choose_parcel(page, "handover")
    text = print_from_menu(qtbot, page, HANDOVER)
    assert "ЗАЯВЛЕНИЕ" in text and "Начальнику" in text and "для передачи" in text
    assert "не принимает" not in text and "⚠" not in text
    page.preview_dialog.close()
    assert language() == "en"


def test_the_items_grid_keeps_a_declared_value(qtbot) -> None:
    grid = ItemsTable()
    qtbot.addWidget(grid)
    grid.set_value([{"name": "Чай", "quantity": 2, "unit_weight_g": 250, "value_rub": "150.00"},
                    {"name": "Мыло", "quantity": 1, "unit_weight_g": 200}])
    assert grid.value() == [
        {"name": "Чай", "quantity": 2, "unit_weight_g": 250, "value_rub": "150.00"},
        {"name": "Мыло", "quantity": 1, "unit_weight_g": 200}]
    grid.table.item(1, VALUE).setText("99,50")
    assert grid.value()[1]["value_rub"] == "99.50"
