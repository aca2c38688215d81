"""The vault's own safety settings: remember on this device, recovery code, failed-unlock
limit, duress passphrase, scheduled backups, travel mode, the panic key, and destroying the
vault. All of them act through the services."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.errors import CasefileError
from casefile.i18n import N_, _, format_moment
from casefile.services.records.session import Session
from casefile.services.safety import backups, device
from casefile.services.safety.recovery import (
    destroy_after_failed_unlocks,
    failed_unlock_limit,
    has_recovery_code,
    make_recovery_code,
)
from casefile.ui.background import run_off_ui
from casefile.ui.changepassphrase import PassphraseBox
from casefile.ui.duressbox import DuressBox
from casefile.ui.filedialogs import FileDialog, path_row
from casefile.ui.panic import PanicBox
from casefile.ui.recoverycode import RecoveryCodeDialog
from casefile.ui.travelbox import TravelBox
from casefile.ui.widgets import ERROR_STYLE, named, password_field

REMEMBER_WARNING = N_(
    "Anyone logged in to this computer as you, or any program running as you, will be able "
    "to open this vault without the passphrase. Use it only on a computer nobody else uses, "
    "with its disk encrypted.")


def _label(text: str, name: str = "") -> QLabel:
    label = named(QLabel(text), name)
    label.setWordWrap(True)
    return label


class VaultSettingsDialog(QDialog):
    """``destroy_requested(passphrase)`` is handed to the main window, which owns the session."""

    def __init__(self, session: Session, destroy: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._destroy = destroy
        self.setWindowTitle(_("Vault security"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        # Tabs, so that the dialog fits a 1024×700 screen.
        self.tabs = named(QTabWidget(), "security_tabs")
        layout.addWidget(self.tabs)
        self.panic_box = PanicBox(session, getattr(parent, "panic", None))
        self.duress_box = DuressBox(session)
        self.travel_box = TravelBox(session, parent)
        self.passphrase_box = PassphraseBox(session)
        self.passphrase_box.changed.connect(self._passphrase_changed)
        for title, boxes in ((_("Unlocking"), (self.passphrase_box, self._device_box(),
                                                self._recovery_box(),
                                                self._unlocks_box(), self.duress_box)),
                             (_("Backups"), (self._backup_box(),)),
                             (_("Emergency"), (self.panic_box, self._destroy_box())),
                             (_("Travel"), (self.travel_box,))):
            page = QWidget()
            column = QVBoxLayout(page)
            for box in boxes:
                column.addWidget(box)
            column.addStretch(1)
            self.tabs.addTab(page, title)
        self.message = _label("", "message")
        layout.addWidget(self.message)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        # Word-wrapped notes make Qt's first guess too short: size from the laid-out hint.
        self.resize(self.sizeHint().expandedTo(self.minimumSizeHint()))

    def _passphrase_changed(self) -> None:
        """A new passphrase ends "remember on this device" (the service forgets the key)."""
        self._set_checked(self.remember, device.is_remembered(self.session.folder))
        self.message.setText(_("The passphrase is changed. Use the new one from now on."))

    # -- remember on this device -------------------------------------------------------------

    def _device_box(self) -> QGroupBox:
        box = QGroupBox(_("This device"))
        form = QVBoxLayout(box)
        self.store = device.device_store()
        self.remember = named(QCheckBox(_("Remember on this device (open without the "
                                          "passphrase)")), "remember")
        self.remember.setChecked(device.is_remembered(self.session.folder))
        self.remember.setEnabled(self.store.available or self.remember.isChecked())
        self.remember.toggled.connect(self._remember_toggled)
        form.addWidget(self.remember)
        why = _(REMEMBER_WARNING) if self.store.available else _(
            "Not available here: {0}. The passphrase is always needed.").format(self.store.reason)
        self.remember_note = _label(why, "remember_note")
        form.addWidget(self.remember_note)
        return box

    def _remember_toggled(self, on: bool) -> None:
        try:
            if on:
                answer = QMessageBox.question(self, _("Remember on this device"),
                                              _(REMEMBER_WARNING))
                if answer != QMessageBox.StandardButton.Yes:
                    self._set_checked(self.remember, False)
                    return
                device.remember(self.session, self.store)
            else:
                device.forget(self.session.folder, self.store)
        except CasefileError as exc:
            self._set_checked(self.remember, not on)
            self.message.setText(str(exc))

    @staticmethod
    def _set_checked(box: QCheckBox, value: bool) -> None:
        box.blockSignals(True)
        box.setChecked(value)
        box.blockSignals(False)

    # -- recovery code -----------------------------------------------------------------------

    def _recovery_box(self) -> QGroupBox:
        box = QGroupBox(_("Recovery code"))
        form = QVBoxLayout(box)
        self.recovery_state = _label("", "recovery_state")
        form.addWidget(self.recovery_state)
        self.recovery_button = named(QPushButton(_("Make a new recovery code…")), "new_recovery")
        self.recovery_button.clicked.connect(self.make_recovery_code)
        form.addWidget(self.recovery_button)
        self._show_recovery_state()
        return box

    def _show_recovery_state(self) -> None:
        has = has_recovery_code(self.session)
        self.recovery_state.setText(
            _("This vault has a recovery code. A new one replaces it.") if has else
            _("No recovery code yet. With one, a forgotten passphrase does not lose the vault."))

    def make_recovery_code(self) -> RecoveryCodeDialog | None:
        """Show a new code; it is saved (and the old one stops working) once typed back."""
        if has_recovery_code(self.session):
            answer = QMessageBox.question(self, _("Recovery code"),
                                          _("The old recovery code will stop working once "
                                            "the new one is written down. Make a new one?"))
            if answer != QMessageBox.StandardButton.Yes:
                return None
        dialog = RecoveryCodeDialog(make_recovery_code(), self.session.folder.name, self,
                                    self.session)
        dialog.finished.connect(self._recovery_finished)
        dialog.open()
        return dialog

    def _recovery_finished(self, result: int) -> None:
        self._show_recovery_state()
        self.message.setText(
            _("The recovery code is saved; an older one no longer works.")
            if result == QDialog.DialogCode.Accepted.value else
            _("The new recovery code was not saved: nothing changed."))

    # -- failed unlocks ----------------------------------------------------------------------

    def _unlocks_box(self) -> QGroupBox:
        box = QGroupBox(_("Wrong passphrases"))
        row = QVBoxLayout(box)
        limit = failed_unlock_limit(self.session.folder)
        self.destroy_after = named(QCheckBox(_("Destroy this vault after this many wrong "
                                               "passphrases in a row:")), "destroy_after")
        row.addWidget(_label(_("Off by default. It stops guessing through casefile on this "
                               "device; it cannot stop someone who copies the folder first.")))
        self.destroy_after.setChecked(limit is not None)
        self.destroy_count = named(QSpinBox(), "destroy_count")
        self.destroy_count.setAccessibleName(_("Wrong passphrases before destroying"))
        self.destroy_count.setRange(3, 100)
        self.destroy_count.setValue(limit or 10)
        self.destroy_after.toggled.connect(self._apply_destroy_after)
        self.destroy_count.valueChanged.connect(self._apply_destroy_after)
        line = QHBoxLayout()
        line.addWidget(self.destroy_after)
        line.addWidget(self.destroy_count)
        line.addStretch(1)
        row.addLayout(line)
        return box

    def _apply_destroy_after(self) -> None:
        count = self.destroy_count.value() if self.destroy_after.isChecked() else None
        destroy_after_failed_unlocks(self.session, count)

    # -- backups -----------------------------------------------------------------------------

    def _backup_box(self) -> QGroupBox:
        box = QGroupBox(_("Scheduled backups"))
        form = QFormLayout(box)
        current = backups.policy(self.session)
        self.backup_on = named(QCheckBox(_("Back up to a folder on a schedule")), "backup_on")
        self.backup_on.setChecked(current is not None)
        form.addRow(self.backup_on)
        self.backup_folder = named(QLineEdit(current.folder if current else ""), "backup_folder")
        self.backup_folder.setAccessibleName(_("Backup folder"))
        self.backup_folder.setPlaceholderText(_("a folder on a USB stick"))
        form.addRow(_("Folder"), path_row(self.backup_folder, "choose_backup_folder",
                                          self._choose_folder))
        self.backup_every = named(QSpinBox(), "backup_every")
        self.backup_every.setAccessibleName(_("Days between backups"))
        self.backup_every.setRange(1, backups.MAX_EVERY_DAYS)
        self.backup_every.setValue(current.every_days if current else 1)
        self.backup_every.setSuffix(" " + _("days"))
        form.addRow(_("Every"), self.backup_every)
        self.backup_keep = named(QSpinBox(), "backup_keep")
        self.backup_keep.setAccessibleName(_("Backups to keep"))
        self.backup_keep.setRange(1, backups.MAX_KEEP)
        self.backup_keep.setValue(current.keep if current else 7)
        form.addRow(_("Keep the last"), self.backup_keep)
        buttons = QHBoxLayout()
        save = named(QPushButton(_("Save the schedule")), "save_backup")
        save.clicked.connect(self.save_schedule)
        now = named(QPushButton(_("Back up now")), "backup_now")
        now.clicked.connect(self.back_up_now)
        buttons.addWidget(save)
        buttons.addWidget(now)
        form.addRow(buttons)
        self.last_backup = _label("", "last_backup")
        form.addRow(self.last_backup)
        self._show_last_backup()
        return box

    def _choose_folder(self) -> None:
        folder = FileDialog.getExistingDirectory(self, _("Folder for backups"),
                                                  self.backup_folder.text())
        if folder:
            self.backup_folder.setText(folder)

    def save_schedule(self) -> bool:
        new = (backups.BackupPolicy(self.backup_folder.text().strip(), self.backup_keep.value(),
                                    self.backup_every.value())
               if self.backup_on.isChecked() else None)
        try:
            backups.set_policy(self.session, new)
        except CasefileError as exc:
            self.message.setText(str(exc))
            return False
        self.message.setText(_("Backup schedule saved.") if new else
                             _("Scheduled backups are off."))
        return True

    def back_up_now(self) -> None:
        if not self.save_schedule():
            return
        try:
            made = run_off_ui(self, _("Backing up…"), self.session, backups.back_up_now)
        except (CasefileError, OSError) as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(_("Backed up to {0}").format(made))
        self._show_last_backup()

    def _show_last_backup(self) -> None:
        last = backups.last_backup(self.session)
        when = format_moment(last.astimezone().isoformat()) if last else ""
        self.last_backup.setText(_("Last backup: {0}").format(when) if last
                                 else _("No backup made on a schedule yet."))

    # -- destroy -----------------------------------------------------------------------------

    def _destroy_box(self) -> QGroupBox:
        box = QGroupBox(_("Destroy"))
        row = QVBoxLayout(box)
        row.addWidget(_label(_("Makes the vault unreadable at once, then deletes its files. "
                               "Backups elsewhere are not touched.")))
        button = named(QPushButton(_("Destroy this vault now…")), "destroy")
        button.setStyleSheet(ERROR_STYLE)  # the same red as what goes wrong
        button.clicked.connect(self.ask_destroy)
        row.addWidget(button)
        return box

    def ask_destroy(self) -> DestroyDialog:
        dialog = DestroyDialog(self.session.folder.name, self)
        dialog.accepted.connect(lambda: self._close_and_destroy(dialog.passphrase.text()))
        dialog.open()
        return dialog

    def _close_and_destroy(self, passphrase: str) -> None:
        self.accept()
        self._destroy(passphrase)


class DestroyDialog(QDialog):
    """Cannot be clicked through: the vault's name and the passphrase must be typed."""

    def __init__(self, vault_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault_name = vault_name
        self.setWindowTitle(_("Destroy this vault"))
        layout = QVBoxLayout(self)
        layout.addWidget(_label(_("Everything in this vault becomes unreadable at once and its "
                                  "files are deleted. This cannot be undone.")))
        form = QFormLayout()
        self.name = named(QLineEdit(), "confirm_name")
        self.name.setAccessibleName(_("The vault's name"))
        form.addRow(_("Vault"), named(QLabel(vault_name), "path_vault"))
        form.addRow(_("Type the vault's name"), self.name)
        self.passphrase = password_field("confirm_passphrase", _("Passphrase"))
        form.addRow(_("Passphrase"), self.passphrase)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        self.go = buttons.addButton(_("Destroy"), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.go.setObjectName("destroy_go")
        self.go.setAutoDefault(False)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)  # Enter cancels
        self.go.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.name.textChanged.connect(self._update)
        self.passphrase.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.go.setEnabled(self.name.text() == self.vault_name and bool(self.passphrase.text()))

    def accept(self) -> None:
        if self.go.isEnabled():
            super().accept()
