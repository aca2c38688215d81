"""Small widgets every dialog makes the same way: a red error line, a passphrase field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

ERROR_STYLE = "color: #b00020;"


def error_label(object_name: str, *, selectable: bool = False) -> QLabel:
    """Where a dialog says what is wrong: red, wrapped, empty until then."""
    label = QLabel(objectName=object_name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def password_field(object_name: str, accessible_name: str) -> QLineEdit:
    """A line that shows dots for what is typed (a passphrase, a recovery code)."""
    field = QLineEdit(objectName=object_name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible_name)
    return field
