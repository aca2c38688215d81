"""A new vault's first step: its recovery code, shown as soon as the vault is made.

Without a recovery code a forgotten passphrase loses everything, and nobody goes looking for
the setting on day one; so the code comes up at once, over the empty dashboard. *Later* puts
it off: the status bar then says where to make one, and the empty vault's welcome keeps a
*Vault security…* button (``emptystate.py``) for it and for the backups.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from casefile.i18n import _
from casefile.services.safety.recovery import make_recovery_code
from casefile.ui.recoverycode import RecoveryCodeDialog

if TYPE_CHECKING:
    from casefile.ui.mainwindow import MainWindow


def offer_recovery_code(win: MainWindow) -> RecoveryCodeDialog | None:
    """Show the new vault's recovery code; it is saved once typed back."""
    if win.session is None:
        return None
    dialog = RecoveryCodeDialog(make_recovery_code(), win.session.folder.name, win,
                                win.session, first=True)
    win.locked.connect(dialog.reject)  # never outlives the open vault

    def said(result: int) -> None:
        win.locked.disconnect(dialog.reject)
        win.say(_("The recovery code is saved.") if result == QDialog.DialogCode.Accepted.value
                else _("No recovery code yet: make one in Vault security…"))

    dialog.finished.connect(said)
    dialog.open()
    return dialog
