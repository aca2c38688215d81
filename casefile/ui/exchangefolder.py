"""The exchange folder on the Sync page: choosing it, and passes while the window is open.

A pass (services/exchange/shared_folder.py) runs on a thread of its own with its own connection
to the vault, when the folder changes (QFileSystemWatcher), every minute regardless (a watcher
misses changes on network drives and some USB sticks), a few seconds after the last edit, and —
writing only — when the vault locks. What came in is shown in the box and in the status bar;
the lists are shown afresh.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.services.exchange import shared_folder
from casefile.services.records.session import Session
from casefile.ui.filedialogs import FileDialog, path_row
from casefile.ui.widgets import error_label, named
from casefile.ui.worker import Worker

SCAN_MS = 60_000  # a look even when the watcher says nothing
EDIT_DELAY_MS = 5_000  # bundles are written this long after the last edit
CHANGE_DELAY_MS = 1_000  # a folder change: look when the burst of changes is over


class ExchangeFolderDialog(QDialog):
    """Choose the folder (or turn it off), how long applied bundles stay, and files."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Exchange folder"))
        self.setObjectName("exchange_folder_dialog")
        current = shared_folder.setting(session)
        self.folder = named(QLineEdit(current.path if current else ""), "exchange_path")
        self.folder.setAccessibleName(_("Exchange folder"))
        self.folder.setPlaceholderText(_("a folder Syncthing shares, or on a USB stick"))
        self.keep = named(QSpinBox(), "exchange_keep_days")
        self.keep.setRange(0, shared_folder.MAX_KEEP_DAYS)
        self.keep.setValue(current.keep_days if current else 0)
        self.keep.setSpecialValueText(_("remove at once"))
        self.keep.setAccessibleName(_("Keep applied bundles, days"))
        self.files = named(QCheckBox(_("With attached files")), "exchange_files")
        self.files.setChecked(bool(current and current.files))
        self.error = error_label("exchange_error")
        explain = QLabel(_("casefile writes each contact's new bundles into this folder and "
                           "applies the bundles that arrive in it for this vault ({0}/). "
                           "A sync tool such as Syncthing, a shared drive or a USB stick "
                           "carries them.").format(shared_folder.own_name(session)))
        explain.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Folder:"), path_row(self.folder, "exchange_choose", self._choose))
        form.addRow(_("Keep applied bundles:"), self.keep)
        form.addRow("", self.files)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.off = named(QPushButton(_("Turn off")), "exchange_off")
        self.off.setEnabled(current is not None)
        buttons.addButton(self.off, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.off.clicked.connect(self.turn_off)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _choose(self) -> None:
        chosen = FileDialog.getExistingDirectory(self, _("Exchange folder"),
                                                 self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def turn_off(self) -> None:
        shared_folder.set_folder(self.session, None)
        super().accept()

    def accept(self) -> None:
        text = self.folder.text().strip()
        if not text:
            self.error.setText(_("choose a folder"))
            self.error.setVisible(True)
            return
        try:
            shared_folder.set_folder(self.session, Path(text), keep_days=self.keep.value(),
                                files=self.files.isChecked())
        except (CasefileError, OSError) as exc:
            self.error.setText(str(exc))
            self.error.setVisible(True)
            return
        super().accept()


class ExchangeBox(QGroupBox):
    """The Sync page's exchange folder: where it is, what last came in, "Exchange folder…"."""

    arrived = Signal(str)  # a line for the status bar
    records_changed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(_("Exchange folder"), parent)
        self.setObjectName("exchange_box")
        self.session = session
        self.where = named(QLabel(), "exchange_where")
        self.where.setWordWrap(True)
        self.last = named(QLabel(), "exchange_last")
        self.last.setAccessibleName(_("What the exchange folder last brought"))
        self.last.setWordWrap(True)
        self.button = named(QPushButton(_("Exchange folder…")), "sync_exchange_folder")
        self.button.clicked.connect(self.edit)
        row = QHBoxLayout()
        text = QVBoxLayout()
        text.addWidget(self.where)
        text.addWidget(self.last)
        row.addLayout(text, 1)
        row.addWidget(self.button)
        self.setLayout(row)
        self.dialog: ExchangeFolderDialog | None = None
        self._worker = Worker(self)
        self._running = False
        self._again = False
        self._stopped = False
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda _path: self.soon(CHANGE_DELAY_MS))
        self.timer = QTimer(self, interval=SCAN_MS)
        self.timer.timeout.connect(self.scan)
        self.delay = QTimer(self, singleShot=True)
        self.delay.timeout.connect(self.scan)
        self.restart()

    # -- the setting --------------------------------------------------------------------

    def edit(self) -> None:
        self.dialog = ExchangeFolderDialog(self.session, self)
        self.dialog.accepted.connect(self.restart)
        self.dialog.open()

    def restart(self) -> None:
        """Watch the folder now set (or nothing), and look at once."""
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())
        chosen = shared_folder.setting(self.session)
        if chosen is None:
            self.where.setText(_("No exchange folder: bundles go by hand (Export bundle…, "
                                 "Import bundle…)."))
            self.timer.stop()
            return
        mine = chosen.folder / shared_folder.own_name(self.session)
        self.where.setText(_("{0} — bundles for this vault arrive in {1}/").format(
            chosen.path, mine.name))
        for folder in (chosen.folder, mine):
            if folder.is_dir():
                self.watcher.addPath(str(folder))
        self.timer.start()
        self.soon(0)

    # -- passes -------------------------------------------------------------------------

    def soon(self, ms: int) -> None:
        if not self._stopped:
            self.delay.start(ms)

    def edited(self) -> None:
        """A record was saved or deleted: new bundles a few seconds after the last edit."""
        if shared_folder.setting(self.session) is not None:
            self.soon(EDIT_DELAY_MS)

    def scan(self) -> None:
        if self._stopped or shared_folder.setting(self.session) is None:
            return
        if self._running:
            self._again = True
            return
        self._running = True
        opener = self.session.worker_opener()

        def one_pass() -> shared_folder.PassReport:
            with opener() as worker_session:
                return shared_folder.run_pass(worker_session)

        self._worker.run(one_pass, self._passed, self._failed)

    def _passed(self, report: shared_folder.PassReport) -> None:
        self._finished()
        lines = report.lines()
        if self._stopped:
            return
        if lines:
            self.last.setText("\n".join(lines))
        if report.imported or report.rejected:
            self.arrived.emit(lines[0])
        if report.imported:
            self.records_changed.emit()
        if report.waiting:  # still being written: look again once it may be complete
            self.soon(int(shared_folder.SETTLE_SECONDS * 1000) + CHANGE_DELAY_MS)
        self.restart_watch_if_needed()

    def _failed(self, exc: Exception) -> None:
        self._finished()
        if not self._stopped:
            self.last.setText(_("The exchange folder could not be used: {0}").format(exc))

    def _finished(self) -> None:
        self._running = False
        if self._again and not self._stopped:
            self._again = False
            self.soon(0)

    def restart_watch_if_needed(self) -> None:
        """This vault's own sub-folder is made by the first pass: watch it once it is there."""
        chosen = shared_folder.setting(self.session)
        if chosen is None:
            return
        mine = str(chosen.folder / shared_folder.own_name(self.session))
        if Path(mine).is_dir() and mine not in self.watcher.directories():
            self.watcher.addPath(mine)

    def stop(self, *, write: bool) -> None:
        """Before the vault locks: no more passes; with ``write``, the bundles of the last
        edits are written now (a missing USB stick is no reason not to lock)."""
        self._stopped = True
        self.timer.stop()
        self.delay.stop()
        self._worker.wait()
        if write and shared_folder.setting(self.session) is not None:
            with contextlib.suppress(CasefileError, OSError):
                shared_folder.run_pass(self.session, imports=False)
