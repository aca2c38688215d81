"""Journey: with the window in English, a volunteer prints a parcel's form 107 and hand-over
application; both come out in Russian, the preview's language choice gives English, and the
window stays in English. The items grid keeps each item's declared value."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QComboBox

from casefile.i18n import document_language, format_amount, language
from casefile.ui.items_table import NAME, VALUE, ItemsTable
from casefile.ui.mainwindow import MainWindow
from casefile.ui.models import IdRole
from casefile.ui.recordpage import RecordPage
from tests.printing.pdfcheck import has
from tests.ui.conftest import open_demo, type_text
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


def test_a_declared_value_typed_into_the_items_grid_reaches_form_107(
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    from tests.ui.test_journey_keyboard import click, click_row, focused, press, section, start
    from tests.ui.test_journey_keyboard import typing as type_keys

    start(qtbot, window, tmp_path)
    window.resize(1024, 700)
    parcels = section(window, "parcel")
    for row in range(parcels.view.model().rowCount()):  # a parcel sent by post
        click_row(parcels.view, row)
        if (parcels.editor.record or {}).get("kind") == "small_parcel":
            break
    parcel = parcels.editor.record
    assert parcel is not None and parcel["kind"] == "small_parcel"
    grid = parcels.editor.input("items")
    assert isinstance(grid, ItemsTable)
    table = grid.table
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    # every column shows in the narrow editor, the value one too, without scrolling sideways
    for column in range(table.columnCount()):
        right = table.columnViewportPosition(column) + table.columnWidth(column)
        assert table.columnViewportPosition(column) >= 0
        assert right <= table.viewport().width(), (column, right, table.viewport().width())
        assert table.columnWidth(column) >= table.horizontalHeader().sectionSizeHint(column) \
            or column == NAME

    click(grid.add_button)
    type_keys("Чай чёрный")
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(focused(), "2")
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(focused(), "250")
    press(Qt.Key.Key_Tab)  # past the row's total, which is not typed, to the value
    assert table.currentColumn() == VALUE
    QTest.keyClicks(focused(), "99,50")
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert grid.value()[-1] == {"name": "Чай чёрный", "quantity": 2, "unit_weight_g": 250,
                                "value_rub": "99.50"}
    press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not parcels.editor.is_dirty)

    stored = window.session.get("parcel", parcel["id"])["items"]
    assert stored[-1]["name"] == "Чай чёрный"
    assert Decimal(stored[-1]["value_rub"]) == Decimal("99.50")
    total = sum(Decimal(i["value_rub"]) * i["quantity"] for i in stored if i.get("value_rub"))
    text = print_from_menu(qtbot, parcels, FORM107)
    with document_language("ru"):
        shown = format_amount(total)
    assert has(text, "Чай чёрный") and "199,00" in text
    assert has(text, f"объявленной ценности: {shown} руб.")
    parcels.preview_dialog.close()


def click_record(page: RecordPage, record_id: str) -> None:
    """Click the record's row in the list; a person opens on its overview, so then click
    the editor's tab."""
    from tests.ui.test_journey_keyboard import click, click_row

    model = page.view.model()
    row = next(r for r in range(model.rowCount())
               if model.index(r, 0).data(IdRole) == record_id)
    click_row(page.view, row)
    assert page.editor.record is not None and page.editor.record["id"] == record_id
    if page.tabs is not None and not page.editor.isVisible():
        bar = page.tabs.tabBar()
        click(bar, bar.tabRect(page.tabs.indexOf(page.editor)).center())
    assert page.editor.isVisible()


def test_the_gender_chosen_in_the_person_editor_declines_the_name_on_the_application(
        qtbot, russian: None, window: MainWindow, tmp_path: Path) -> None:
    from casefile.i18n import _
    from tests.ui.test_journey_keyboard import click, press, section, start

    start(qtbot, window, tmp_path)
    session = window.session
    parcel = next(p for p in session.list("parcel")
                  if p["kind"] == "handover" and p["status"] == "refused")
    people = section(window, "person")
    click_record(people, parcel["person_id"])
    name = people.editor.input("full_name")
    click(name)
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(name, "Шевчук Саша")  # a man by the name alone
    gender = people.editor.input("gender")
    assert isinstance(gender, QComboBox)
    label = people.editor.form.labelForField(gender.parentWidget())
    assert label is not None and label.text() == "Склонять имя как"
    assert [gender.itemText(i) for i in range(gender.count())] == [
        "определить по имени", "мужской род", "женский род"]
    assert gender.currentIndex() == 0
    gender.setFocus()
    press(Qt.Key.Key_End)  # женский род, from the keyboard
    assert gender.currentText() == "женский род"
    press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not people.editor.is_dirty)
    assert session.get("person", parcel["person_id"])["gender"] == "female"

    parcels = section(window, "parcel")
    click_record(parcels, parcel["id"])
    text = print_from_menu(qtbot, parcels, _(HANDOVER))
    assert has(text, "для передачи Шевчук Саше")
    parcels.preview_dialog.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    # back to the guess: declined as a man's name again
    people = section(window, "person")
    click_record(people, parcel["person_id"])
    gender = people.editor.input("gender")
    gender.setFocus()
    press(Qt.Key.Key_Home)
    assert gender.currentText() == "определить по имени"
    press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not people.editor.is_dirty)
    assert session.get("person", parcel["person_id"]).get("gender") is None
    parcels = section(window, "parcel")
    click_record(parcels, parcel["id"])
    text = print_from_menu(qtbot, parcels, _(HANDOVER))
    assert has(text, "для передачи Шевчуку Саше")
    parcels.preview_dialog.close()
