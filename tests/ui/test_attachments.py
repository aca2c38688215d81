"""Files in the window: kept in the vault, viewed from memory, plaintext copies removed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage, QPageSize, QPainter, QPdfWriter

from casefile.services.records.session import Session
from casefile.ui.attachments import AttachmentsPanel, PlaintextCopies, Viewer


def pdf_bytes() -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    painter.drawText(100, 100, "Постановление суда")
    painter.end()
    return bytes(buffer.data())


def png_bytes() -> bytes:
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("darkred"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def test_images_and_pdfs_open_from_memory(qtbot, session: Session, tmp_path: Path) -> None:
    person = session.add("person", {"full_name": "Орлов Олег"})
    panel = AttachmentsPanel(session, PlaintextCopies())
    qtbot.addWidget(panel)
    panel.set_record(person["id"])
    scan, ruling = tmp_path / "скан.png", tmp_path / "постановление.pdf"
    scan.write_bytes(png_bytes())
    ruling.write_bytes(pdf_bytes())
    panel.add_paths([scan, ruling])
    assert panel.list.count() == 2
    atts = {a.filename: a.id for a in session.attachments(person["id"])}
    image = panel.view(atts["скан.png"])
    qtbot.addWidget(image)
    assert image.kind == "image"
    pdf = panel.view(atts["постановление.pdf"])
    qtbot.addWidget(pdf)
    assert pdf.kind == "pdf"
    qtbot.waitUntil(lambda: pdf.document.pageCount() == 1)


def test_unknown_kinds_say_so(qtbot) -> None:
    viewer = Viewer("notes.bin", "application/octet-stream", b"\x00\x01")
    qtbot.addWidget(viewer)
    assert viewer.kind == "none"


def test_plaintext_copies_are_removed(tmp_path: Path, monkeypatch) -> None:
    import tempfile

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    copies = PlaintextCopies()
    path = copies.write("письмо.txt", "Секретный текст".encode())
    assert path.read_text(encoding="utf-8") == "Секретный текст"
    assert path.stat().st_mode & 0o077 == 0
    copies.remove_all()
    assert not path.exists() and copies.paths == []
    assert list(tmp.iterdir()) == []


def test_a_file_is_deleted_only_when_confirmed(qtbot, session: Session, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox, QPushButton

    person = session.add("person", {"full_name": "Орлов Олег"})
    wrong = session.attach_bytes(person["id"], "не тот снимок.png", png_bytes())
    panel = AttachmentsPanel(session, PlaintextCopies())
    qtbot.addWidget(panel)
    panel.set_record(person["id"])
    panel.list.setCurrentRow(0)
    asked: list[str] = []
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]

    def warning(_parent, _title, text, *_args):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    delete = panel.findChild(QPushButton, "delete_file")
    delete.click()  # cancelled: still there
    assert [a.id for a in session.attachments(person["id"])] == [wrong.id]
    delete.click()
    assert "не тот снимок.png" in asked[0] and "next bundle" in asked[0]
    assert session.attachments(person["id"]) == [] and panel.list.count() == 0
    assert session.vault.attachments.deleted_ids() == {wrong.id}
