"""List items that point at a record, stored as "type/id" text.

Every item carries a string, never nothing: with PySide6 6.12 on Python 3.11, each ``None``
that Qt hands back to Python (``item.data()`` of an empty role) loses a reference to None,
and enough of them abort the process.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem

TARGET = Qt.ItemDataRole.UserRole


def target_item(text: str, target: str) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setData(TARGET, target)
    return item


def heading_item(text: str) -> QListWidgetItem:
    item = target_item(text, "")
    font = item.font()
    font.setBold(True)
    item.setFont(font)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    return item


def item_target(item: QListWidgetItem) -> tuple[str, str] | None:
    value = item.data(TARGET)
    kind, _sep, record_id = str(value or "").partition("/")
    return (kind, record_id) if record_id else None
