"""A record's files: drop files to store them in the vault, view images and PDFs from memory.

"Open with another program" is the one path that writes plaintext: it asks first, writes a
0600 copy into a private folder, and every such copy is deleted when the vault locks.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.services.records.filenames import clean_filename
from casefile.services.records.session import Session
from casefile.ui.filedialogs import FileDialog
from casefile.ui.pdfview import pdf_view
from casefile.ui.widgets import named

ID_ROLE = 0x0100 + 10


class PlaintextCopies:
    """Plaintext copies handed to other programs; all removed by ``remove_all`` on lock."""

    def __init__(self) -> None:
        self._folders: list[Path] = []

    def write(self, filename: str, data: bytes) -> Path:
        folder = Path(tempfile.mkdtemp(prefix="casefile-open-"))
        self._folders.append(folder)
        target = folder / clean_filename(filename)  # a stored "..", from before, stays inside
        fd = target.open("xb")
        with fd:
            fd.write(data)
        target.chmod(0o600)
        return target

    def remove_all(self) -> None:
        for folder in self._folders:
            for f in folder.glob("*"):
                with contextlib.suppress(OSError):
                    # Overwrite before unlinking so the bytes do not linger in the file's blocks.
                    f.write_bytes(b"\0" * f.stat().st_size)
            shutil.rmtree(folder, ignore_errors=True)
        self._folders.clear()

    @property
    def paths(self) -> list[Path]:
        return [f for folder in self._folders for f in folder.glob("*")]


class Viewer(QDialog):
    """Shows an image or a PDF from bytes held in memory; nothing is written anywhere."""

    def __init__(self, filename: str, media_type: str, data: bytes,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(filename)
        self.resize(800, 900)
        layout = QVBoxLayout(self)
        self.kind = "none"
        if media_type == "application/pdf":
            view, self.document = pdf_view(data, self)
            layout.addWidget(view)
            self.kind = "pdf"
        else:
            image = QImage.fromData(data)
            label = QLabel()
            if image.isNull():
                label.setText(_("casefile cannot show this kind of file"))
            else:
                label.setPixmap(QPixmap.fromImage(image))
                self.kind = "image"
            area = QScrollArea()
            area.setWidget(label)
            layout.addWidget(area)


class AttachmentsPanel(QWidget):
    """The files of one record; accepts dropped files."""

    changed = Signal()

    def __init__(self, session: Session, copies: PlaintextCopies,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.copies = copies
        self.record_id: str | None = None
        self.setAcceptDrops(True)
        self.list = named(QListWidget(), "attachments")
        self.list.setAccessibleName(_("Files"))
        self.list.itemActivated.connect(lambda item: self.view(item.data(ID_ROLE)))
        add = named(QPushButton(_("Add file…")), "add_file")
        add.clicked.connect(self._browse)
        view = named(QPushButton(_("View")), "view_file")
        view.clicked.connect(lambda: self._with_current(self.view))
        external = named(QPushButton(_("Open with another program…")), "open_external")
        external.clicked.connect(lambda: self._with_current(self.open_external))
        delete = named(QPushButton(_("Delete file…")), "delete_file")
        delete.clicked.connect(lambda: self._with_current(self.delete))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(_("Files (drop files here)")))
        layout.addWidget(self.list)
        row = QGridLayout()  # two by two: fits beside a form on a 1024 px screen
        for i, b in enumerate((add, view, external, delete)):
            row.addWidget(b, i // 2, i % 2)
        layout.addLayout(row)
        self.setEnabled(False)

    def _current(self) -> str | None:
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item else None

    def _with_current(self, act: Callable[[str], object]) -> None:
        """``act`` on the file chosen in the list, if one is."""
        current = self._current()
        if current:
            act(current)

    def set_record(self, record_id: str | None) -> None:
        self.record_id = record_id
        self.setEnabled(record_id is not None)
        self.list.clear()
        if record_id is None:
            return
        for att in self.session.attachments(record_id):
            item = QListWidgetItem(f"{att.filename}  ({att.size // 1024 + 1} KB)")
            item.setData(ID_ROLE, att.id)
            self.list.addItem(item)

    def add_paths(self, paths: list[Path]) -> None:
        if self.record_id is None:
            return
        for path in paths:
            try:
                self.session.attach_bytes(self.record_id, path.name, path.read_bytes())
            except (CasefileError, OSError) as exc:
                QMessageBox.warning(self, _("Files"), str(exc))
        self.set_record(self.record_id)
        self.changed.emit()

    def _browse(self) -> None:
        names = FileDialog.getOpenFileNames(self, _("Add file"))[0]
        self.add_paths([Path(n) for n in names])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasUrls() and self.record_id is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        self.add_paths([p for p in paths if p.is_file()])
        event.acceptProposedAction()

    def view(self, attachment_id: str) -> Viewer:
        meta, data = self.session.attachment(attachment_id)
        viewer = Viewer(meta.filename, meta.media_type, data, self)
        viewer.show()
        return viewer

    def delete(self, attachment_id: str) -> bool:
        meta = self.session.attachment_meta(attachment_id)
        answer = QMessageBox.warning(
            self, _("Delete file"),
            _("Delete {0}? It is removed from this vault now. Contacts who were sent it in a "
              "bundle lose it when they import your next bundle.").format(meta.filename),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            self.session.delete_attachment(attachment_id)
        except CasefileError as exc:
            QMessageBox.warning(self, _("Files"), str(exc))
            return False
        self.set_record(self.record_id)
        self.changed.emit()
        return True

    def open_external(self, attachment_id: str, *, confirmed: bool = False) -> Path | None:
        if not confirmed:
            answer = QMessageBox.warning(
                self, _("Open with another program"),
                _("This writes an unencrypted copy of the file to this computer's disk so that "
                  "another program can open it. casefile deletes the copy when the vault locks, "
                  "but the other program may keep its own copies. Continue?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Yes:
                return None
        meta, data = self.session.attachment(attachment_id)
        path = self.copies.write(meta.filename, data)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path
