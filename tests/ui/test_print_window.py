"""Printing from the window: preview from memory, print to a PDF printer, nothing else on disk."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from casefile.ui.mainwindow import MainWindow
from casefile.ui.recordpage import RecordPage
from tests.ui.conftest import open_demo


def files_under(*roots: Path) -> set[Path]:
    return {p for root in roots for p in root.rglob("*") if p.is_file()}


def test_print_a_manifest_through_the_window(qtbot, window: MainWindow, tmp_path: Path,
                                             monkeypatch) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    open_demo(qtbot, window, tmp_path)
    window.show_section("parcel")
    parcels = window.page_of["parcel"]
    assert isinstance(parcels, RecordPage)
    parcels.view.selectRow(0)
    assert parcels.editor.record is not None
    window.settings.sync()  # the recent-vaults list (paths only) is written when Qt gets to it
    before = files_under(tmp_path)

    parcels.print_actions["Manifest (опись)"].trigger()
    preview = parcels.preview_dialog
    qtbot.waitUntil(lambda: preview.document.pageCount() >= 1)
    assert files_under(tmp_path) == before  # the preview wrote nothing

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printer-output.pdf"
    printer.setOutputFileName(str(out))
    assert preview.print_to(printer) == preview.document.pageCount()
    assert files_under(tmp_path) == before | {out}  # only what the printer itself wrote
    assert len(PdfReader(io.BytesIO(out.read_bytes())).pages) == preview.document.pageCount()
    preview.close()


def test_save_as_pdf_reminds_first(qtbot, window: MainWindow, tmp_path: Path,
                                   monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    open_demo(qtbot, window, tmp_path)
    window.show_section("case")
    cases = window.page_of["case"]
    assert isinstance(cases, RecordPage)
    cases.view.selectRow(0)
    cases.print_actions["Case summary"].trigger()
    preview = cases.preview_dialog
    warned: list[str] = []

    def cancel(_parent, _title, text, *_a):
        warned.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(cancel))
    assert preview.save_as() is None and "not be encrypted" in warned[0]
    target = tmp_path / "case.pdf"
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda *_a: QMessageBox.StandardButton.Save))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a: (str(target), "")))
    assert preview.save_as() == target
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "КОНФИДЕНЦИАЛЬНО" in text
    preview.close()


def test_a_letter_from_a_template_is_edited_before_printing(qtbot, window: MainWindow,
                                                            tmp_path: Path, monkeypatch) -> None:
    open_demo(qtbot, window, tmp_path)
    window.show_section("letter")
    letters = window.page_of["letter"]
    assert isinstance(letters, RecordPage)
    letters.view.selectRow(0)
    person = window.session.get("person", letters.editor.record["person_id"])
    letters.print_actions["template"].trigger()
    dialog = letters.letter_dialog
    dialog.template.setCurrentIndex(dialog.template.findData("request-to-head"))
    assert person["full_name"].split()[0] in dialog.body.toPlainText()  # filled from records
    dialog.body.setPlainText(dialog.body.toPlainText() + "\nДописано от руки: маркер-правки")
    preview = dialog.preview()
    qtbot.waitUntil(lambda: preview.document.pageCount() >= 1)
    target = tmp_path / "letter.pdf"
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda *_a: QMessageBox.StandardButton.Save))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a: (str(target), "")))
    assert preview.save_as() == target
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "маркер-правки" in text
    preview.close()
    dialog.close()


def test_envelopes_for_everyone_in_custody_from_the_return_address(
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    from casefile.services.documents import printing

    session = open_demo(qtbot, window, tmp_path)
    session.add("person", {"full_name": "Безадресный Иван", "status": "serving_sentence"})
    window.show_section("letter")
    letters = window.page_of["letter"]
    assert isinstance(letters, RecordPage)

    letters.print_actions["return_address"].trigger()
    dialog = letters.return_dialog
    dialog.fields["name"].setText("Круглова Мария")
    dialog.fields["postal_code"].setText("1010OO")  # letters O, not zeros
    dialog.save.click()
    assert dialog.isVisible() and "digits only" in dialog.error.text()
    dialog.fields["postal_code"].setText("101000")
    dialog.save.click()
    assert not dialog.isVisible()
    assert printing.return_address(session)["name"] == "Круглова Мария"

    letters.print_actions["envelopes"].trigger()
    preview = letters.preview_dialog
    qtbot.waitUntil(lambda: preview.document.pageCount() >= 1)
    addressees, _unknown = printing.in_custody(session)
    assert preview.document.pageCount() == len(addressees)
    assert "Безадресный Иван" in preview.note_label.text()
    first = PdfReader(io.BytesIO(preview._data)).pages[0].extract_text()
    assert "Круглова Мария" in first.replace("\n", " ")
    preview.reject()


def test_printing_to_a_file_from_the_print_dialog_warns_first(qtbot, window: MainWindow,
                                                              tmp_path: Path,
                                                              monkeypatch) -> None:
    """The print dialog's "Print to File (PDF)" (the default with no printer installed)
    writes a PDF like "Save as PDF" does: the same plaintext warning first, and nothing
    written when it is cancelled."""
    from PySide6.QtCore import QTimer
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMessageBox

    open_demo(qtbot, window, tmp_path)
    window.show_section("parcel")
    parcels = window.page_of["parcel"]
    assert isinstance(parcels, RecordPage)
    parcels.view.selectRow(0)
    parcels.print_actions["Manifest (опись)"].trigger()
    preview = parcels.preview_dialog
    qtbot.waitUntil(lambda: preview.document.pageCount() >= 1)
    target = tmp_path / "printed" / "manifest.pdf"
    target.parent.mkdir()
    seen: list[str] = []

    def print_to_file() -> None:
        """In the real print dialog: the output file's name, then Print, as a person would."""
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QPrintDialog):
            QTimer.singleShot(20, print_to_file)  # not shown yet
            return
        try:
            name = dialog.findChild(QLineEdit, "filename")
            seen.append(name.text())  # the dialog's own default file
            name.setText(str(target))
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        finally:
            if dialog.isVisible():
                dialog.reject()  # never leave the test waiting on the dialog

    warned: list[tuple[str, str]] = []

    def answer(button: QMessageBox.StandardButton):
        def warning(_parent, title, text, *_a):
            warned.append((title, text))
            return button
        return staticmethod(warning)

    monkeypatch.setattr(QMessageBox, "warning", answer(QMessageBox.StandardButton.Cancel))
    QTimer.singleShot(0, print_to_file)
    assert preview.print_with_dialog() == 0
    assert seen, "the print dialog was not shown"
    assert [t for t, _text in warned] == ["Print to a file"]
    assert "not be encrypted" in warned[0][1]
    assert list(target.parent.iterdir()) == []  # cancelled: nothing written

    monkeypatch.setattr(QMessageBox, "warning", answer(QMessageBox.StandardButton.Save))
    QTimer.singleShot(0, print_to_file)
    assert preview.print_with_dialog() == preview.document.pageCount()
    assert len(warned) == 2
    assert len(PdfReader(io.BytesIO(target.read_bytes())).pages) == preview.document.pageCount()
    preview.close()
