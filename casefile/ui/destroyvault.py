"""Destroying the open vault from *Vault security…*: the passphrase is checked (slowly, off the
UI thread), then the window locks and the vault's folder is crypto-erased."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox

from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.services.safety.recovery import destroy_folder

if TYPE_CHECKING:
    from casefile.ui.mainwindow import MainWindow


def destroy_vault(win: MainWindow, passphrase: str) -> None:
    if win.session is None:
        return
    folder = win.session.folder

    def erase(key: Any) -> None:  # the key derive_key made, through the worker
        key.wipe()
        win.lock()
        destroy_folder(folder)
        win.start.refresh()
        win.start.show_message(_("The vault {0} was destroyed.").format(folder.name))

    def refused(exc: Exception) -> None:
        QMessageBox.warning(win, _("Destroy this vault"),
                            _("Nothing was destroyed: {0}").format(exc))

    win.worker.run(lambda: Session.derive_key(folder, passphrase), erase, refused)
