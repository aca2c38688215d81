"""The exchange log tab of the Sync page: every bundle sent and received, newest first."""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidget

from casefile.i18n import _
from casefile.services.exchange import bundles
from casefile.services.records.session import Session
from casefile.ui.sync.parts import fill, local_time, table


def log_table() -> QTableWidget:
    return table("sync_log", _("Exchange log"), [
        _("Date"), _("Direction"), _("Contact"), _("Bundle"), _("Writes"), _("Records"),
        _("Conflicts"), _("Note")])


def show_log(shown: QTableWidget, session: Session) -> None:
    rows = []
    for e in reversed(bundles.peers(session).exchanges()):  # newest first
        arrow = "→" if e["direction"] == "export" else "←"
        rows.append([local_time(e["at"]), arrow, e["peer"], f"#{e['sender_seq']}",
                     str(e["writes"]), str(e["records"]), str(e["conflicts"]),
                     e["note"] or ""])
    fill(shown, rows)
