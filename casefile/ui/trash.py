"""Edit → Trash…: records deleted in the last 30 days, to restore or to delete for good.

What the dialog lists and does is casefile.services.records.trash's; restoring brings a
record's last values back (and the deleted records it refers to), never its files.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.describe import shown_title
from casefile.domain.errors import CasefileError
from casefile.domain.records import SPECS
from casefile.i18n import _, format_date, ngettext
from casefile.services.records import trash
from casefile.services.records.session import Session
from casefile.ui.widgets import error_label, named

TYPE, TITLE, ABOUT, WHEN, WHO = range(5)


def headers() -> list[str]:
    # Translated when shown, not at import (the language is chosen after import).
    return [_("Type"), _("Title"), _("Belongs to"), _("Deleted"), _("Deleted by")]


class TrashDialog(QDialog):
    """The trash as a table; Restore and Delete for good act on the row chosen."""

    restored = Signal(list)  # the records brought back, as stored (referred-to ones first)
    forgotten = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("trash_dialog")
        self.setWindowTitle(_("Trash"))
        self.items: list[trash.Deleted] = []
        note = QLabel(ngettext(
            "Deleted records stay here for {0} day, then they are gone. Restoring brings "
            "back a record's last values, here and, with the next bundle, at your contacts; "
            "files that were attached to it do not come back.",
            "Deleted records stay here for {0} days, then they are gone. Restoring brings "
            "back a record's last values, here and, with the next bundle, at your contacts; "
            "files that were attached to it do not come back.",
            trash.KEEP_DAYS).format(trash.KEEP_DAYS))
        note.setWordWrap(True)
        self.table = named(QTableWidget(0, len(headers())), "trash_table")
        self.table.setAccessibleName(_("Deleted records"))
        self.table.setHorizontalHeaderLabels(headers())
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.empty_label = named(QLabel(_("The trash is empty.")), "trash_empty")
        self.error = error_label("trash_error")
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label, 1, Qt.AlignmentFlag.AlignCenter)  # the table's place
        layout.addWidget(self.error)
        layout.addWidget(self._buttons())
        self.resize(860, 440)
        self.refresh()

    def _buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = named(QPushButton(_("&Restore")), "trash_restore")
        self.forget_button = named(QPushButton(_("Delete for &good…")), "trash_forget")
        box.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        box.addButton(self.forget_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.restore_chosen)
        self.forget_button.clicked.connect(self.forget_chosen)
        box.rejected.connect(self.reject)
        return box

    def refresh(self) -> None:
        """The table afresh from the vault."""
        self.items = trash.deleted_records(self.session)
        self.table.setRowCount(0)
        for row, item in enumerate(self.items):
            self.table.insertRow(row)
            local = item.deleted_at.astimezone()  # this computer's time
            when = f"{format_date(local.date().isoformat())} {local:%H:%M}"
            for column, text in ((TYPE, _(SPECS[item.type].label)), (TITLE, item.title),
                                 (ABOUT, item.about), (WHEN, when), (WHO, item.deleted_by)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        self.table.setVisible(bool(self.items))
        self.empty_label.setVisible(not self.items)
        self._update_buttons()

    def chosen(self) -> trash.Deleted | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        for button in (self.restore_button, self.forget_button):
            button.setEnabled(self.chosen() is not None)

    def restore_chosen(self) -> None:
        item = self.chosen()
        if item is None:
            return
        try:
            records: list[dict[str, Any]] = trash.restore(self.session, item.id)
        except CasefileError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        self.refresh()
        self.restored.emit(records)

    def forget_chosen(self) -> None:
        item = self.chosen()
        if item is None:
            return
        no = QMessageBox.StandardButton.No
        box = QMessageBox(QMessageBox.Icon.Question, _("Delete for good"),
                          _("Delete “{0}” for good? It can no longer be restored.")
                          .format(item.title), QMessageBox.StandardButton.Yes | no, self)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.exec()
        if box.clickedButton() is not box.button(QMessageBox.StandardButton.Yes):
            return
        trash.forget(self.session, [item.id])
        self.error.clear()
        self.refresh()
        self.forgotten.emit()


def restored_message(records: list[dict[str, Any]]) -> str:
    """What the status bar says after a restore: the record asked for, and how many it
    brought back with it."""
    title = shown_title(records[-1])
    others = len(records) - 1
    if not others:
        return _("Restored: {0}").format(title)
    return ngettext("Restored: {0}, with {1} record it refers to",
                    "Restored: {0}, with {1} records it refers to", others).format(title, others)
