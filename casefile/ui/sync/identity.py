"""This vault's identity on the Sync page: its fingerprint to read aloud, a QR code to scan,
and the button that copies the identity for a contact."""

from __future__ import annotations

import io

import segno
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QVBoxLayout

from casefile.i18n import _
from casefile.sync.identity import PublicIdentity
from casefile.ui.sync.parts import button, fingerprint_field
from casefile.ui.widgets import named

QR_BOX = 210  # an identity (69 modules with its border) at 3 px a module; fits a 700 px screen


def qr_image(text: str, box: int = QR_BOX) -> QImage:
    """A QR code of ``text`` as large as fits in ``box`` pixels with whole pixels per module
    (so it scans), drawn in memory: the PNG never touches the disk."""
    code = segno.make(text, error="m", micro=False)
    width = code.symbol_size(scale=1, border=4)[0]
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=max(1, box // width), border=4)
    return QImage.fromData(buffer.getvalue())


class IdentityBox(QGroupBox):
    """"This vault": the QR code beside the fingerprint, what to do with them, Copy identity."""

    def __init__(self) -> None:
        super().__init__(_("This vault"))
        self.setAccessibleName(_("This vault"))
        self._shown = ""
        self.qr = named(QLabel(), "sync_qr")
        self.qr.setAccessibleName(_("QR code of this vault's identity"))
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setFixedSize(QR_BOX, QR_BOX)
        self.fingerprint = fingerprint_field("sync_fingerprint",
                                             _("This vault's fingerprint"), 16)
        self.fingerprint.setAccessibleDescription(_("Read it aloud when a contact adds you"))
        self.copy_button = button(_("Copy identity"), "sync_copy_identity",
                                  _("Copy this vault's identity"))
        words = QVBoxLayout()
        words.addWidget(QLabel(_("Fingerprint — read it aloud when a contact adds you:")))
        words.addWidget(self.fingerprint)
        explain = QLabel(_("Send your identity (Copy identity, or let them scan the code). "
                           "It is public: it lets others encrypt bundles to you and check "
                           "your signature."))
        explain.setWordWrap(True)
        words.addWidget(explain)
        words.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignLeft)
        words.addStretch(1)
        top = QHBoxLayout(self)
        top.addWidget(self.qr)
        top.addLayout(words, 1)

    def show_identity(self, public: PublicIdentity) -> None:
        """Show ``public``'s fingerprint and QR code (drawn again only when it changed)."""
        text = public.to_json()
        if text != self._shown:
            self._shown = text
            self.fingerprint.setText(public.fingerprint)
            self.fingerprint.setCursorPosition(0)
            self.qr.setPixmap(QPixmap.fromImage(qr_image(text)))
