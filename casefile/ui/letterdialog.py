"""Compose a letter from a template: fields filled from the records, edited, then previewed."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.i18n import _
from casefile.services import printing
from casefile.services.session import Session
from casefile.ui.background import run_off_ui
from casefile.ui.printpreview import PrintPreview


class LetterDialog(QDialog):
    def __init__(self, session: Session, letter_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.letter_id = letter_id
        self.setObjectName("letter_dialog")
        self.setWindowTitle(_("Letter from a template"))
        self.resize(640, 620)
        self.template = QComboBox(objectName="letter_template")
        self.template.setAccessibleName(_("Template"))
        self.template.addItem(_("The letter's own text"), "")
        for name, label in printing.letter_templates():
            self.template.addItem(label, name)
        self.title = QLineEdit(objectName="letter_title")
        self.title.setAccessibleName(_("Title"))
        self.body = QPlainTextEdit(objectName="letter_body")
        self.body.setAccessibleName(_("Text"))
        form = QFormLayout()
        form.addRow(_("Template"), self.template)
        form.addRow(_("Title"), self.title)
        preview = QPushButton(_("Preview…"), objectName="letter_preview")
        preview.clicked.connect(self.preview)
        close = QPushButton(_("Close"), objectName="letter_close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(preview)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.body, 1)
        layout.addLayout(buttons)
        self._text: Any = None
        self.template.currentIndexChanged.connect(self.fill)
        self.fill()

    def fill(self) -> None:
        """Fill the fields from the chosen template and the records (the person may edit)."""
        name = str(self.template.currentData() or "")
        self._text = printing.letter_text(self.session, self.letter_id, name or None)
        self.title.setText(self._text.title)
        self.body.setPlainText(self._text.body)

    def preview(self) -> PrintPreview:
        text = dataclasses.replace(self._text, title=self.title.text(),
                                   body=self.body.toPlainText())
        data = run_off_ui(self, _("Preparing the document…"), self.session,
                          lambda s: printing.print_letter(s, self.letter_id, text=text))
        self.preview_dialog = PrintPreview(_("Letter"), data, "letter.pdf", self)
        self.preview_dialog.open()
        return self.preview_dialog
