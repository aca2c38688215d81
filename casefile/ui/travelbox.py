"""Vault security… → Travel: choose cases to leave behind, see what goes with them, leave
them behind, and bring them back — from the backup or a contact's bundle
(``services.safety.travel``, as ``casefile travel on|off``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.describe import shown_title
from casefile.domain.errors import CasefileError
from casefile.i18n import _, format_moment
from casefile.services.records.session import Session
from casefile.services.safety import travel
from casefile.ui.background import run_off_ui
from casefile.ui.filedialogs import FileDialog, path_row
from casefile.ui.widgets import ERROR_STYLE, named, password_field


def _label(text: str, name: str = "") -> QLabel:
    label = named(QLabel(text), name)
    label.setWordWrap(True)
    return label


def _as_wide_as_its_text(button: QWidget) -> QHBoxLayout:
    """A row where a click beside the button, in the empty rest, does not press it."""
    row = QHBoxLayout()
    row.addWidget(button)
    row.addStretch(1)
    return row


class TravelBox(QGroupBox):
    """``window`` is the main window (its lists and search are shown afresh afterwards)."""

    def __init__(self, session: Session, window: QWidget | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(_("Travel mode"), parent)
        self.session = session
        self.window_ = window
        layout = QVBoxLayout(self)
        layout.addWidget(_label(_(
            "Before a border or a search: the cases you choose are kept in a fresh backup in "
            "the backup folder, then removed from this device with their people, letters, "
            "hearings, parcels and files. Contacts delete nothing. Bring them back afterwards "
            "from that backup or from a contact's full bundle.")))
        self.state = _label("", "travel_state")
        layout.addWidget(self.state)
        self.cases = named(QWidget(), "travel_cases")
        self.case_column = QVBoxLayout(self.cases)
        self.case_scroll = QScrollArea()
        self.case_scroll.setWidgetResizable(True)
        self.case_scroll.setWidget(self.cases)
        self.case_scroll.setMinimumHeight(120)
        layout.addWidget(self.case_scroll)
        self.counts = _label("", "travel_counts")
        layout.addWidget(self.counts)
        row = QHBoxLayout()
        self.leave_button = named(QPushButton(_("Leave behind…")), "travel_on")
        self.leave_button.clicked.connect(self.ask_leave)
        self.back_button = named(QPushButton(_("Bring back…")), "travel_off")
        self.back_button.clicked.connect(self.ask_back)
        row.addWidget(self.leave_button)
        row.addWidget(self.back_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = _label("", "travel_message")
        layout.addWidget(self.message)
        self.checks: dict[str, QCheckBox] = {}
        self.dialog: LeaveDialog | BringBackDialog | None = None
        self.show_state()

    # -- what is shown -----------------------------------------------------------------------

    def show_state(self) -> None:
        state = travel.travelling(self.session)
        away = state is not None
        for widget in (self.case_scroll, self.counts, self.leave_button):
            widget.setVisible(not away)
        self.back_button.setVisible(away)
        if state is not None:
            self.state.setText(_("Travelling since {0}: {1} records are left behind, kept in "
                                 "{2}.").format(format_moment(state["since"]),
                                                len(state["ids"]), state["backup"]))
            return
        self.state.setText(_("Not travelling. Choose the cases to leave behind:"))
        self._fill_cases()

    def _fill_cases(self) -> None:
        while (item := self.case_column.takeAt(0)) is not None:
            if (old := item.widget()) is not None:
                old.deleteLater()
        self.checks = {}
        cases = sorted(self.session.list("case"), key=lambda c: shown_title(c).casefold())
        for case in cases:
            check = named(QCheckBox(shown_title(case)), "travel_case")
            check.setAccessibleName(shown_title(case))
            check.toggled.connect(self.update_counts)
            # As wide as its title, so a click beside it, in the empty row, ticks nothing.
            self.case_column.addWidget(check, 0, Qt.AlignmentFlag.AlignLeft)
            self.checks[case["id"]] = check
        if not cases:
            self.case_column.addWidget(_label(_("This vault has no cases.")))
        self.case_column.addStretch(1)  # a short list stays at the top
        self.update_counts()

    def chosen(self) -> list[str]:
        return [case_id for case_id, check in self.checks.items() if check.isChecked()]

    def update_counts(self) -> None:
        chosen = self.chosen()
        self.leave_button.setEnabled(bool(chosen))
        if not chosen:
            self.counts.setText("")
            return
        leaving = travel.what_goes(self.session, chosen)
        text = _("Leaves this device: {0}.").format(leaving.describe()) if leaving.ids \
            else _("Nothing can leave: records that stay refer to these cases.")
        if leaving.ids and leaving.cases_staying:
            text += " " + _("Chosen cases that stay, as records that stay refer to them: "
                            "{0}.").format(leaving.cases_staying)
        self.counts.setText(text)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    def _window_afresh(self) -> None:
        """The main window's lists, dashboard and search show what the vault now holds."""
        window: Any = self.window_
        if window is None:
            return
        window.reload_pages()
        search = getattr(window, "search_field", None)
        if search is not None and search.text():
            text = search.text()  # set again, so the results are looked up again
            search.clear()
            search.setText(text)

    # -- leave behind ------------------------------------------------------------------------

    def ask_leave(self) -> LeaveDialog | None:
        chosen = self.chosen()
        leave_edits: Callable[[], bool] | None = getattr(self.window_, "leave_edits", None)
        if not chosen or (leave_edits is not None and not leave_edits()):
            return None
        try:
            folder = travel.backup_folder(self.session)
        except CasefileError as exc:
            self._say(str(exc), error=True)
            return None
        dialog = LeaveDialog(travel.what_goes(self.session, chosen).describe(), folder, self)
        dialog.accepted.connect(lambda: self._leave(chosen, dialog.passphrase.text()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _leave(self, chosen: list[str], passphrase: str) -> None:
        try:
            state = run_off_ui(self, _("Leaving the cases behind…"), self.session,
                               lambda s: travel.travel_on(s, chosen, passphrase))
        except (CasefileError, OSError) as exc:
            self._say(_("Nothing was left behind: {0}").format(exc), error=True)
            return
        self._say(_("{0} records left behind; they are kept in {1}").format(
            len(state["ids"]), state["backup"]))
        self._window_afresh()
        self.show_state()

    # -- bring back --------------------------------------------------------------------------

    def ask_back(self) -> BringBackDialog | None:
        state = travel.travelling(self.session)
        if state is None:
            return None
        dialog = BringBackDialog(state["backup"], self)
        dialog.accepted.connect(lambda: self._back(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _back(self, dialog: BringBackDialog) -> None:
        bundle = dialog.bundle_path()
        passphrase = dialog.passphrase.text()

        def job(session: Session) -> int:
            if bundle is not None:
                return travel.travel_off_from_bundle(session, bundle)
            return travel.travel_off(session, passphrase)

        try:
            count = run_off_ui(self, _("Bringing the cases back…"), self.session, job)
        except (CasefileError, OSError) as exc:
            self._say(_("Nothing was brought back: {0}").format(exc), error=True)
            return
        self._say(_("{0} records are back").format(count))
        self._window_afresh()
        self.show_state()


class LeaveDialog(QDialog):
    """What goes, where it is kept, and the passphrase that will open that backup."""

    def __init__(self, what: str, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("travel_leave_dialog")
        self.setWindowTitle(_("Leave behind"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.addWidget(_label(_(
            "A fresh backup of the whole vault is written to {1}, then {0} are removed from "
            "this device. To bring them back you will need that backup and this passphrase, "
            "or a contact's full bundle.").format(what, folder)))
        form = QFormLayout()
        self.passphrase = password_field("travel_passphrase", _("Passphrase"))
        form.addRow(_("Passphrase"), self.passphrase)
        layout.addLayout(form)
        # The standard Ok, renamed: the box keeps it the default button, so Enter in the
        # passphrase leaves them behind (an added accept button loses that when shown).
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Leave behind"))
        self.ok.setObjectName("travel_leave_ok")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        if self.passphrase.text():
            super().accept()


class BringBackDialog(QDialog):
    """From the backup (with the passphrase it opens with) or from a contact's bundle."""

    def __init__(self, backup: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("travel_back_dialog")
        self.setWindowTitle(_("Bring back"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.from_backup = named(QRadioButton(_("From the backup")), "travel_from_backup")
        self.from_bundle = named(QRadioButton(_("From a contact's full bundle")),
                                 "travel_from_bundle")
        choice = QButtonGroup(self)
        for button in (self.from_backup, self.from_bundle):
            choice.addButton(button)
        self.from_backup.setChecked(True)
        form = QFormLayout()
        form.addRow(_as_wide_as_its_text(self.from_backup))
        form.addRow(_("Backup"), _label(backup, "path_travel_backup"))
        self.passphrase = password_field("travel_back_passphrase", _("Passphrase"))
        form.addRow(_("Passphrase"), self.passphrase)
        form.addRow(_as_wide_as_its_text(self.from_bundle))
        self.bundle = named(QLineEdit(), "travel_bundle")
        self.bundle.setAccessibleName(_("The contact's bundle"))
        form.addRow(_("Bundle"), path_row(self.bundle, "choose_travel_bundle", self._choose))
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Bring back"))
        self.ok.setObjectName("travel_back_ok")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.from_backup.toggled.connect(self._update)
        self._update()

    def _update(self) -> None:
        backup = self.from_backup.isChecked()
        self.passphrase.setEnabled(backup)
        self.bundle.setEnabled(not backup)

    def _choose(self) -> None:
        name = FileDialog.getOpenFileName(self, _("The contact's bundle"), "",
                                          _("casefile bundles (*.cfb);;All files (*)"))[0]
        if name:
            self.bundle.setText(name)
            self.from_bundle.setChecked(True)

    def bundle_path(self) -> Path | None:
        return Path(self.bundle.text().strip()) if self.from_bundle.isChecked() else None

    def accept(self) -> None:
        ready = (bool(self.bundle.text().strip()) if self.from_bundle.isChecked()
                 else bool(self.passphrase.text()))
        if ready:
            super().accept()
