"""A PDF shown from bytes in memory: QtPdf reads a QBuffer, so nothing touches the disk."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QWidget


def pdf_view(data: bytes, owner: QWidget) -> tuple[QPdfView, QPdfDocument]:
    """A multi-page view of ``data`` and its document, all owned by ``owner``.

    The buffer, then the document, then the view are made as ``owner``'s children in that
    order: Qt deletes children in the order they were made, and this order is the one that
    tears down cleanly (a view or document outliving its buffer crashes).
    """
    buffer = QBuffer(owner)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(owner)
    document.load(buffer)
    view = QPdfView(owner)
    view.setDocument(document)
    view.setPageMode(QPdfView.PageMode.MultiPage)
    return view, document
