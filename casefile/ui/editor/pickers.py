"""Records chosen by typing part of a name: one (``RecordPicker``) or an ordered list
(``RefListField``)."""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.describe import shown_title
from casefile.domain.errors import CasefileError, NotFoundError
from casefile.domain.records import SPECS
from casefile.i18n import _
from casefile.services.records.session import Session, StorageError

PICKER_LIMIT = 50


class RecordPicker(QComboBox):
    """Choose one record of ``record_type`` by typing part of its name.

    The drop-down's items are the records found for what is typed (full text, in SQL,
    at most PICKER_LIMIT); the completer shows them unfiltered because the search already
    matched stems and transliterations the typed text may not literally contain.
    """

    # The chosen id, or "" when none. Not Signal(object): PySide6 6.12 on Python 3.11 drops
    # a reference to None each time one crosses from Qt to Python (None arriving through
    # a signal, or an empty QVariant from currentData()/item.data()), and crashes later.
    chosen = Signal(str)

    def __init__(self, session: Session, record_type: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.record_type = record_type
        self._id: str | None = None
        self._title = ""
        self._ids: list[str] = []  # the items' ids, kept here rather than read back from Qt
        self.setEditable(True)
        self.edit = QLineEdit()
        self.setLineEdit(self.edit)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        # Not as wide as its placeholder: a form must fit a 1024 px screen.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        label = _(SPECS[record_type].label).lower()
        placeholder = _("Which {0}? Type to search…").format(label)
        # A combo placeholder also stops Qt from selecting the first result as it arrives.
        self.setPlaceholderText(placeholder)
        self.edit.setPlaceholderText(placeholder)
        self.suggestions = QCompleter(self.model(), self)
        self.suggestions.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.suggestions.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(self.suggestions)
        self.edit.textEdited.connect(self._typed)
        self.currentIndexChanged.connect(self._picked)

    # -- value ---------------------------------------------------------------------------

    def value(self) -> str | None:
        return self._id

    def set_value(self, record_id: str | None) -> None:
        self._id, self._title = None, ""
        records = []
        if record_id:
            try:
                records = [self.session.get(self.record_type, record_id)]
            except NotFoundError:
                records = []
            self._id = record_id
            self._title = shown_title(records[0]) if records else record_id
        self._fill(records, self._title)
        self.edit.setCursorPosition(0)  # a long facility's name shows its start
        self.chosen.emit(self._id or "")

    def pending_error(self) -> str | None:
        """Text typed but nothing chosen: a clear exact match is taken, otherwise refused."""
        text = self.edit.text().strip()
        if not text or self._id is not None:
            return None
        exact = [row for row in range(self.count())
                 if self.itemText(row).casefold() == text.casefold()]
        if len(exact) == 1:
            self.setCurrentIndex(exact[0])
            return None
        return _("choose one of the suggestions, or clear the field")

    # -- searching -----------------------------------------------------------------------

    def _search(self, text: str) -> list[dict[str, Any]]:
        try:
            return self.session.list(self.record_type, match=text.strip() or None,
                                     limit=PICKER_LIMIT)
        except (CasefileError, StorageError):
            return []

    def _fill(self, records: list[dict[str, Any]], text: str) -> None:
        """Replace the items with ``records`` without disturbing what is being typed."""
        cursor = self.edit.cursorPosition()
        blocked = self.blockSignals(True)
        self.clear()
        self._ids = [record["id"] for record in records]
        for record in records:
            self.addItem(shown_title(record))
        self.setCurrentIndex(self._ids.index(self._id) if self._id in self._ids else -1)
        self.setEditText(text)
        self.edit.setCursorPosition(min(cursor, len(text)))
        self.blockSignals(blocked)

    def _typed(self, text: str) -> None:
        if self._id is not None and text.strip() != self._title:
            self._id, self._title = None, ""
            self.chosen.emit("")
        self._fill(self._search(text), text)
        if text.strip():
            self.suggestions.complete()

    def showPopup(self) -> None:  # noqa: N802 - Qt API
        text = self.edit.text()
        if not text.strip() or text.strip() == self._title:
            records = self._search("")
            if self._id and self._id not in {r["id"] for r in records}:
                with contextlib.suppress(CasefileError):
                    records.insert(0, self.session.get(self.record_type, self._id))
            self._fill(records, text)
        super().showPopup()

    def _picked(self, row: int) -> None:
        if not 0 <= row < len(self._ids):
            return
        record_id = self._ids[row]
        popup = self.suggestions.popup()
        if popup is not None and popup.isVisible():
            popup.hide()  # chosen (from the drop-down or by keys): the suggestions are done
        if record_id != self._id:
            self._id, self._title = record_id, self.itemText(row)
            self.chosen.emit(record_id)


class RefListField(QWidget):
    """An ordered list of chosen records, added with a picker and removed with a button."""

    changed = Signal()

    def __init__(self, session: Session, record_type: str, label: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.record_type = record_type
        self.list = QListWidget()
        self.list.setAccessibleName(label)
        self.list.setMaximumHeight(110)
        self.picker = RecordPicker(session, record_type)
        self.picker.setAccessibleName(_("{0}: add").format(label))
        self.add_button = QPushButton(_("Add"))
        self.add_button.setAccessibleName(_("Add to {0}").format(label))
        self.add_button.setEnabled(False)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setAccessibleName(_("Remove from {0}").format(label))
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.picker)  # the buttons under it: narrow enough for 1024 px
        layout.addLayout(row)
        self.picker.chosen.connect(lambda rid: self.add_button.setEnabled(bool(rid)))
        self.picker.edit.returnPressed.connect(self.add_chosen)
        self.add_button.clicked.connect(self.add_chosen)
        self.remove_button.clicked.connect(self.remove_selected)

    def add_chosen(self) -> None:
        record_id = self.picker.value()
        if record_id is None:
            return
        if record_id not in self.value():
            item = QListWidgetItem(self.picker.currentText())
            item.setData(Qt.ItemDataRole.UserRole, record_id)
            self.list.addItem(item)
            self.changed.emit()
        self.picker.set_value(None)
        self.picker.setFocus()

    def remove_selected(self) -> None:
        rows = sorted((self.list.row(i) for i in self.list.selectedItems()), reverse=True)
        if not rows and self.list.currentRow() >= 0:
            rows = [self.list.currentRow()]
        for row in rows:
            self.list.takeItem(row)
        if rows:
            self.changed.emit()

    def value(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.list.count())]

    def set_value(self, ids: list[str] | None) -> None:
        self.list.clear()
        for record_id in ids or []:
            try:
                title = shown_title(self.session.get(self.record_type, record_id))
            except NotFoundError:
                title = record_id
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, record_id)
            self.list.addItem(item)
        self.picker.set_value(None)

    def pending_error(self) -> str | None:
        if self.picker.value() is not None or self.picker.edit.text().strip():
            return _("press Add to add the chosen record, or clear the search field")
        return None
