"""The first screen: choose a vault (recent paths, create, demo) and unlock it.

After a lock (Ctrl+L, idle, the screen locking) the same page shows only "Locked", the vault's
folder name and its passphrase: the vaults used before, with their paths, are behind *Open
another vault…*. *Forgot the passphrase?* sets a new one with the recovery code
(``recoverdialog.py``). Key derivation runs on the worker thread with a busy indicator; the
database itself is opened on the UI thread, which owns the connection from then on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.services.demo.vault import DEMO_PASSPHRASE, create_demo
from casefile.services.records import paths
from casefile.services.records.session import Session
from casefile.services.safety.backups import check_backup, restore_into
from casefile.services.safety.device import is_remembered
from casefile.ui.filedialogs import FileDialog, path_row
from casefile.ui.lockscreen import LockedScreen
from casefile.ui.passphrasebox import PassphraseGuard, field_row, show_strength
from casefile.ui.recoverdialog import RecoverDialog
from casefile.ui.widgets import error_label, named, password_field
from casefile.ui.worker import Worker

RECENT_KEY = "recent_vaults"  # paths only: never case data in settings
MAX_RECENT = 8
COLUMN_WIDTH = 640  # px, the start page's and the locked screen's column at most


def recent_vaults(settings: QSettings) -> list[str]:
    value = settings.value(RECENT_KEY, [])
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [str(p) for p in items if (Path(p) / "header.json").is_file()]


def remember_vault(settings: QSettings, folder: Path) -> None:
    items = [str(folder)] + [p for p in recent_vaults(settings) if p != str(folder)]
    settings.setValue(RECENT_KEY, items[:MAX_RECENT])


class StartPage(LockedScreen, QWidget):
    """Emits ``unlocked(Session)`` once a vault is open."""

    unlocked = Signal(object)
    created = Signal()  # after ``unlocked``, when the vault was just made

    def __init__(self, worker: Worker, settings: QSettings, kdf_seconds: float = 1.0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._settings = settings
        self._kdf_seconds = kdf_seconds
        self.folder: Path | None = None
        self._build()
        self.refresh()

    def _build(self) -> None:
        # A calm column in the middle, as wide as a form reads well; spare width is margin.
        column = QWidget(self)
        column.setMaximumWidth(COLUMN_WIDTH)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(column, 20)
        outer.addStretch(1)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)  # a third of the spare height above, two thirds below
        self.title = named(QLabel(_("casefile")), "title")
        self.title.setStyleSheet("font-size: 20pt; font-weight: bold;")
        layout.addWidget(self.title)
        self.locked_note = named(QLabel(), "locked_note")
        self.locked_note.setWordWrap(True)
        layout.addWidget(self.locked_note)
        self.recent = named(QListWidget(), "recent")
        self.recent.setAccessibleName(_("Vaults used before"))
        # One click (or the arrow keys) chooses a vault; a click, a double click or Enter on
        # it also puts the cursor in the passphrase, where Enter opens it.
        self.recent.currentTextChanged.connect(self._recent_changed)
        self.recent.itemClicked.connect(lambda _item: self.passphrase.setFocus(
            Qt.FocusReason.OtherFocusReason))
        self.recent.itemActivated.connect(lambda _item: self.passphrase.setFocus(
            Qt.FocusReason.OtherFocusReason))
        self.recent_label = QLabel(_("Vaults used before"))
        layout.addWidget(self.recent_label)
        layout.addWidget(self.recent)
        layout.addLayout(self._build_ways_in())
        layout.addLayout(self._build_form())
        self.go = named(QPushButton(_("Unlock")), "go")
        self.go.setDefault(True)
        self.go.clicked.connect(self.submit)
        self.passphrase.returnPressed.connect(self.submit)
        self.repeat.returnPressed.connect(self.submit)
        layout.addWidget(self.go)
        self.remembered = named(QPushButton(_("Open with the key remembered on this device")),
                                "remembered")
        self.remembered.clicked.connect(self.open_remembered)
        self.remembered.setVisible(False)
        layout.addWidget(self.remembered)
        layout.addLayout(self._build_other_ways())
        self.busy = named(QProgressBar(), "busy")
        self.busy.setRange(0, 0)  # an indeterminate "working" bar
        self.busy.setVisible(False)
        layout.addWidget(self.busy)
        self.error = error_label("error")
        layout.addWidget(self.error)
        layout.addStretch(2)
        self._creating = False
        self._set_mode(creating=False)
        self._set_locked(False)

    def _build_form(self) -> QFormLayout:
        self.form = form = QFormLayout()
        self.path_label = named(QLabel(), "path")
        self.passphrase = password_field("passphrase", _("Passphrase"))
        self.repeat = password_field("repeat", _("Repeat the passphrase"))
        self.repeat_label = QLabel(_("Repeat the passphrase"))
        form.addRow(_("Vault"), self.path_label)
        form.addRow(_("Passphrase"), self.passphrase)
        self.guard = PassphraseGuard([self.passphrase, self.repeat], self)
        field_row(form, self.guard.caps)
        # While creating: how long the passphrase would hold against a lab with the disk.
        self.strength = named(QLabel(), "passphrase_strength")
        self.strength.setWordWrap(True)
        field_row(form, self.strength)
        self.passphrase.textChanged.connect(self._show_strength)
        form.addRow(self.repeat_label, self.repeat)
        field_row(form, self.guard.show)
        return form

    def refresh(self) -> None:
        """The vaults used before; the one chosen (else the last used) selected."""
        chosen = self.folder
        self.recent.blockSignals(True)
        try:
            self.recent.clear()
            self.recent.addItems(recent_vaults(self._settings))
        finally:
            self.recent.blockSignals(False)
        gone = chosen is None or not (chosen / "header.json").is_file()
        if gone:
            self._set_locked(False)  # a destroyed vault is not locked: it is gone
        if gone and self.recent.count():
            self.choose(Path(self.recent.item(0).text()))
        else:
            self._select_recent(chosen)
        self.fit_to_vault()

    def _select_recent(self, folder: Path | None) -> None:
        """Show ``folder`` selected in the list (nothing selected if it is not there)."""
        rows = [r for r in range(self.recent.count())
                if folder is not None and Path(self.recent.item(r).text()) == folder]
        self.recent.blockSignals(True)
        try:
            self.recent.setCurrentRow(rows[0] if rows else -1)
            if not rows:
                self.recent.clearSelection()
        finally:
            self.recent.blockSignals(False)

    def _recent_changed(self, text: str) -> None:
        if text and Path(text) != self.folder:
            self.folder = Path(text)
            self.path_label.setText(text)
            self.error.clear()
            self._set_mode(creating=False)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self.folder is not None and not self._creating:
            self.passphrase.setFocus()  # the vault is chosen: the passphrase is next

    def _show_strength(self, text: str) -> None:
        show_strength(self.strength, text if self._creating else "")

    def _set_mode(self, *, creating: bool) -> None:
        self._creating = creating
        self._show_strength(self.passphrase.text())
        self.repeat.setVisible(creating)
        self.repeat_label.setVisible(creating)
        self.go.setText(_("Create") if creating else _("Unlock"))
        self.go.setEnabled(self.folder is not None)
        self.forgot.setVisible(not creating and self.folder is not None)
        self.remembered.setVisible(not creating and self.folder is not None
                                   and is_remembered(self.folder))
        self.fit_to_vault()

    def choose(self, folder: Path, *, create: bool = False) -> None:
        self.folder = Path(folder)
        self._set_locked(False)  # show_locked() locks it again
        self.path_label.setText(str(folder))
        self.error.clear()
        self.passphrase.clear()
        self.repeat.clear()
        self.guard.hide_text()
        self._set_mode(creating=create)
        self._select_recent(self.folder)
        self.passphrase.setFocus()

    def show_message(self, text: str) -> None:
        self.error.setText(text)

    def open_remembered(self) -> None:
        """Unlock through the OS credential store; on any refusal the passphrase still works."""
        if self.folder is not None:
            folder = self.folder
            self._start(folder, lambda: Session.derive_remembered_key(folder))

    def ask_recover(self) -> RecoverDialog | None:
        """A new passphrase with the recovery code; the vault opens with it."""
        if self.folder is None:
            return None
        folder = self.folder
        dialog = RecoverDialog(folder, self)
        dialog.recovered.connect(lambda key: self._opened(folder, key))
        dialog.open()
        return dialog

    def ask_restore(self) -> RestoreDialog | None:
        dialog = RestoreDialog(self)
        dialog.accepted.connect(lambda: self.restore(dialog.source(), dialog.target(),
                                                     dialog.passphrase.text()))
        dialog.open()
        return dialog

    def restore(self, source: Path, target: Path, passphrase: str) -> None:
        """Unpack, open and fully check the backup in a new folder, then open it."""
        self.choose(target)

        def work() -> object:
            restore_into(source, target, passphrase)  # checked with the passphrase inside
            return Session.derive_key(target, passphrase)

        self._start(target, work)

    def _browse_new(self) -> None:
        self._set_locked(False)
        folder = FileDialog.getSaveFileName(self, _("Create a vault"),
                                             str(paths.data_dir() / "casefile.casefile"))[0]
        if folder:
            self.choose(Path(folder if folder.endswith(".casefile") else folder + ".casefile"),
                        create=True)

    def _browse_existing(self) -> None:
        self._set_locked(False)
        folder = FileDialog.getExistingDirectory(self, _("Open a vault"), str(paths.data_dir()))
        if folder:
            self.choose(Path(folder))

    def _busy(self, on: bool) -> None:
        self.busy.setVisible(on)
        for w in (self.go, self.passphrase, self.repeat, self.create_button, self.demo_button,
                  self.open_button, self.restore_button, self.remembered, self.recent,
                  self.forgot, self.another, self.guard.show):
            w.setEnabled(not on)

    def submit(self) -> None:
        if self.folder is None:
            self.error.setText(_("Choose a vault first: one used before, a new one or "
                                 "another folder"))
            return
        passphrase = self.passphrase.text()
        if self._creating and passphrase != self.repeat.text():
            self.error.setText(_("the passphrases do not match"))
            return
        if not passphrase:
            self.error.setText(_("the passphrase must not be empty"))
            return
        folder, creating, seconds = self.folder, self._creating, self._kdf_seconds

        def work() -> object:
            if creating:
                Session.create(folder, passphrase, seconds).close()
            return Session.derive_key(folder, passphrase)

        self._start(folder, work)

    def open_demo(self, folder: Path | None = None) -> None:
        folder = folder or paths.demo_vault()
        self.choose(folder)

        def work() -> object:
            if not (folder / "header.json").is_file():
                create_demo(folder, DEMO_PASSPHRASE).close()
            return Session.derive_key(folder, DEMO_PASSPHRASE)

        self._start(folder, work)

    def _start(self, folder: Path, work: Callable[[], Any]) -> None:
        """``work`` makes the vault's key on the worker thread; then the vault opens."""
        self.error.clear()
        self._busy(True)
        self._worker.run(work, lambda key: self._opened(folder, key), self._failed)

    def _opened(self, folder: Path, key: Any) -> None:  # the key, through the worker
        try:
            session = Session.open_with_key(folder, key)
        except Exception as exc:  # noqa: BLE001 - shown to the person
            self._failed(exc)
            return
        self._busy(False)
        self.passphrase.clear()
        self.repeat.clear()
        self.guard.hide_text()
        remember_vault(self._settings, folder)
        made = self._creating
        self._set_mode(creating=False)
        self.unlocked.emit(session)
        if made:
            self.created.emit()

    def _failed(self, exc: Exception) -> None:
        self._busy(False)
        self.error.setText(str(exc))
        self.passphrase.selectAll()
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)


class RestoreDialog(QDialog):
    """Which backup, where to put the restored vault (a new folder), and its passphrase."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Restore from a backup"))
        layout = QVBoxLayout(self)
        note = QLabel(_("The backup is opened and checked completely before the restored vault "
                        "is put in place. Nothing existing is overwritten."))
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.file = named(QLineEdit(), "backup_file")
        self.file.setAccessibleName(_("Backup file"))
        form.addRow(_("Backup file"), path_row(self.file, "choose_backup", self._choose))
        self.folder = named(QLineEdit(str(paths.data_dir() / "restored.casefile")),
                            "restore_folder")
        self.folder.setAccessibleName(_("New vault folder"))
        form.addRow(_("New vault folder"), self.folder)
        self.passphrase = password_field("restore_passphrase", _("Passphrase"))
        form.addRow(_("Passphrase when the backup was made"), self.passphrase)
        layout.addLayout(form)
        self.error = error_label("restore_error")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.go = buttons.addButton(_("Check and restore"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.go.setObjectName("restore_go")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _choose(self) -> None:
        name = FileDialog.getOpenFileName(self, _("Choose a backup"), "",
                                           _("casefile backups (*.cfbackup);;All files (*)"))[0]
        if name:
            self.file.setText(name)

    def source(self) -> Path:
        return Path(self.file.text().strip()).expanduser()

    def target(self) -> Path:
        return Path(self.folder.text().strip()).expanduser()

    def accept(self) -> None:
        """Refuse at once what cannot work; the full check runs on the worker."""
        try:
            check_backup(self.source())
        except CasefileError as exc:
            self.error.setText(str(exc))
            return
        target = self.target()
        if not self.folder.text().strip() or (target.exists() and any(target.iterdir())):
            self.error.setText(_("{0} already exists; restore will not overwrite it")
                               .format(target))
            return
        if not self.passphrase.text():
            self.error.setText(_("the passphrase must not be empty"))
            return
        super().accept()
