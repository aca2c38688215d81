"""A record's history: every write, newest first, with the vault that made it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile.i18n import _, format_moment
from casefile.services.records.history import record_history
from casefile.services.records.session import Session
from casefile.ui.widgets import named


def op_text(op: str) -> str:
    # Translated when shown, not at import (the language is chosen after import).
    return {"add": _("created"), "edit": _("changed"), "delete": _("deleted")}.get(op, op)


class HistoryDialog(QDialog):
    def __init__(self, session: Session, record_type: str, record_id: str, title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("History"))
        self.resize(720, 480)
        layout = QVBoxLayout(self)
        heading = named(QLabel(title), "path_history_title")
        heading.setStyleSheet("font-weight: bold;")
        layout.addWidget(heading)
        self.tree = named(QTreeWidget(), "history")
        self.tree.setHeaderLabels([_("When"), _("Who"), _("What")])
        self.tree.setAccessibleName(_("History"))
        self.entries = record_history(session, record_type, record_id)
        for entry in self.entries:
            when = format_moment(entry.when.astimezone().isoformat(timespec="minutes"))
            top = QTreeWidgetItem([when, entry.who, op_text(entry.op)])
            for change in entry.changes:
                top.addChild(QTreeWidgetItem(["", change.label, change.value]))
            self.tree.addTopLevelItem(top)
        self.tree.expandAll()
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        layout.addWidget(self.tree)
        note = QLabel(_("Each change names the vault that made it, checked by its signature "
                        "when it came in a bundle."))
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
