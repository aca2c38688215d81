"""A volunteer writes a letter from a template, by mouse and keys (issue 13, item 6).

What is written in the template dialog is the letter: printing it or saving it as PDF keeps
the text in the letter and offers to mark it sent today; a new letter not saved yet just
works; closing with text not kept asks first.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from casefile.i18n import format_date
from casefile.services.records.session import Session
from casefile.ui.editor.pickers import RecordPicker
from casefile.ui.letterdialog import LetterDialog
from casefile.ui.mainwindow import MainWindow
from casefile.ui.recordpage import RecordPage
from tests.ui.conftest import open_demo, type_text

LEFT = Qt.MouseButton.LeftButton
MARKER = "Держись, мы рядом: маркер-шаблона"


def letters_page(qtbot, window: MainWindow, tmp_path: Path) -> tuple[Session, RecordPage]:
    session = open_demo(qtbot, window, tmp_path)
    window.show_section("letter")
    page = window.page_of["letter"]
    assert isinstance(page, RecordPage)
    return session, page


def click(widget) -> None:
    QTest.mouseClick(widget, LEFT)


def choose_in_menu(qtbot, button: QPushButton, action: QAction) -> None:
    """Click the button, then the menu's entry, as a person does."""
    menu = button.menu()
    clicked: list[bool] = []

    def click_entry() -> None:
        if not menu.isVisible():
            QTimer.singleShot(20, click_entry)
            return
        QTest.mouseClick(menu, LEFT, Qt.KeyboardModifier.NoModifier,
                         menu.actionGeometry(action).center())
        clicked.append(True)

    QTimer.singleShot(20, click_entry)
    click(button)  # the menu runs its own loop until the entry is clicked
    qtbot.waitUntil(lambda: bool(clicked))


def open_template_dialog(qtbot, page: RecordPage) -> LetterDialog:
    assert page.print_button is not None
    choose_in_menu(qtbot, page.print_button, page.print_actions["template"])
    qtbot.waitUntil(lambda: getattr(page, "letter_dialog", None) is not None
                    and page.letter_dialog.isVisible())
    return page.letter_dialog


def answer_questions(monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton,
                     asked: list[str]) -> None:
    def question(_parent, _title, text, *_args):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))


def test_a_new_letter_from_a_template_is_saved_printed_and_marked_sent(
        qtbot, window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    session, page = letters_page(qtbot, window, tmp_path)
    before = session.count("letter")
    # A new letter: the person and a subject, not saved.
    click(page.new_button)
    picker = page.editor.input("person_id")
    assert isinstance(picker, RecordPicker)
    click(picker.lineEdit())
    type_text(picker.lineEdit(), "Белоусова Ксения Андреевна")
    qtbot.waitUntil(lambda: picker.findText("Белоусова Ксения Андреевна") >= 0)
    subject = page.editor.input("subject")
    click(subject)
    type_text(subject, "Письмо к Новому году")
    assert page.editor.record is None and page.editor.is_dirty

    # Print… → Letter from a template…: no "choose a record first"; the letter is saved.
    dialog = open_template_dialog(qtbot, page)
    assert session.count("letter") == before + 1
    letter_id = dialog.letter_id
    assert page.editor.record is not None and page.editor.record["id"] == letter_id
    # The first template, chosen with the keyboard, then the volunteer's own line.
    dialog.template.setFocus()
    QTest.keyClick(dialog.template, Qt.Key.Key_Down)
    assert dialog.template.currentIndex() == 1
    assert "Ксения" in dialog.body.toPlainText()  # filled from the person's record
    click(dialog.body)
    QTest.keyClick(dialog.body, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(dialog.body, "\n" + MARKER)
    written = dialog.body.toPlainText()

    # Preview…, then Save as PDF… (after the warning), then "Mark as sent today?" Yes.
    click(dialog.findChild(QPushButton, "letter_preview"))
    preview = dialog.preview_dialog
    qtbot.waitUntil(lambda: preview.document.pageCount() >= 1)
    target = tmp_path / "letter.pdf"
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda *_a: QMessageBox.StandardButton.Save))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a: (str(target), "")))
    asked: list[str] = []
    answer_questions(monkeypatch, QMessageBox.StandardButton.Yes, asked)
    click(preview.findChild(QPushButton, "save_pdf"))
    assert MARKER in "".join(p.extract_text()
                             for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    today = date.today().isoformat()
    assert len(asked) == 1 and format_date(today) in asked[0]

    stored = session.get("letter", letter_id)
    assert stored["body"] == written
    assert (stored["status"], stored["sent_on"]) == ("sent", today)
    assert stored["subject"] == "Письмо к Новому году"
    # The window shows it too, and closing asks nothing more.
    click(preview.findChild(QPushButton, "close"))
    click(dialog.findChild(QPushButton, "letter_close"))
    assert not dialog.isVisible() and len(asked) == 1
    assert page.editor.value_of("body") == written
    assert page.editor.value_of("status") == "sent"
    assert page.editor.input("sent_on").text() == format_date(today)
    assert not page.editor.is_dirty


def test_text_written_in_the_dialog_is_not_lost_when_it_closes(
        qtbot, window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    session, page = letters_page(qtbot, window, tmp_path)
    row = page.view.visualRect(page.model.index(0, 0)).center()
    QTest.mouseClick(page.view.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, row)
    qtbot.waitUntil(lambda: page.editor.record is not None)
    letter = page.editor.record
    dialog = open_template_dialog(qtbot, page)
    click(dialog.body)
    QTest.keyClick(dialog.body, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(dialog.body, "\n" + MARKER)
    written = dialog.body.toPlainText()

    # Closed without printing: asked, and Cancel keeps the dialog open with the text.
    asked: list[str] = []
    answer_questions(monkeypatch, QMessageBox.StandardButton.Cancel, asked)
    click(dialog.findChild(QPushButton, "letter_close"))
    assert dialog.isVisible() and dialog.body.toPlainText() == written and len(asked) == 1
    # Save: the letter has the text, in the vault and on screen.
    answer_questions(monkeypatch, QMessageBox.StandardButton.Save, asked)
    click(dialog.findChild(QPushButton, "letter_close"))
    assert not dialog.isVisible()
    assert session.get("letter", letter["id"])["body"] == written
    assert page.editor.value_of("body") == written and not page.editor.is_dirty

    # Kept with its own button, nothing is asked on closing.
    dialog = open_template_dialog(qtbot, page)
    assert dialog.body.toPlainText() == written  # the letter's own text, as kept
    type_text(dialog.body, "P.S. ")
    click(dialog.findChild(QPushButton, "letter_keep"))
    click(dialog.findChild(QPushButton, "letter_close"))
    assert not dialog.isVisible() and len(asked) == 2
    assert session.get("letter", letter["id"])["body"].startswith("P.S. ")
