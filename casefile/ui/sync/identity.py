"""This vault's identity on the Sync page: a QR code to scan, its fingerprint to read aloud,
and the button that copies the identity for a contact — a narrow card beside the contacts."""

from __future__ import annotations

import io

import segno
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QImage, QPixmap
from PySide6.QtWidgets import QGroupBox, QLabel, QSizePolicy, QVBoxLayout

from casefile.i18n import _
from casefile.sync.identity import PublicIdentity
from casefile.ui.sync.parts import button, mono
from casefile.ui.widgets import named

# An identity (219 characters) at error level L is a version 9 code: 61 modules with its
# border, 3 px each. A screen shows it crisp, and L keeps the modules large enough to scan.
QR_ERROR = "l"
QR_BOX = 183
GROUPS_A_LINE = 5  # the fingerprint's ten groups of four digits in two lines


def qr_image(text: str, box: int = QR_BOX) -> QImage:
    """A QR code of ``text`` as large as fits in ``box`` pixels with whole pixels per module
    (so it scans), drawn in memory: the PNG never touches the disk."""
    code = segno.make(text, error=QR_ERROR, micro=False)
    width = code.symbol_size(scale=1, border=4)[0]
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=max(1, box // width), border=4)
    return QImage.fromData(buffer.getvalue())


def in_lines(fingerprint: str) -> str:
    """The fingerprint's groups, five a line, as people read them aloud."""
    groups = fingerprint.split()
    return "\n".join(" ".join(groups[i:i + GROUPS_A_LINE])
                     for i in range(0, len(groups), GROUPS_A_LINE))


class IdentityBox(QGroupBox):
    """"This vault": the QR code over the fingerprint, what to do with them, Copy identity."""

    def __init__(self) -> None:
        super().__init__(_("This vault"))
        self.setAccessibleName(_("This vault"))
        self._shown = ""
        self.qr = named(QLabel(), "sync_qr")
        self.qr.setAccessibleName(_("QR code of this vault's identity"))
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setFixedSize(QR_BOX, QR_BOX)
        # A label, not a line: the two lines are read aloud whole; still selectable. Named
        # code_ like the recovery code's characters: its hex digits are data, not words.
        self.fingerprint = named(QLabel(), "code_fingerprint")
        self.fingerprint.setAccessibleName(_("This vault's fingerprint"))
        self.fingerprint.setAccessibleDescription(_("Read it aloud when a contact adds you"))
        self.fingerprint.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.fingerprint.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches it, to hear
        mono(self.fingerprint, 12)
        self.copy_button = button(_("Copy identity"), "sync_copy_identity",
                                  _("Copy this vault's identity"))
        told = QLabel(_("Fingerprint — read it aloud when a contact adds you:"))
        explain = QLabel(_("Send your identity (Copy identity, or let them scan the code). "
                           "It is public: it lets others encrypt bundles to you and check "
                           "your signature."))
        column = QVBoxLayout(self)
        column.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        for each in (told, self.fingerprint, explain, self.copy_button):
            column.addWidget(each)
        column.addStretch(1)
        # As wide as the fingerprint's line; the words wrap within it, and the card tells
        # the window how tall it is (a wrapped label's own minimum is one line).
        width = max(QR_BOX, self.copy_button.sizeHint().width(),
                    QFontMetrics(self.fingerprint.font()).horizontalAdvance("0000 " * 5))
        for label in (told, explain):
            label.setWordWrap(True)
            label.setFixedWidth(width)
            label.setMinimumHeight(label.heightForWidth(width))
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)

    def show_identity(self, public: PublicIdentity) -> None:
        """Show ``public``'s fingerprint and QR code (drawn again only when it changed)."""
        text = public.to_json()
        if text != self._shown:
            self._shown = text
            self.fingerprint.setText(in_lines(public.fingerprint))
            self.qr.setPixmap(QPixmap.fromImage(qr_image(text)))
