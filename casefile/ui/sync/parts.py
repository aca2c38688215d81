"""What the Sync page's parts make alike: tables of text, buttons, fingerprint lines, the
OK/Cancel row of a dialog, exchange times on this computer's clock."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from casefile.i18n import _, format_date
from casefile.ui.widgets import named


def mono(widget: QWidget | QTableWidgetItem, points: int) -> None:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSize(max(points, 1))
    widget.setFont(font)


def fingerprint_field(object_name: str, accessible: str, points: int) -> QLineEdit:
    """A read-only line for a fingerprint: large, monospaced, selectable.

    A line rather than a label: people select and copy it, and hex digits are data.
    """
    field = named(QLineEdit(), object_name)
    field.setReadOnly(True)
    field.setFrame(False)
    field.setAccessibleName(accessible)
    mono(field, points)
    return field


def local_time(at: str) -> str:
    """An exchange's UTC time stamp on this computer's clock, in the chosen language."""
    try:
        moment = datetime.fromisoformat(at.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return at
    return f"{format_date(moment.date().isoformat())} {moment:%H:%M}"


def table(object_name: str, accessible: str, headers: list[str], *,
          multi: bool = False) -> QTableWidget:
    shown = named(QTableWidget(0, len(headers)), object_name)
    shown.setHorizontalHeaderLabels(headers)
    shown.setAccessibleName(accessible)
    shown.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    shown.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    shown.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                           else QAbstractItemView.SelectionMode.SingleSelection)
    shown.verticalHeader().setVisible(False)
    shown.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    shown.horizontalHeader().setStretchLastSection(True)
    shown.setWordWrap(False)
    return shown


def fill(shown: QTableWidget, rows: list[list[str]]) -> None:
    """Rows of text only: no item carries user data (see casefile.ui.listitems)."""
    shown.clearSelection()
    shown.setRowCount(0)
    shown.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            shown.setItem(r, c, QTableWidgetItem(text))
    shown.resizeColumnsToContents()


def button(text: str, object_name: str, description: str | None = None) -> QPushButton:
    """A button a screen reader names by what it says (so "Share" is found by saying it);
    ``description``, read out after the name and shown on hover, says what it does."""
    made = named(QPushButton(text), object_name)
    made.setAccessibleName(text.rstrip("…"))
    if description:
        made.setAccessibleDescription(description)
        made.setToolTip(description)
    return made


def ok_cancel(dialog: QDialog, ok_text: str,
              ok_name: str) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """The dialog's OK (named ``ok_name``, saying ``ok_text``) and Cancel, wired to accept and
    reject it."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setObjectName(ok_name)
    ok.setAccessibleName(ok_text)
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setText(_("Cancel"))
    cancel.setAccessibleName(_("Cancel"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok, cancel
