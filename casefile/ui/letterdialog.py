"""Compose a letter from a template: fields filled from the records, edited, then previewed.

A letter goes to a facility or a prisoner, so it is written and printed in Russian whatever
the window's language; the dialog's *Document language* gives English instead.

What is written here is the letter: printing it or saving it as PDF keeps the text in the
letter's record (and offers to mark a draft sent today); "Keep in the letter" keeps it
without printing; closing with text not yet kept asks first.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.errors import CasefileError
from casefile.i18n import _, format_date
from casefile.services.documents import printing
from casefile.services.records.session import Session
from casefile.ui.background import run_off_ui
from casefile.ui.printpreview import PrintPreview
from casefile.ui.widgets import named


class LetterPreview(PrintPreview):
    """The preview of a composed letter; says when it went to a printer or into a PDF."""

    printed = Signal()

    def print_to(self, printer: QPrinter) -> int:
        pages = super().print_to(printer)
        self.printed.emit()
        return pages

    def save_as(self) -> Path | None:
        path = super().save_as()
        if path is not None:
            self.printed.emit()
        return path


class LetterDialog(QDialog):
    kept = Signal(dict)  # the letter's record after the text (or its status) was kept

    def __init__(self, session: Session, letter_id: str, parent: QWidget | None = None,
                 *, today: date | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.letter_id = letter_id
        self.today = today
        self.setObjectName("letter_dialog")
        self.setWindowTitle(_("Letter from a template"))
        self.resize(640, 620)
        self.template = named(QComboBox(), "letter_template")
        self.template.setAccessibleName(_("Template"))
        self.template.addItem(_("The letter's own text"), "")
        for name, label in printing.letter_templates():
            self.template.addItem(label, name)
        self.title = named(QLineEdit(), "letter_title")
        self.title.setAccessibleName(_("Title"))
        self.body = named(QPlainTextEdit(), "letter_body")
        self.body.setAccessibleName(_("Text"))
        # The letter's language, as in the print preview: Russian unless chosen otherwise.
        self.language = named(QComboBox(), "letter_language")
        self.language.setAccessibleName(_("Document language"))
        for code, name in (("ru", "Русский"), ("en", "English")):
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(printing.FOR_FACILITIES)))
        form = QFormLayout()
        form.addRow(_("Template"), self.template)
        form.addRow(_("Document language"), self.language)
        form.addRow(_("Title"), self.title)
        preview = named(QPushButton(_("Preview…")), "letter_preview")
        preview.clicked.connect(self.preview)
        keep = QPushButton(_("Keep in the letter"))
        keep.setObjectName("letter_keep")
        keep.setToolTip(_("Keep this text as the letter's text, without printing it"))
        keep.clicked.connect(self._keep_clicked)
        close = named(QPushButton(_("Close")), "letter_close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(preview)
        buttons.addWidget(keep)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.body, 1)
        layout.addLayout(buttons)
        self._text: Any = None
        letter = session.get("letter", letter_id)
        self._kept_body = str(letter.get("body") or "")
        self.template.currentIndexChanged.connect(self.fill)
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.fill()

    def document_language(self) -> str:
        return str(self.language.currentData())

    def fill(self) -> None:
        """Fill the fields from the chosen template and the records (the person may edit)."""
        name = str(self.template.currentData() or "")
        self._text = printing.letter_text(self.session, self.letter_id, name or None,
                                          lang=self.document_language())
        self.title.setText(self._text.title)
        self.body.setPlainText(self._text.body)

    def _language_chosen(self, _index: int) -> None:
        """A template not yet edited is filled again in the language; text written here
        stays as it is (the printed date and addresses follow the language either way)."""
        untouched = (self.title.text() == self._text.title
                     and self.body.toPlainText() == self._text.body)
        if self.template.currentIndex() > 0 and untouched:
            self.fill()

    def edited_text(self) -> Any:
        return dataclasses.replace(self._text, title=self.title.text(),
                                   body=self.body.toPlainText())

    def preview(self) -> PrintPreview:
        text = self.edited_text()
        lang = self.document_language()
        data = run_off_ui(self, _("Preparing the document…"), self.session,
                          lambda s: printing.print_letter(s, self.letter_id, text=text,
                                                          lang=lang))
        self.preview_dialog = LetterPreview(_("Letter"), data, "letter.pdf", self)
        self.preview_dialog.printed.connect(lambda: self._printed(text))
        self.preview_dialog.open()
        return self.preview_dialog

    # -- keeping the text --------------------------------------------------------------

    def has_unkept_text(self) -> bool:
        return self.body.toPlainText() != self._kept_body

    def keep(self, text: Any = None) -> dict[str, Any] | None:
        """The text (the one shown, or ``text`` as printed) becomes the letter's text.

        A letter without a subject takes the title, or the template's name."""
        text = text or self.edited_text()
        try:
            letter = self.session.get("letter", self.letter_id)
            changes: dict[str, Any] = {}
            if text.body != (letter.get("body") or ""):
                changes["body"] = text.body
            if not letter.get("subject"):
                subject = text.title.strip() or (
                    self.template.currentText() if self.template.currentIndex() > 0 else "")
                if subject:
                    changes["subject"] = subject
            record = (self.session.edit("letter", self.letter_id, changes) if changes
                      else letter)
        except CasefileError as exc:
            QMessageBox.warning(self, _("Letter"), str(exc))
            return None
        self._kept_body = text.body
        self.kept.emit(record)
        return record

    def _keep_clicked(self) -> None:
        self.keep()

    def _printed(self, text: Any) -> None:
        """Printed or saved as PDF: the text printed is the letter's; a draft may be sent."""
        record = self.keep(text)
        if record is not None:
            self.offer_sent(record)

    def offer_sent(self, letter: dict[str, Any]) -> dict[str, Any] | None:
        """Ask whether an outgoing letter not yet marked sent was sent today."""
        if letter.get("direction") not in (None, "out") or (letter.get("sent_on")
                                                and letter.get("status") != "draft"):
            return None
        today = self.today or date.today()
        answer = QMessageBox.question(
            self, _("Letter"),
            _("Mark the letter as sent today, {0}?").format(format_date(today.isoformat())),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            return None
        changes: dict[str, Any] = {}
        if not letter.get("sent_on"):
            changes["sent_on"] = today.isoformat()
        if letter.get("status") == "draft":
            changes["status"] = "sent"
        try:
            record = self.session.edit("letter", self.letter_id, changes)
        except CasefileError as exc:
            QMessageBox.warning(self, _("Letter"), str(exc))
            return None
        self.kept.emit(record)
        return record

    def reject(self) -> None:
        """Close; text written here and not kept yet is kept, dropped or stays, as asked."""
        if self.has_unkept_text():
            answer = QMessageBox.question(
                self, _("Letter"), _("Keep the text written here in the letter?"),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save and self.keep() is None:
                return
        super().reject()
