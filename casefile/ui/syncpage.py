"""The Sync page: this vault's identity, trusted contacts, bundles out and in, conflicts, log.

Export, preview and import run on a worker thread with their own connection to the vault
(ui/background.py), behind a modal progress dialog; the window keeps painting meanwhile.
"""

from __future__ import annotations

import io
import json
import os
import secrets
from datetime import date, datetime
from pathlib import Path
from typing import Any

import segno
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication, QImage, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.describe import choice_label, record_title
from casefile.domain.errors import CasefileError
from casefile.domain.fields import Kind
from casefile.domain.records import SPECS
from casefile.i18n import _, format_date, ngettext
from casefile.services.exchange import bundles
from casefile.services.exchange.bundlefiles import FILES_PER_BUNDLE
from casefile.services.records.session import Session
from casefile.sync.identity import MAX_IDENTITY_TEXT, PublicIdentity
from casefile.ui.background import run_off_ui
from casefile.ui.exchangefolder import ExchangeBox
from casefile.ui.filedialogs import FileDialog
from casefile.ui.widgets import ERROR_STYLE, error_label
from casefile.ui.worker import Worker
from casefile.vault.peers import Peer

DELETED = "_deleted"
BUNDLE_SUFFIX = ".cfb"
QR_BOX = 240


# -- small helpers ---------------------------------------------------------------------------

def _mono(widget: QWidget | QTableWidgetItem, points: int) -> None:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSize(max(points, 1))
    widget.setFont(font)


def _fingerprint_field(object_name: str, accessible: str, points: int) -> QLineEdit:
    """A read-only line for a fingerprint: large, monospaced, selectable.

    A line rather than a label: people select and copy it, and hex digits are data.
    """
    field = QLineEdit(objectName=object_name)
    field.setReadOnly(True)
    field.setFrame(False)
    field.setAccessibleName(accessible)
    _mono(field, points)
    return field


def qr_image(text: str, box: int = QR_BOX) -> QImage:
    """A QR code of ``text`` as large as fits in ``box`` pixels with whole pixels per module
    (so it scans), drawn in memory: the PNG never touches the disk."""
    code = segno.make(text, error="m", micro=False)
    width = code.symbol_size(scale=1, border=4)[0]
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=max(1, box // width), border=4)
    return QImage.fromData(buffer.getvalue())


def local_time(at: str) -> str:
    """An exchange's UTC time stamp on this computer's clock, in the chosen language."""
    try:
        moment = datetime.fromisoformat(at.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return at
    return f"{format_date(moment.date().isoformat())} {moment:%H:%M}"


def suggested_name(today: date | None = None) -> str:
    """YYYYMMDD-xxxxxx.cfb: a name that tells whoever finds the USB stick nothing about
    the group or the person it is for (six random hex digits keep two of a day apart)."""
    return f"{(today or date.today()):%Y%m%d}-{secrets.token_hex(3)}{BUNDLE_SUFFIX}"


def shred(path: Path) -> None:
    """Overwrite the file with zeros, flush it to the disk, then remove it.

    Best effort: on SSDs and copy-on-write or journaling file systems the old blocks may
    survive. The bundle is encrypted to its recipients, but its signature names the sender.
    """
    size = path.stat().st_size
    zeros = b"\0" * 65536
    with path.open("r+b") as fh:
        left = size
        while left > 0:
            left -= fh.write(zeros[:min(left, len(zeros))])
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()


def shown_value(record_type: str, field_name: str, value: Any) -> str:
    """A stored value as a person reads it, for the conflicts list."""
    spec = SPECS.get(record_type)
    field = spec.field(field_name) if spec else None
    if field_name == DELETED:
        shown = _("deleted") if value is True else _("kept")
    elif value is None or value in ("", []):
        shown = _("(empty)")
    elif field is not None and field.kind is Kind.ENUM:
        shown = choice_label(record_type, field_name, value)
    elif isinstance(value, bool):
        shown = _("yes") if value else _("no")
    elif isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        shown = ", ".join(str(v) for v in value)
    elif isinstance(value, list | dict):
        shown = json.dumps(value, ensure_ascii=False)
    else:
        shown = str(value)
    return shown


def field_label(record_type: str, field_name: str) -> str:
    if field_name == DELETED:
        return _("deleted or kept")
    spec = SPECS.get(record_type)
    field = spec.field(field_name) if spec else None
    return _(field.label) if field is not None else field_name


def _table(object_name: str, accessible: str, headers: list[str], *,
           multi: bool = False) -> QTableWidget:
    table = QTableWidget(0, len(headers), objectName=object_name)
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(accessible)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                           else QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    """Rows of text only: no item carries user data (see casefile.ui.listitems)."""
    table.clearSelection()
    table.setRowCount(0)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()


PREVIEW_LINES = 15  # records named in the "Apply this bundle?" question; the rest counted


def _change_lines(records: list[dict[str, str]]) -> list[str]:
    """What a bundle would do, record by record: + added, ~ changed, − deleted."""
    if not records:
        return []
    lines = ["", *map(bundles.change_line, records[:PREVIEW_LINES])]
    if len(records) > PREVIEW_LINES:
        more = len(records) - PREVIEW_LINES
        lines.append(ngettext("and {0} more record", "and {0} more records", more).format(more))
    return lines


def _button(text: str, object_name: str, accessible: str | None = None) -> QPushButton:
    button = QPushButton(text, objectName=object_name)
    button.setAccessibleName(accessible or text.rstrip("…"))
    return button


# -- dialogs ---------------------------------------------------------------------------------

class AddContactDialog(QDialog):
    """Name a contact and paste (or open) their identity; store it once the person confirms
    that the fingerprint shown is the one the contact read out."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.peer: Peer | None = None
        self._parsed: PublicIdentity | None = None
        self.setObjectName("add_contact_dialog")
        self.setWindowTitle(_("Add contact"))
        self.setAccessibleName(_("Add contact"))
        self.name = QLineEdit(objectName="contact_name")
        self.name.setAccessibleName(_("Contact's name"))
        self.name.setPlaceholderText(_("The name you know them by"))
        self.identity = QPlainTextEdit(objectName="contact_identity")
        self.identity.setAccessibleName(_("Their identity"))
        self.identity.setPlaceholderText(_("Paste the identity text they sent you"))
        self.identity.setTabChangesFocus(True)
        self.from_file = _button(_("From file…"), "contact_from_file",
                                 _("Read their identity from a file"))
        self.fingerprint = _fingerprint_field("contact_fingerprint", _("Their fingerprint"), 13)
        self.confirm = QCheckBox(_("They read out this same fingerprint to me"),
                                 objectName="contact_confirm")
        self.confirm.setAccessibleName(_("The fingerprint matches what they read out"))
        self.confirm.setEnabled(False)
        self.error = error_label("error_contact")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Add contact"))
        self.ok.setObjectName("contact_ok")
        self.ok.setAccessibleName(_("Add contact"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setAccessibleName(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self.name.textChanged.connect(self._update)
        self.identity.textChanged.connect(self._parse)
        self.confirm.toggled.connect(self._update)
        self.from_file.clicked.connect(self._open_file)
        self.resize(640, 440)
        self._parse()

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(_("Name:"), self.name)
        identity_row = QVBoxLayout()
        identity_row.addWidget(self.identity)
        identity_row.addWidget(self.from_file, 0, Qt.AlignmentFlag.AlignLeft)
        form.addRow(_("Identity:"), identity_row)
        form.addRow(_("Fingerprint:"), self.fingerprint)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        hint = QLabel(_("Ask the contact to read their fingerprint aloud, in person or on a "
                        "call you trust, and compare every group."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.confirm)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _parse(self) -> None:
        text = self.identity.toPlainText()
        self.error.clear()
        self.confirm.setChecked(False)
        self._parsed = None
        if text.strip():
            try:
                self._parsed = PublicIdentity.from_text(text)
            except CasefileError as exc:
                self.error.setText(str(exc))
        self.fingerprint.setText(self._parsed.fingerprint if self._parsed else "")
        self.fingerprint.setCursorPosition(0)
        self.confirm.setEnabled(self._parsed is not None)
        self._update()

    def _update(self) -> None:
        self.ok.setEnabled(bool(self._parsed and self.confirm.isChecked()
                                and self.name.text().strip()))

    def _open_file(self) -> None:
        path, _filter = FileDialog.getOpenFileName(
            self, _("Open identity file"), "", _("Identity files (*.json *.txt);;All files (*)"))
        if not path:
            return
        try:
            too_big = Path(path).stat().st_size > MAX_IDENTITY_TEXT
            text = "" if too_big else Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.error.setText(_("Could not read the file: {0}").format(exc))
            return
        if too_big:
            self.error.setText(_("this is not a casefile identity"))
            return
        self.identity.setPlainText(text)

    def accept(self) -> None:
        if not self.ok.isEnabled():
            return
        try:
            self.peer = bundles.add_contact(self.session, self.name.text(),
                                         self.identity.toPlainText())
        except CasefileError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


class ShareDialog(QDialog):
    """What a contact receives from now on: everything, or the ticked cases.

    Unticking (or leaving "everything") stops later changes from going to them; what was
    sent stays with them, which the dialog says."""

    def __init__(self, session: Session, peer: Peer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.peer = peer
        self.setObjectName("share_dialog")
        title = _("Share with {0}").format(peer.name)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.everything = QRadioButton(_("Everything in this vault"), objectName="share_all")
        self.everything.setAccessibleName(_("Share everything"))
        self.some = QRadioButton(_("Only these cases, with their people and records:"),
                                 objectName="share_some")
        self.some.setAccessibleName(_("Share only the cases ticked below"))
        self.cases = QListWidget(objectName="share_cases")
        self.cases.setAccessibleName(_("Cases to share"))
        for case in session.list("case", order="title"):
            item = QListWidgetItem(case["title"])
            item.setData(Qt.ItemDataRole.UserRole, case["id"])  # a string, never None
            shared = case["id"] in peer.case_ids
            item.setCheckState(Qt.CheckState.Checked if shared else Qt.CheckState.Unchecked)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            self.cases.addItem(item)
        (self.everything if peer.scope_all else self.some).setChecked(True)
        self.some.toggled.connect(self.cases.setEnabled)
        self.cases.setEnabled(self.some.isChecked())
        self.error = error_label("error_share")
        note = QLabel(_("Taking a case away stops its later changes from going to {0}. What "
                        "was sent cannot be called back.").format(peer.name))
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Share"))
        self.ok.setObjectName("share_ok")
        self.ok.setAccessibleName(_("Share"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setAccessibleName(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.everything)
        layout.addWidget(self.some)
        layout.addWidget(self.cases)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(460, 420)

    def checked_case_ids(self) -> list[str]:
        ids = []
        for row in range(self.cases.count()):
            item = self.cases.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return ids

    def accept(self) -> None:
        try:
            bundles.peers(self.session).set_scope(self.peer.name,
                                               everything=self.everything.isChecked(),
                                               case_ids=self.checked_case_ids())
        except CasefileError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


class RemoveContactDialog(QDialog):
    """Stop trusting a contact; optionally revoke their key (a seized or lost device)."""

    def __init__(self, session: Session, peer: Peer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.peer = peer
        self.setObjectName("remove_contact_dialog")
        title = _("Remove {0}").format(peer.name)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        explain = QLabel(_("casefile will send {0} nothing more and will not open bundles "
                           "signed by them. What they sent before stays in this vault.")
                         .format(peer.name))
        explain.setWordWrap(True)
        self.revoke = QCheckBox(_("Revoke their key"), objectName="remove_revoke")
        self.revoke.setAccessibleName(_("Revoke their key"))
        why = QLabel(_("Their device may be in someone else's hands (seized, lost, stolen): "
                       "also refuse their changes that other groups pass on. This cannot be "
                       "undone."))
        why.setWordWrap(True)
        why.setContentsMargins(24, 0, 0, 0)  # under the box's text
        self.error = error_label("error_remove")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Remove"))
        self.ok.setObjectName("remove_ok")
        self.ok.setAccessibleName(_("Remove"))
        self.ok.setAutoDefault(False)  # Enter must not remove by accident
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setAccessibleName(_("Cancel"))
        cancel.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.revoke)
        layout.addWidget(why)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(460, 220)

    def accept(self) -> None:
        try:
            bundles.remove_contact(self.session, self.peer.name, revoke=self.revoke.isChecked())
        except CasefileError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


# -- the page --------------------------------------------------------------------------------

class SyncPage(QWidget):
    """Everything about keeping in step with other groups; ``open_requested(type, id)``."""

    open_requested = Signal(str, str)
    records_changed = Signal()  # an import or a resolved conflict changed records

    def __init__(self, session: Session, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        # Kept for symmetry with the other pages; bundles cannot use it (see the docstring).
        self.worker = worker
        self.setObjectName("page_sync")
        self._identity_json = ""
        self._peers: list[Peer] = []
        self._conflicts: list[dict[str, Any]] = []
        self.add_dialog: AddContactDialog | None = None
        self.share_dialog: ShareDialog | None = None
        self.remove_dialog: RemoveContactDialog | None = None
        self._build_identity()
        self._build_contacts()
        self._build_conflicts()
        self._build_log()
        # Bundles written and applied by themselves, through a folder a sync tool carries.
        self.exchange = ExchangeBox(session, self)
        self.exchange.records_changed.connect(self.refresh)
        self.exchange.records_changed.connect(self.records_changed.emit)
        self._build_layout()

    # -- building ------------------------------------------------------------------------

    def _build_identity(self) -> None:
        self.qr = QLabel(objectName="sync_qr")
        self.qr.setAccessibleName(_("QR code of this vault's identity"))
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setFixedSize(QR_BOX, QR_BOX)
        self.fingerprint = _fingerprint_field("sync_fingerprint",
                                              _("This vault's fingerprint"), 16)
        self.copy_button = _button(_("Copy identity"), "sync_copy_identity",
                                   _("Copy this vault's identity"))
        self.copy_button.clicked.connect(self.copy_identity)

    def _build_contacts(self) -> None:
        self.contacts = _table("sync_contacts", _("Trusted contacts"), [
            _("Contact's name"), _("Fingerprint"), _("Shared with them"), _("Last bundle sent"),
            _("Last bundle received")], multi=True)
        self.add_button = _button(_("Add contact…"), "sync_add_contact")
        self.share_button = _button(_("Share…"), "sync_share",
                                    _("Choose what to share with the selected contact"))
        self.export_button = _button(_("Export bundle…"), "sync_export",
                                     _("Export a bundle for the selected contacts"))
        self.import_button = _button(_("Import bundle…"), "sync_import")
        # Off by default: scans and photos make bundles large, and messengers limit size.
        self.with_files = QCheckBox(_("With attached files"), objectName="sync_with_files")
        self.with_files.setToolTip(_("Also carry the scans and photos attached to the shared "
                                     "records that have not gone to them yet (up to {0} MB a "
                                     "bundle)").format(FILES_PER_BUNDLE // (1024 * 1024)))
        self.add_button.clicked.connect(self.add_contact)
        self.share_button.clicked.connect(self.share)
        self.remove_button = _button(_("Remove…"), "sync_remove",
                                     _("Stop trusting the selected contact"))
        self.remove_button.clicked.connect(self.remove_contact)
        self.export_button.clicked.connect(self.export_bundle)
        self.import_button.clicked.connect(self.import_bundle)
        self.contacts.itemSelectionChanged.connect(self._update_buttons)
        self.result = QLabel(objectName="sync_result")
        self.result.setAccessibleName(_("Result of the last export or import"))
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _build_conflicts(self) -> None:
        self.conflicts = _table("sync_conflicts", _("Conflicts"), [
            _("Record"), _("Field"), _("My value"), _("Their value")])
        self.keep_mine = _button(_("Keep mine"), "sync_keep_mine", _("Keep my value"))
        self.keep_theirs = _button(_("Keep theirs"), "sync_keep_theirs", _("Keep their value"))
        self.keep_mine.clicked.connect(lambda: self.resolve("mine"))
        self.keep_theirs.clicked.connect(lambda: self.resolve("theirs"))
        self.conflicts.itemSelectionChanged.connect(self._update_buttons)
        self.conflicts.activated.connect(self._open_conflict)

    def _build_log(self) -> None:
        self.log = _table("sync_log", _("Exchange log"), [
            _("Date"), _("Direction"), _("Contact"), _("Bundle"), _("Writes"), _("Records"),
            _("Conflicts"), _("Note")])

    def _build_layout(self) -> None:
        heading = QLabel(_("Sync"))
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        me = QGroupBox(_("This vault"))
        me.setAccessibleName(_("This vault"))
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
        top = QHBoxLayout(me)
        top.addWidget(self.qr)
        top.addLayout(words, 1)

        contacts_tab = QWidget()
        cv = QVBoxLayout(contacts_tab)
        cv.addWidget(self.contacts)
        row = QHBoxLayout()
        for button in (self.add_button, self.share_button, self.remove_button,
                       self.export_button):
            row.addWidget(button)
        row.addWidget(self.with_files)
        row.addStretch(1)
        cv.addLayout(row)

        conflicts_tab = QWidget()
        fv = QVBoxLayout(conflicts_tab)
        hint = QLabel(_("Both sides changed the same field. Until you choose, the newer value "
                        "is shown. Double-click a line to open the record."))
        hint.setWordWrap(True)
        fv.addWidget(hint)
        fv.addWidget(self.conflicts)
        row = QHBoxLayout()
        row.addWidget(self.keep_mine)
        row.addWidget(self.keep_theirs)
        row.addStretch(1)
        fv.addLayout(row)

        self.tabs = QTabWidget(objectName="sync_tabs")
        self.tabs.setAccessibleName(_("Sync"))
        self.tabs.addTab(contacts_tab, _("Trusted contacts"))
        self.tabs.addTab(conflicts_tab, _("Conflicts"))
        self.tabs.addTab(self.log, _("Exchange log"))

        bottom = QHBoxLayout()
        bottom.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignTop)
        bottom.addWidget(self.result, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(me)
        layout.addWidget(self.exchange)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self._update_buttons()

    # -- loading -------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        # Loaded when first looked at (a vault without an identity gets one only then) and
        # again each time, as case titles and conflicts change elsewhere.
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        self._show_identity()
        self._show_contacts()
        self._show_conflicts()
        self._show_log()
        self._update_buttons()

    def _show_identity(self) -> None:
        public = bundles.identity(self.session).public
        text = public.to_json()
        if text != self._identity_json:
            self._identity_json = text
            self.fingerprint.setText(public.fingerprint)
            self.fingerprint.setCursorPosition(0)
            self.qr.setPixmap(QPixmap.fromImage(qr_image(text)))

    def _scope(self, peer: Peer) -> str:
        if peer.scope_all:
            return _("everything")
        if not peer.case_ids:
            return _("nothing yet")
        titles = []
        for case_id in peer.case_ids:
            try:
                titles.append(self.session.get("case", case_id)["title"])
            except CasefileError:
                titles.append(_("(deleted case)"))
        return "; ".join(sorted(titles))

    @staticmethod
    def _last(log: list[dict[str, Any]], direction: str) -> str:
        done = [e for e in log if e["direction"] == direction]
        if not done:
            return "—"
        return f"#{done[-1]['sender_seq']}, {local_time(done[-1]['at'])}"

    def _show_contacts(self) -> None:
        store = bundles.peers(self.session)
        self._peers = store.all()
        rows = []
        for peer in self._peers:
            log = store.exchanges(peer.name)
            fingerprint = PublicIdentity(peer.signing_key, peer.public_key).fingerprint
            rows.append([peer.name, fingerprint, self._scope(peer),
                         self._last(log, "export"), self._last(log, "import")])
        _fill(self.contacts, rows)
        for row in range(len(rows)):
            item = self.contacts.item(row, 1)
            if item is not None:
                _mono(item, self.contacts.font().pointSize())
        self.contacts.resizeColumnsToContents()

    def _record_title(self, conflict: dict[str, Any]) -> str:
        label = _(SPECS[conflict["type"]].label) if conflict["type"] in SPECS else ""
        try:
            title = record_title(self.session.get_any(conflict["record_id"]))
        except CasefileError:
            title = _("(deleted record)")
        return f"{label}: {title}" if label else title

    def _show_conflicts(self) -> None:
        self._conflicts = bundles.conflicts(self.session)
        rows = []
        for c in self._conflicts:
            mine = [v for v in c["values"] if v["mine"]]
            theirs = [v for v in c["values"] if not v["mine"]]
            rows.append([
                self._record_title(c), field_label(c["type"], c["field"]),
                " / ".join(shown_value(c["type"], c["field"], v["value"]) for v in mine) or "—",
                " / ".join(shown_value(c["type"], c["field"], v["value"]) for v in theirs)
                or "—"])
        _fill(self.conflicts, rows)
        self.tabs.setTabText(1, _("Conflicts ({0})").format(len(rows)) if rows
                             else _("Conflicts"))

    def _show_log(self) -> None:
        rows = []
        for e in reversed(bundles.peers(self.session).exchanges()):  # newest first
            arrow = "→" if e["direction"] == "export" else "←"
            rows.append([local_time(e["at"]), arrow, e["peer"], f"#{e['sender_seq']}",
                         str(e["writes"]), str(e["records"]), str(e["conflicts"]),
                         e["note"] or ""])
        _fill(self.log, rows)

    def _update_buttons(self) -> None:
        chosen = self.selected_contacts()
        self.share_button.setEnabled(len(chosen) == 1)
        self.remove_button.setEnabled(len(chosen) == 1)
        self.export_button.setEnabled(bool(chosen))
        self.with_files.setEnabled(bool(chosen))
        has_conflict = self._current_conflict() is not None
        self.keep_mine.setEnabled(has_conflict)
        self.keep_theirs.setEnabled(has_conflict)

    def selected_contacts(self) -> list[str]:
        rows = sorted({i.row() for i in self.contacts.selectionModel().selectedRows()})
        return [self._peers[r].name for r in rows if r < len(self._peers)]

    def _current_conflict(self) -> dict[str, Any] | None:
        rows = [i.row() for i in self.conflicts.selectionModel().selectedRows()]
        return self._conflicts[rows[0]] if rows and rows[0] < len(self._conflicts) else None

    # -- messages ------------------------------------------------------------------------

    def _say(self, text: str, *, error: bool = False) -> None:
        self.result.setStyleSheet(ERROR_STYLE if error else "")
        self.result.setProperty("error", error)
        self.result.setText(text)

    # -- actions -------------------------------------------------------------------------

    def copy_identity(self) -> None:
        # Public: no clipboard clearing needed, unlike phone numbers and addresses.
        QGuiApplication.clipboard().setText(bundles.identity(self.session).public.to_json())
        self._say(_("This vault's identity is on the clipboard."))

    def add_contact(self) -> None:
        self.add_dialog = AddContactDialog(self.session, self)
        self.add_dialog.accepted.connect(self._contact_added)
        self.add_dialog.finished.connect(self.add_dialog.deleteLater)
        self.add_dialog.open()

    def _contact_added(self) -> None:
        dialog = self.add_dialog
        self.refresh()
        if dialog is not None and dialog.peer is not None:
            self._say(_("{0} is now a trusted contact. Choose what to share with them.")
                      .format(dialog.peer.name))
            for row, peer in enumerate(self._peers):
                if peer.name == dialog.peer.name:
                    self.contacts.selectRow(row)
        self.add_dialog = None

    def share(self) -> None:
        chosen = self.selected_contacts()
        if len(chosen) != 1:
            return
        self.share_dialog = ShareDialog(self.session, bundles.peers(self.session).get(chosen[0]),
                                        self)
        self.share_dialog.accepted.connect(self._shared)
        self.share_dialog.finished.connect(self.share_dialog.deleteLater)
        self.share_dialog.open()

    def remove_contact(self) -> None:
        chosen = self.selected_contacts()
        if len(chosen) != 1:
            return
        self.remove_dialog = RemoveContactDialog(
            self.session, bundles.peers(self.session).get(chosen[0]), self)
        self.remove_dialog.accepted.connect(self._removed)
        self.remove_dialog.finished.connect(self.remove_dialog.deleteLater)
        self.remove_dialog.open()

    def _removed(self) -> None:
        dialog, self.remove_dialog = self.remove_dialog, None
        self.refresh()
        if dialog is not None:
            self._say((_("{0} is no longer trusted, and their key is revoked")
                       if dialog.revoke.isChecked() else _("{0} is no longer trusted"))
                      .format(dialog.peer.name))

    def _shared(self) -> None:
        chosen = self.selected_contacts()
        self.share_dialog = None
        self.refresh()
        for row, peer in enumerate(self._peers):
            if peer.name in chosen:
                self.contacts.selectRow(row)

    def export_bundle(self) -> None:
        names = self.selected_contacts()
        if not names:
            return
        start = str(Path.home() / suggested_name())
        path, _filter = FileDialog.getSaveFileName(
            self, _("Export bundle"), start, _("casefile bundles (*.cfb)"))
        if not path:
            return
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(BUNDLE_SUFFIX)
        files = self.with_files.isChecked()
        try:
            result = run_off_ui(self, _("Encrypting and signing the bundle…"), self.session,
                                lambda s: bundles.export_bundle(s, names, target, files=files))
        except (CasefileError, OSError) as exc:
            self._say(_("Nothing was exported: {0}").format(exc), error=True)
            return
        self.refresh()
        count = result["writes"]
        lines = [ngettext("{0} write sent to {1}", "{0} writes sent to {1}", count).format(
            count, ", ".join(result["recipients"]))]
        if files:
            lines.append(ngettext("{0} attached file", "{0} attached files",
                                  result["files"]).format(result["files"]))
        lines += result["notes"]
        lines.append(_("Saved as {0}").format(target))
        self._say("\n".join(lines))

    def import_bundle(self) -> None:
        path, _filter = FileDialog.getOpenFileName(
            self, _("Import bundle"), str(Path.home()),
            _("casefile bundles (*.cfb);;All files (*)"))
        if not path:
            return
        source = Path(path)
        try:
            preview = run_off_ui(self, _("Checking the bundle…"), self.session,
                                 lambda s: bundles.preview_bundle(s, source))
        except (CasefileError, OSError) as exc:
            self._say(_("Nothing was imported: {0}").format(exc), error=True)
            return
        summary = "\n".join([bundles.summary_line(preview), *preview.notes,
                              *_change_lines(preview.records)])
        answer = QMessageBox.question(
            self, _("Import bundle"), _("Apply this bundle?") + "\n\n" + summary,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            self._say(_("Nothing was imported."))
            return
        try:
            report = run_off_ui(self, _("Checking and applying the bundle…"), self.session,
                                lambda s: bundles.import_bundle(s, source))
        except (CasefileError, OSError) as exc:
            self._say(_("Nothing was imported: {0}").format(exc), error=True)
            return
        self.refresh()
        self.records_changed.emit()
        lines = [bundles.summary_line(report), *report.notes]
        if report.conflicts:
            lines.append(_("Both versions of each conflicting field are kept: choose under "
                           "Conflicts."))
            self.tabs.setCurrentIndex(1)
        self._say("\n".join(lines))
        answer = QMessageBox.question(
            self, _("Delete bundle"),
            _("Delete the bundle file now? A signed bundle left on a seized disk proves who "
              "wrote what."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            shred(source)
        except OSError as exc:
            lines.append(_("The bundle file could not be deleted: {0}").format(exc))
            self._say("\n".join(lines), error=True)
            return
        lines.append(_("The bundle file was overwritten and deleted."))
        self._say("\n".join(lines))

    def resolve(self, keep: str) -> None:
        conflict = self._current_conflict()
        if conflict is None:
            return
        try:
            bundles.resolve(self.session, conflict["id"], keep)
        except CasefileError as exc:
            self._say(str(exc), error=True)
        self.refresh()
        self.records_changed.emit()

    def _open_conflict(self, index: QModelIndex) -> None:
        if not index.isValid() or index.row() >= len(self._conflicts):
            return
        conflict = self._conflicts[index.row()]
        try:
            self.session.get_any(conflict["record_id"])
        except CasefileError:
            return  # deleted here: nothing to open
        self.open_requested.emit(conflict["type"], conflict["record_id"])
