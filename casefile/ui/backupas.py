"""*File → Save a backup as…*: one encrypted backup of the open vault, where the person says, as
``casefile backup -o FILE`` makes it (``Session.backup``).

Qt's own file dialog asks where (``filedialogs.py``: it forgets the folders it saw); the
backup is written on a worker thread with its own connection, behind a progress dialog
(``background.py``); the status bar then says where it went. The suggested name carries the
date only, as scheduled backups do, so a folder of them names no vault and no person.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.services.safety.backups import PREFIX, SUFFIX
from casefile.ui.background import run_off_ui
from casefile.ui.filedialogs import FileDialog

if TYPE_CHECKING:
    from casefile.ui.mainwindow import MainWindow


def suggested_name(today: date | None = None) -> str:
    return f"{PREFIX}{(today or date.today()).strftime('%Y%m%d')}{SUFFIX}"


def save_backup_as(win: MainWindow) -> Path | None:
    """Ask where, write the backup there off the UI thread, say where it went."""
    session = win.session
    if session is None:
        return None
    start = str(Path.home() / suggested_name())
    name = FileDialog.getSaveFileName(win, _("Save a backup as"), start,
                                       _("casefile backups (*.cfbackup);;All files (*)"))[0]
    if not name:
        return None
    target = Path(name)
    if not target.suffix:
        target = target.with_suffix(SUFFIX)
    try:
        run_off_ui(win, _("Saving the backup…"), session, lambda worker: worker.backup(target))
    except (CasefileError, OSError) as exc:
        QMessageBox.warning(win, _("Save a backup as"),
                            _("The backup was not saved: {0}").format(exc))
        return None
    win.say(_("Backed up to {0}").format(target))
    return target
