"""The letter template dialog writes in Russian whatever the window's language, like the
print preview; its *Document language* gives English (issue 16)."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from casefile.i18n import language
from casefile.ui.mainwindow import MainWindow
from tests.ui.conftest import type_text
from tests.ui.test_journey_keyboard import click_row
from tests.ui.test_journey_letter import click, letters_page, open_template_dialog


def preview_text(qtbot, dialog) -> str:
    click(dialog.findChild(QPushButton, "letter_preview"))
    preview = dialog.preview_dialog
    qtbot.waitUntil(lambda: preview.document.pageCount() >= 1)
    text = "\n".join(p.extract_text() or ""
                     for p in PdfReader(io.BytesIO(preview._data)).pages)
    click(preview.findChild(QPushButton, "close"))
    return text


def test_the_letter_dialog_writes_in_russian_and_offers_english(
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    _session, page = letters_page(qtbot, window, tmp_path)
    assert language() == "en"
    click_row(page.view, 0)
    dialog = open_template_dialog(qtbot, page)
    box = dialog.language
    assert box.isVisible() and box.currentText() == "Русский"
    assert dialog.document_language() == "ru"
    # the letter to a prisoner, chosen with the keyboard
    dialog.template.setFocus()
    for _step in range(dialog.template.findData("letter-to-prisoner")):
        QTest.keyClick(dialog.template, Qt.Key.Key_Down)
    assert "Здравствуйте" in dialog.body.toPlainText()
    assert "Здравствуйте" in preview_text(qtbot, dialog)

    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Down)  # Русский → English
    assert dialog.document_language() == "en"
    assert "Dear" in dialog.body.toPlainText()
    assert "Здравствуйте" not in dialog.body.toPlainText()
    text = preview_text(qtbot, dialog)
    assert "Dear" in text and "Здравствуйте" not in text

    # text written in the dialog stays when the language changes back
    click(dialog.body)
    QTest.keyClick(dialog.body, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(dialog.body, "\nP.S. Держись!")
    written = dialog.body.toPlainText()
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Up)
    assert dialog.document_language() == "ru"
    assert dialog.body.toPlainText() == written
    assert "Держись!" in preview_text(qtbot, dialog)
    assert language() == "en" and page.print_button.text() == "Print…"

    click(dialog.findChild(QPushButton, "letter_keep"))
    click(dialog.findChild(QPushButton, "letter_close"))
    assert not dialog.isVisible()
