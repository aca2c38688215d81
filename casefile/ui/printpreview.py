"""Preview a printed document from its PDF bytes in memory, print it, or save it.

The bytes go from the printing service into a QBuffer, QtPdf renders them, and printing
paints the rendered pages onto the system's printer: no file is written on the way. Saving
as PDF happens only where the person chooses, after a reminder that it is not encrypted; so
does printing when the print dialog's output is a file (its "Print to File (PDF)", the default
where no printer is installed, or a PDF printer), and cancelling that reminder writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.atomicfile import check_output
from casefile.domain.errors import CasefileError
from casefile.i18n import _, language
from casefile.services.documents.printing import write_pdf
from casefile.ui.filedialogs import FileDialog
from casefile.ui.pdfview import pdf_view
from casefile.ui.widgets import named


def confirm_unencrypted(parent: QWidget, title: str) -> bool:
    """The plaintext warning before a PDF is written to disk; True to go ahead."""
    answer = QMessageBox.warning(
        parent, title,
        _("The PDF file will not be encrypted: anyone who gets the file can read it. "
          "Save it only where you mean to."),
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Save


def writes_a_file(printer: QPrinter) -> bool:
    """Whether printing to ``printer`` writes a file instead of paper: Qt's PDF output (the
    dialog's "Print to File"), an output file name, or a printer that is a PDF writer
    ("Microsoft Print to PDF", CUPS-PDF)."""
    return (printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
            or bool(printer.outputFileName())
            or "pdf" in printer.printerName().casefold())


class PrintPreview(QDialog):
    def __init__(self, title: str, data: bytes, suggested_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("print_preview")
        self.setWindowTitle(title)
        self.resize(760, 900)
        self._suggested = suggested_name
        self._data = data
        view, self.document = pdf_view(data, self)
        view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        view.setAccessibleName(_("Preview"))
        print_button = named(QPushButton(_("Print…")), "print")
        print_button.clicked.connect(self.print_with_dialog)
        save_button = named(QPushButton(_("Save as PDF…")), "save_pdf")
        save_button.clicked.connect(self.save_as)
        close_button = named(QPushButton(_("Close")), "close")
        close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        # The document's own language (a facility's papers are in Russian whatever the
        # window's): shown only when the page offers it, see offer_languages().
        self.language_label = QLabel(_("Document language:"))
        self.language_box = named(QComboBox(), "document_language")
        self.language_box.setAccessibleName(_("Document language"))
        for code, name in (("ru", "Русский"), ("en", "English")):
            self.language_box.addItem(name, code)
        self.language_label.setBuddy(self.language_box)
        self._rerender: Callable[[str], bytes | None] | None = None
        self.language_box.currentIndexChanged.connect(self._language_chosen)
        for widget in (self.language_label, self.language_box):
            widget.setVisible(False)
            buttons.addWidget(widget)
        buttons.addStretch(1)
        for b in (print_button, save_button, close_button):
            buttons.addWidget(b)
        self.note_label = named(QLabel(), "preview_note")  # what was left out, if anything
        self.note_label.setWordWrap(True)
        self.note_label.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(view, 1)
        layout.addWidget(self.note_label)
        layout.addLayout(buttons)

    def offer_languages(self, current: str | None,
                        rerender: Callable[[str], bytes | None]) -> None:
        """Let the person print the document in another language: ``rerender(code)`` makes
        it again (None: it could not, the shown one stays)."""
        self.language_box.blockSignals(True)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(
            current or language())))
        self.language_box.blockSignals(False)
        self._rerender = rerender
        for widget in (self.language_label, self.language_box):
            widget.setVisible(True)

    def document_language(self) -> str:
        return str(self.language_box.currentData())

    def _language_chosen(self, _index: int) -> None:
        if self._rerender is None:
            return
        data = self._rerender(self.document_language())
        if data is not None:
            self.show_data(data)

    def show_data(self, data: bytes) -> None:
        """Show (and print, and save) ``data`` instead of the document shown now."""
        buffer = QBuffer(self)  # made after the document: Qt deletes it after the document
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        self._data = data

    def note(self, text: str) -> None:
        self.note_label.setText(text)
        self.note_label.setVisible(bool(text))

    def print_to(self, printer: QPrinter) -> int:
        """Paint every page onto ``printer``; returns the number of pages printed."""
        painter = QPainter(printer)
        try:
            area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                points = self.document.pagePointSize(page)
                scale = min(area.width() / points.width(), area.height() / points.height())
                size = QSize(int(points.width() * scale), int(points.height() * scale))
                image = self.document.render(page, size)
                painter.drawImage(QRect(QPoint(0, 0), size), image)
        finally:
            painter.end()
        return self.document.pageCount()

    def print_with_dialog(self) -> int:
        """The system's print dialog, then the pages; returns the number printed (0: none)."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return 0
        # Read after the dialog: that is when its choices reach the printer.
        if writes_a_file(printer) and not confirm_unencrypted(self, _("Print to a file")):
            return 0
        if printer.outputFileName():
            try:  # Qt writes this file itself: the same refusals as every other output
                check_output(Path(printer.outputFileName()))
            except CasefileError as exc:
                QMessageBox.warning(self, _("Print to a file"), str(exc))
                return 0
        return self.print_to(printer)

    def save_as(self) -> Path | None:
        if not confirm_unencrypted(self, _("Save as PDF")):
            return None
        path, _filter = FileDialog.getSaveFileName(self, _("Save as PDF"), self._suggested,
                                                    "PDF (*.pdf)")
        if not path:
            return None
        try:
            write_pdf(self._data, Path(path))
        except (CasefileError, OSError) as exc:
            QMessageBox.warning(self, _("Save as PDF"), str(exc))
            return None
        return Path(path)
