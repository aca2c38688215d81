"""The toolbar's "Import and export" menu: contacts as vCard, hearings as a calendar file.

Every export says first that the file will not be encrypted (with the export's options in
the same dialog), then asks where to save it. Nothing is added to any list of recent files.
The calendar's dialog also asks whose hearings: every case's, one lawyer's cases' or one
case's (``ask_calendar``, which a case's page and a lawyer's open with theirs chosen).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.errors import CasefileError
from casefile.domain.records import CONTACT_ROLE
from casefile.i18n import _, ngettext
from casefile.services.interop import vcards
from casefile.services.interop.calendar import CalendarReport, Scope, lawyers, write_calendar
from casefile.services.records.session import Session
from casefile.ui.filedialogs import FileDialog
from casefile.ui.widgets import named

STATUS_MS = 15_000


class ExportOptionsDialog(QDialog):
    """The plaintext warning and the export's options, before the file is chosen."""

    def __init__(self, parent: QWidget, title: str, *, initials: bool = False,
                 roles: bool = False, scopes: list[tuple[str, Scope]] | None = None,
                 chosen: Scope | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export_options")
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        warning = named(QLabel(_(
            "The file will not be encrypted: anyone who gets it can read it. Save it only "
            "where you mean to, and delete it when it is no longer needed.")), "warning")
        warning.setWordWrap(True)
        layout.addWidget(warning)
        self.initials = named(QCheckBox(_(
            "Initials only: write initials and the court instead of names")), "initials")
        self.initials.setVisible(initials)
        layout.addWidget(self.initials)
        self.role = named(QComboBox(), "role")
        self.role.setAccessibleName(_("Which contacts"))
        self.role.addItem(_("All contacts"), "")  # never None in item data
        for choice in CONTACT_ROLE:
            self.role.addItem(_(choice.label), choice.value)
        self.role.setVisible(roles)
        layout.addWidget(self.role)
        self.scopes = scopes or [(_("Every case"), Scope())]
        self.scope = named(QComboBox(), "calendar_scope")
        self.scope.setAccessibleName(_("Whose hearings"))
        for label, _scope in self.scopes:
            self.scope.addItem(label)
        self.scope.setCurrentIndex(next((i for i, (_label, one) in enumerate(self.scopes)
                                         if one == chosen), 0))
        self.scope.setVisible(scopes is not None)
        layout.addWidget(self.scope)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)

    def chosen_scope(self) -> Scope:
        return self.scopes[max(0, self.scope.currentIndex())][1]


def calendar_scopes(session: Session) -> list[tuple[str, Scope]]:
    """Every case; then each lawyer's cases; then each case."""
    return ([(_("Every case"), Scope())]
            + [(_("Cases of lawyer {0}").format(c["full_name"]), Scope(lawyer_id=c["id"]))
               for c in lawyers(session)]
            + [(_("Case: {0}").format(c["title"]), Scope(case_id=c["id"]))
               for c in session.list("case")])


def say(widget: QWidget, text: str) -> None:
    """In the status bar of the window ``widget`` is in."""
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, STATUS_MS)


def fail(parent: QWidget, title: str, exc: Exception) -> None:
    message = str(exc) if isinstance(exc, CasefileError) else \
        _("{0}: {1}").format(getattr(exc, "filename", "") or "",
                             getattr(exc, "strerror", "") or exc)
    QMessageBox.warning(parent, title, message)


def ask_calendar(parent: QWidget, session: Session,
                 chosen: Scope | None = None) -> ExportOptionsDialog:
    """The calendar export's dialog (``chosen``: whose hearings it offers first); once
    accepted, where to save the file, and then the file."""
    dialog = ExportOptionsDialog(parent, _("Export calendar"), initials=True,
                                 scopes=calendar_scopes(session), chosen=chosen)
    dialog.accepted.connect(lambda: save_calendar(parent, session, dialog))
    dialog.open()  # window-modal, and it does not block: the answer arrives by signal
    return dialog


def save_calendar(parent: QWidget, session: Session,
                  dialog: ExportOptionsDialog) -> CalendarReport | None:
    path, _filter = FileDialog.getSaveFileName(
        parent, _("Export calendar"), "hearings.ics", _("Calendar files (*.ics)"))
    if not path:
        return None
    try:
        report = write_calendar(session, Path(path), use_initials=dialog.initials.isChecked(),
                                scope=dialog.chosen_scope())
    except (CasefileError, OSError) as exc:
        fail(parent, _("Export calendar"), exc)
        return None
    say(parent, _("{0} and {1} written to {2}").format(
        ngettext("{0} hearing", "{0} hearings", report.hearings).format(report.hearings),
        ngettext("{0} deadline", "{0} deadlines", report.deadlines).format(report.deadlines),
        path))
    return report


class ExchangeMenu:
    """The actions, and the dialogs they open; ``session`` gives the open vault or None."""

    def __init__(self, window: QMainWindow, session: Callable[[], Session | None],
                 changed: Callable[[], None]) -> None:
        self.window = window
        self.session = session
        self.changed = changed
        self.dialog: ExportOptionsDialog | None = None
        self.export_contacts_action = named(QAction(_("Export contacts (vCard)…"), window),
                                            "export_vcard")
        self.export_contacts_action.triggered.connect(self.export_contacts)
        self.import_contacts_action = named(QAction(_("Import contacts (vCard)…"), window),
                                            "import_vcard")
        self.import_contacts_action.triggered.connect(self.import_contacts)
        self.export_calendar_action = named(QAction(_("Export calendar…"), window),
                                            "export_calendar")
        self.export_calendar_action.triggered.connect(self.export_calendar)
        self.menu = QMenu(window)
        for action in (self.export_contacts_action, self.import_contacts_action,
                       self.export_calendar_action):
            self.menu.addAction(action)
        self.button = named(QToolButton(), "exchange")
        self.button.setText(_("Import and export"))
        self.button.setMenu(self.menu)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

    def close_dialog(self) -> None:
        """On lock: an open export dialog goes with the vault."""
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog.deleteLater()
            self.dialog = None

    def _status(self, text: str) -> None:
        say(self.window, text)

    def _fail(self, title: str, exc: Exception) -> None:
        fail(self.window, title, exc)

    def _ask(self, title: str, then: Callable[[ExportOptionsDialog], None], *,
             initials: bool = False, roles: bool = False) -> None:
        if self.session() is None:
            return
        self.dialog = ExportOptionsDialog(self.window, title, initials=initials, roles=roles)
        dialog = self.dialog
        dialog.accepted.connect(lambda: then(dialog))
        dialog.open()  # window-modal, and it does not block: the answer arrives by signal

    # -- contacts ----------------------------------------------------------------------

    def export_contacts(self) -> None:
        self._ask(_("Export contacts (vCard)"), self._save_contacts, roles=True)

    def _save_contacts(self, dialog: ExportOptionsDialog) -> None:
        session = self.session()
        path, _filter = FileDialog.getSaveFileName(
            self.window, _("Export contacts (vCard)"), "contacts.vcf",
            _("vCard files (*.vcf)"))
        if not path or session is None:
            return
        try:
            count = vcards.export_vcards(session, Path(path), dialog.role.currentData() or None)
        except (CasefileError, OSError) as exc:
            self._fail(_("Export contacts (vCard)"), exc)
            return
        self._status(ngettext("{0} contact written to {1}", "{0} contacts written to {1}",
                              count).format(count, path))

    def import_contacts(self) -> None:
        session = self.session()
        if session is None:
            return
        title = _("Import contacts (vCard)")
        path, _filter = FileDialog.getOpenFileName(
            self.window, title, "", _("vCard files (*.vcf *.vcard);;All files (*)"))
        if not path:
            return
        try:
            plan = vcards.plan_import(session, Path(path))
        except (CasefileError, OSError) as exc:
            self._fail(title, exc)
            return
        merge = True
        filled = [m for m in plan.merges if m.fills]
        if filled:
            names = "\n".join(f"• {m.name}" for m in filled[:15])
            more = "\n…" if len(filled) > 15 else ""
            answer = QMessageBox.question(
                self.window, title,
                _("{0} new contacts. These contacts are already in the vault; merging fills "
                  "only their empty fields:\n{1}\n\nMerge them?").format(
                      len(plan.new), names + more),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes)
            if answer == QMessageBox.StandardButton.Cancel:
                return
            merge = answer == QMessageBox.StandardButton.Yes
        try:
            counts = vcards.apply_import(session, plan, merge=merge)
        except CasefileError as exc:
            self._fail(title, exc)
            return
        self.changed()
        self._status(_("{added} added, {merged} merged, {unchanged} unchanged").format(**counts))

    # -- calendar ----------------------------------------------------------------------

    def export_calendar(self) -> None:
        session = self.session()
        if session is not None:
            self.dialog = ask_calendar(self.window, session)
