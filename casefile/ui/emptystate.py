"""First steps in an empty vault: what a section is for and what to do next.

A record list with no records at all (not one a filter emptied) gives its place to a message —
"No letters yet." — saying what the section holds, how to add the first record, and a button
that does it (with, where a spreadsheet can fill the section, one that imports it). The
dashboard of an empty vault says how to start: add a person, import a spreadsheet, open the
demo vault, read the help.

The buttons trigger the window's own actions (the menus' and the toolbar's), found by name,
so each thing a person can do still exists once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.records import SPECS
from casefile.i18n import N_, _
from casefile.services.interop.tablemap import TABLE_TYPES
from casefile.services.records.session import Session
from casefile.ui.icons import icon
from casefile.ui.widgets import named

if TYPE_CHECKING:
    from casefile.ui.recordpage import RecordPage

TEXT_WIDTH = 460  # a message's lines stay short enough to read

# record type -> (heading, what the section is for, what to do next with {0} the key of
# New, the main button)
EMPTY: dict[str, tuple[str, str, str, str]] = {
    "person": (N_("No people yet."),
               N_("Here are the people your group supports: where each one is held, their "
                  "cases, letters, parcels and money."),
               N_("Press {0} to add the first one, or import a list you keep in a "
                  "spreadsheet."),
               N_("&Add a person")),
    "case": (N_("No cases yet."),
             N_("A case holds its number, court, stage and how long the preventive measure "
                "runs; its hearings and events make its timeline."),
             N_("Press {0} to add the first one."),
             N_("&Add a case")),
    "hearing": (N_("No hearings yet."),
                N_("Court hearings with their date, time and court; the coming ones show on "
                   "the dashboard and on their case's page."),
                N_("Press {0} to add the first one."),
                N_("&Add a hearing")),
    "letter": (N_("No letters yet."),
               N_("Letters to and from prison: drafts, sent, answered. casefile prints them, "
                  "and their envelopes."),
               N_("Press {0} to write the first one, or import them from a spreadsheet."),
               N_("&Write a letter")),
    "parcel": (N_("No parcels yet."),
               N_("Parcels and what is in them, checked against what the facility allows; "
                  "the list of items prints as the facility's form."),
               N_("Press {0} to plan the first one."),
               N_("P&lan a parcel")),
    "contact": (N_("No contacts yet."),
                N_("Lawyers, relatives, journalists and others who help; lawyers come first."),
                N_("Press {0} to add the first one, or import them from a spreadsheet."),
                N_("&Add a contact")),
    "facility": (N_("No facilities yet."),
                 N_("Pre-trial detention centres and prisons: their addresses for letters, "
                    "their time zones and the parcel limits they set."),
                 N_("Press {0} to add the first one, or import them from a spreadsheet."),
                 N_("&Add a facility")),
    "payment": (N_("No money recorded yet."),
                N_("Donations received and money spent, for each person and case."),
                N_("Press {0} to record the first payment, or import them from a "
                   "spreadsheet."),
                N_("Rec&ord a payment")),
    "event": (N_("No events yet."),
              N_("What happened in a case: a search, an arrest, a charge, a transfer. Events "
                 "show on the case's timeline."),
              N_("Press {0} to note the first one."),
              N_("&Add an event")),
    "task": (N_("No tasks yet."),
             N_("Things to do and by when; the open ones show on the dashboard."),
             N_("Press {0} to add the first one."),
             N_("&Add a task")),
}


def trigger(widget: QWidget, name: str) -> bool:
    """Trigger the window's action called ``name`` (a menu's or the toolbar's), if it is
    there and enabled."""
    action = widget.window().findChild(QAction, name)
    if action is None or not action.isEnabled():
        return False
    action.trigger()
    return True


def new_key() -> str:
    """How this platform writes the New key (Ctrl+N; ⌘N on a Mac)."""
    return QKeySequence(QKeySequence.StandardKey.New).toString(
        QKeySequence.SequenceFormat.NativeText) or "Ctrl+N"


def message(heading: str, lines: Sequence[str], buttons: Sequence[QPushButton],
            name: str, more: Sequence[QPushButton] = ()) -> QWidget:
    """A message centred in its place: a heading, a few lines, a row of buttons (and a
    second row, ``more``, so that a narrow window need not fit them all on one)."""
    column = QWidget()
    column.setMaximumWidth(TEXT_WIDTH)
    texts = QVBoxLayout(column)
    title = named(QLabel(heading), f"{name}_heading")
    title.setStyleSheet("font-size: 14pt; font-weight: bold;")
    labels = [title]
    for number, line in enumerate(lines):
        labels.append(named(QLabel(line), f"{name}_text{number}"))
    for label in labels:
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        texts.addWidget(label)
    middle = QHBoxLayout()
    # The text takes the width there is, up to TEXT_WIDTH; the rest is even on both sides.
    middle.addStretch(1)
    middle.addWidget(column, 100)
    middle.addStretch(1)
    panel = named(QWidget(), name)
    layout = QVBoxLayout(panel)
    layout.addStretch(1)
    layout.addLayout(middle)
    for row_buttons in (buttons, more):
        row = QHBoxLayout()  # the buttons may be wider than the text
        row.addStretch(1)
        for button in row_buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
    layout.addStretch(2)
    return panel


def button(text: str, name: str, icon_name: str, slot: Callable[[], object]) -> QPushButton:
    result = named(QPushButton(icon(icon_name), text), name)
    result.clicked.connect(lambda _checked=False: slot())
    return result


class EmptyList(QStackedWidget):
    """A record page's list, or — while there are no records of its type — the message
    saying what to do. Takes the list's place in the page's layout."""

    def __init__(self, page: RecordPage) -> None:
        super().__init__()
        self.setObjectName("list_or_empty")
        self.page = page
        heading, purpose, hint, action = EMPTY[page.record_type]
        self.new_button = button(_(action), "empty_new", "add", self.start_new)
        self.buttons = [self.new_button]
        if page.record_type in TABLE_TYPES:
            self.buttons.append(button(_("Import from spreadsheet…"), "empty_import", "import",
                                       self.start_import))
        self.addWidget(page.view)
        # One under the other: side by side, Russian's two buttons held the window 986 px wide.
        self.addWidget(message(_(heading), [_(purpose), _(hint).format(new_key())],
                               self.buttons[:1], "empty", self.buttons[1:]))
        page.model.modelReset.connect(self.update_shown)
        page.filter.textChanged.connect(self.update_shown)
        self.update_shown()

    @property
    def empty(self) -> bool:
        """No records of this type at all (a filter that finds nothing shows the list)."""
        return self.page.model.total == 0 and not self.page.filter.text().strip()

    def update_shown(self) -> None:
        empty = self.empty
        self.setCurrentIndex(1 if empty else 0)
        # The section's key (Alt+1…) puts the keyboard in the list: here, on the button.
        proxy = self.new_button if empty else None
        self.page.view.setFocusProxy(proxy)  # type: ignore[arg-type]  # None: none; the stubs lack it

    def start_import(self) -> None:
        """The window's spreadsheet import, with this section's records chosen as what the
        rows are (the wizard opened from the toolbar starts from the first type)."""
        if trigger(self, "import_table"):
            wizard = getattr(self.window(), "table_wizard", None)
            if wizard is not None:
                wizard.choose_type(self.page.record_type)

    def start_new(self) -> None:
        """The blank form of a new record, with the cursor in its first field."""
        self.page.new_button.click()
        field = self.page.first_field()
        if field is not None and not self.page.editor.is_dirty:
            field.setFocus(Qt.FocusReason.OtherFocusReason)


def vault_is_empty(session: Session) -> bool:
    """Not one record of any type in the vault."""
    return all(session.count(record_type) == 0 for record_type in SPECS)


class Welcome(QWidget):
    """The dashboard of an empty vault: how to start. Shown instead of ``instead``."""

    def __init__(self, session: Session, instead: Sequence[QWidget]) -> None:
        super().__init__()
        self.setObjectName("welcome")
        self.session = session
        self.instead = list(instead)
        self.buttons = [
            button(_("&Add a person"), "welcome_person", "add", self._add_person),
            button(_("Import from spreadsheet…"), "welcome_import", "import",
                   lambda: trigger(self, "import_table")),
            button(_("Open the demo vault"), "welcome_demo", "demo",
                   lambda: trigger(self, "menu_demo")),
            button(_("Help"), "welcome_help", "help", lambda: trigger(self, "menu_help")),
        ]
        # Day one is when a recovery code and backups are set up, or never.
        self.safety_button = button(_("Vault sec&urity…"), "welcome_security", "shield",
                                    lambda: trigger(self, "vault_settings"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(message(_("This vault is empty"), [
            _("Start with the people your group supports: add the first person, or import a "
              "list you already keep in a spreadsheet."),
            _("To look around first, open the demo vault: made-up people, cases, letters and "
              "parcels. This vault stays as it is."),
            _("Press F1 at any time for help and the keyboard shortcuts."),
            _("Keep the vault safe from the first day: a recovery code for a forgotten "
              "passphrase, and backups to a USB stick, both in Vault security…")],
            self.buttons, "welcome_message", [self.safety_button]))

    def refresh(self) -> None:
        """Show the welcome while the vault is empty, the dashboard once it is not."""
        empty = vault_is_empty(self.session)
        self.setVisible(empty)
        for widget in self.instead:
            widget.setVisible(not empty)

    def _add_person(self) -> None:
        """People, and a new person's form with the cursor in it (Alt+2, then Ctrl+N)."""
        if trigger(self, "menu_section_person"):
            trigger(self, "menu_new_record")
