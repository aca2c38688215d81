"""Names for the few controls of Qt's own dialogs that Qt leaves without one.

A screen reader reads a control by its accessible name; Qt's print dialog has a "..." button
beside the file name (read out as "dot dot dot"), its printer properties a unit chooser with
no label at all, and a calendar's grid of days has no name. Each dialog is given the missing
names as it is shown, by the same application-wide watch on dialogs that fits them to the
screen (``screenfit.py``); a date field names its calendar's grid when it makes it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QToolButton, QWidget

from casefile.i18n import N_, _

# Qt's object names for them → what a screen reader should say.
UNNAMED = {
    "fileBrowser": N_("Choose the file to print to"),  # QPrintDialog, beside "Output file"
    "unitCombo": N_("Units for the page size and margins"),  # the printer's properties
    "qt_calendar_calendarview": N_("Calendar"),  # QCalendarWidget's days
}


def name_qt_controls(dialog: QWidget) -> None:
    """Give the unnamed controls of Qt's dialog ``dialog`` their names (ours stay as set)."""
    for object_name, text in UNNAMED.items():
        for control in dialog.findChildren(QWidget, object_name):
            if not control.accessibleName():
                control.setAccessibleName(_(text))


CLEAR_ACTION = "_q_qlineeditclearaction"  # Qt's object name for a field's clear button


def name_field_buttons(field: QLineEdit) -> None:
    """The buttons inside a field — its clear button, an icon — that Qt leaves nameless (a
    screen reader says only "button"): the clear button says what it does, the others their
    action's text."""
    for button in field.findChildren(QToolButton):
        action = button.defaultAction()
        if button.accessibleName() or action is None:
            continue
        if action.objectName() == CLEAR_ACTION:
            button.setAccessibleName(_("Clear the field"))
        elif action.text():
            button.setAccessibleName(action.text())
