"""Journey 1, a volunteer's evening: unlock the demo vault, find a person by the Latin
spelling of her name, write her a letter from a template and save it as PDF from the print
preview, make a parcel with items by keyboard alone, read the allowance line under the
items, and print the parcel's опись — at 1024×700, in English and in Russian."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QMessageBox, QPushButton

from casefile.domain.allowance import kg
from casefile.i18n import _
from casefile.ui.editor.pickers import RecordPicker
from casefile.ui.items_table import NAME, ItemsTable
from casefile.ui.listitems import item_target
from casefile.ui.mainwindow import MainWindow
from casefile.ui.recordpage import RecordPage
from tests.journeys.conftest import SCREEN, Person, demo_vault
from tests.ui.conftest import unlock

NAME_RU = "Воронцова Алина Сергеевна"
MARKER = "Алина, держись: мы рядом"
CTRL = Qt.KeyboardModifier.ControlModifier
Key = Qt.Key


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def choose_person(qtbot, person: Person, picker: RecordPicker, typed: str) -> None:
    """Type part of the name (Latin will do), then Down and Enter in the suggestions."""
    person.type(person.focused(), typed)
    qtbot.waitUntil(lambda: picker.completer().popup().isVisible())
    person.press(Key.Key_Down)
    person.press(Key.Key_Return)
    qtbot.waitUntil(lambda: picker.value() is not None)
    assert picker.currentText() == NAME_RU


def test_a_volunteers_evening(qtbot, small_window: MainWindow, person: Person, lang: str,
                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    win = small_window
    unlock(qtbot, win, demo_vault(tmp_path), "demo")
    session = win.session
    assert session is not None

    # -- Ctrl+K, the Latin spelling, Down and Up through the hits, Enter ----------------------
    person.press(Key.Key_K, CTRL)
    assert person.focused() is win.search_field
    person.type(win.search_field, "vorontsova")
    hits = [t for t in (item_target(win.results.item(r)) for r in range(win.results.count()))
            if t]
    assert hits[0][0] == "person" and len(hits) >= 2
    person.check_on_screen(win.results)
    person.press(Key.Key_Down)
    person.press(Key.Key_Up)
    person.press(Key.Key_Return)
    people = win.page_of["person"]
    assert isinstance(people, RecordPage)
    assert win.pages.currentWidget() is people and not win.results.isVisible()
    assert people.editor.record is not None and people.editor.record["full_name"] == NAME_RU
    alina = people.editor.record
    assert [i.data() for i in people.view.selectionModel().selectedRows()] == [NAME_RU]
    # The results made the window taller than the screen and it stays so (a bug, shown by
    # test_search_results_keep_the_window_on_the_screen below): brought back to 1024×700, as
    # a person would, so that the rest of the evening is checked on the small screen.
    person.off_screen = [line for line in person.off_screen if not line.startswith("window")]
    win.resize(SCREEN.size())
    assert win.size() == SCREEN.size()

    # -- a letter from a template, saved as PDF from the preview ------------------------------
    letters = person.click_section(win, "letter")
    assert isinstance(letters, RecordPage)
    person.click(letters.new_button)
    person.press(Key.Key_Tab)
    picker = letters.editor.input("person_id")
    assert isinstance(picker, RecordPicker)
    assert person.focused() in (picker, picker.lineEdit())
    choose_person(qtbot, person, picker, "vorontsova")
    subject = letters.editor.input("subject")
    person.click(subject)
    person.type(subject, "Письмо к Новому году")

    assert letters.print_button is not None
    person.choose_in_menu(letters.print_button, letters.print_actions["template"])
    qtbot.waitUntil(lambda: getattr(letters, "letter_dialog", None) is not None
                    and letters.letter_dialog.isVisible())
    dialog = letters.letter_dialog
    letter_id = dialog.letter_id
    person.click(dialog.template)  # the list of templates opens; Down, Enter takes the first
    qtbot.waitUntil(lambda: dialog.template.view().isVisible())
    person.press(Key.Key_Down)
    person.press(Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.template.view().isVisible())
    assert "Алина" in dialog.body.toPlainText()  # filled from her record
    person.click(dialog.body)
    person.press(Key.Key_End, CTRL)
    person.type(dialog.body, "\n" + MARKER)

    person.click(dialog.findChild(QPushButton, "letter_preview"))
    preview = dialog.preview_dialog
    qtbot.waitUntil(lambda: preview.document.pageCount() >= 1)
    target = tmp_path / "letter.pdf"
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda *_a: QMessageBox.StandardButton.Save))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a: (str(target), "")))
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *_a: QMessageBox.StandardButton.Yes))  # sent today
    person.click(preview.findChild(QPushButton, "save_pdf"))
    assert MARKER in pdf_text(target.read_bytes())
    person.click(preview.findChild(QPushButton, "close"))
    person.click(dialog.findChild(QPushButton, "letter_close"))
    assert not dialog.isVisible()
    letter = session.get("letter", letter_id)
    assert letter["person_id"] == alina["id"] and MARKER in letter["body"]
    assert letter["status"] == "sent"
    assert letters.editor.value_of("status") == "sent" and not letters.editor.is_dirty

    # -- a parcel by keyboard alone -----------------------------------------------------------
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    parcels = person.click_section(win, "parcel")
    assert isinstance(parcels, RecordPage)
    before = session.count("parcel")
    person.click(parcels.filter)
    person.press(Key.Key_N, CTRL)
    assert parcels.editor.record is None  # Ctrl+N: a blank form, the cursor in its first field
    picker = parcels.editor.input("person_id")
    assert isinstance(picker, RecordPicker)
    assert person.focused() in (picker, picker.lineEdit())
    choose_person(qtbot, person, picker, "alina")
    assert parcels.editor.value_of("facility_id") == alina["facility_id"]  # where she is held
    items = parcels.editor.input("items")
    assert isinstance(items, ItemsTable)
    for _step in range(30):  # Tab through the form to "Add item"
        if person.focused() is items.add_button:
            break
        person.press(Key.Key_Tab)
    assert person.focused() is items.add_button
    person.press(Key.Key_Space)
    table = items.table
    assert table.currentColumn() == NAME
    person.type_here("Чай чёрный")
    person.press(Key.Key_Tab)
    person.press(Key.Key_A, CTRL)
    person.type_here("4")
    person.press(Key.Key_Tab)
    person.press(Key.Key_A, CTRL)
    person.type_here("250")
    person.press(Key.Key_Tab)
    person.press(Key.Key_Tab)
    assert person.focused() is items.add_button
    person.press(Key.Key_Space)
    person.type_here("Носки шерстяные")
    person.press(Key.Key_Tab)
    person.press(Key.Key_A, CTRL)
    person.type_here("3")
    person.press(Key.Key_Tab)
    person.press(Key.Key_A, CTRL)
    person.type_here("100")
    person.press(Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert items.value() == [{"name": "Чай чёрный", "quantity": 4, "unit_weight_g": 250},
                             {"name": "Носки шерстяные", "quantity": 3, "unit_weight_g": 100}]

    # The allowance, under the items: the total and the СИЗО's 30 kg a month.
    lines = items.total_label.text().split("\n")
    assert lines[0] == _("Total: {0} kg").format(kg(1300)), lines
    assert len(lines) >= 2 and "30" in lines[1], lines
    assert not items.over_limit
    person.check_on_screen(items.total_label)

    with qtbot.waitSignal(parcels.editor.saved, timeout=5000):
        person.press(Key.Key_S, CTRL)
    assert session.count("parcel") == before + 1
    parcel = parcels.editor.record
    assert parcel is not None and parcel["person_id"] == alina["id"]
    assert parcel["total_weight_g"] == 1300

    # -- the опись, from the Print… menu -------------------------------------------------------
    assert parcels.print_button is not None
    person.choose_in_menu(parcels.print_button, parcels.print_actions[_("Manifest (опись)")])
    qtbot.waitUntil(lambda: getattr(parcels, "preview_dialog", None) is not None
                    and parcels.preview_dialog.isVisible())
    preview = parcels.preview_dialog
    qtbot.waitUntil(lambda: preview.document.pageCount() >= 1)
    text = pdf_text(preview._data)
    assert "Чай чёрный" in text and "Носки шерстяные" in text and NAME_RU in text
    person.check_on_screen(preview.findChild(QPushButton, "save_pdf"))
    person.click(preview.findChild(QPushButton, "close"))
    assert not preview.isVisible()
    person.assert_all_on_screen()


def test_search_results_keep_the_window_on_the_screen(
        qtbot, small_window: MainWindow, person: Person, lang: str, tmp_path: Path) -> None:
    win = small_window
    unlock(qtbot, win, demo_vault(tmp_path), "demo")
    person.press(Key.Key_K, CTRL)
    person.type(win.search_field, "vorontsova")
    assert win.results.isVisible() and win.height() <= SCREEN.height(), win.geometry()
    person.press(Key.Key_Return)
    assert not win.results.isVisible()
    assert win.height() <= SCREEN.height(), win.geometry()
