"""Small widgets every dialog makes the same way: a red error line, a passphrase field, and
``named`` for giving any widget or action the object name tests and shortcuts find it by."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QLineEdit

ERROR_STYLE = "color: #b00020;"

Named = TypeVar("Named", bound=QObject)


def named(thing: Named, object_name: str) -> Named:
    """``thing`` with its object name set. (Qt takes ``objectName=`` in any constructor, but
    PySide6's type stubs list it only for QObject's own.)"""
    thing.setObjectName(object_name)
    return thing


def error_label(object_name: str, *, selectable: bool = False) -> QLabel:
    """Where a dialog says what is wrong: red, wrapped, empty until then."""
    label = named(QLabel(), object_name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def password_field(object_name: str, accessible_name: str) -> QLineEdit:
    """A line that shows dots for what is typed (a passphrase, a recovery code)."""
    field = named(QLineEdit(), object_name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible_name)
    return field
