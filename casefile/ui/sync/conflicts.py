"""The conflicts tab of the Sync page: fields both sides changed, my value beside theirs, and
the buttons to keep one; a double click opens the record."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from casefile.domain.describe import choice_label, shown_title
from casefile.domain.errors import CasefileError
from casefile.domain.fields import Kind
from casefile.domain.records import SPECS
from casefile.i18n import _
from casefile.services.exchange import bundles
from casefile.services.records.session import Session
from casefile.ui.sync.parts import button, fill, table

DELETED = "_deleted"


def shown_value(record_type: str, field_name: str, value: Any) -> str:
    """A stored value as a person reads it, for the conflicts list."""
    spec = SPECS.get(record_type)
    field = spec.field(field_name) if spec else None
    if field_name == DELETED:
        shown = _("deleted") if value is True else _("kept")
    elif value is None or value in ("", []):
        shown = _("(empty)")
    elif field is not None and field.kind is Kind.ENUM:
        shown = choice_label(record_type, field_name, value)
    elif isinstance(value, bool):
        shown = _("yes") if value else _("no")
    elif isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        shown = ", ".join(str(v) for v in value)
    elif isinstance(value, list | dict):
        shown = json.dumps(value, ensure_ascii=False)
    else:
        shown = str(value)
    return shown


def field_label(record_type: str, field_name: str) -> str:
    if field_name == DELETED:
        return _("deleted or kept")
    spec = SPECS.get(record_type)
    field = spec.field(field_name) if spec else None
    return _(field.label) if field is not None else field_name


class ConflictsTab(QWidget):
    """The open conflicts as a table, one line per field, and Keep mine / Keep theirs."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.conflicts: list[dict[str, Any]] = []
        self.table = table("sync_conflicts", _("Conflicts"), [
            _("Record"), _("Field"), _("My value"), _("Their value")])
        self.keep_mine = button(_("Keep mine"), "sync_keep_mine", _("Keep my value"))
        self.keep_theirs = button(_("Keep theirs"), "sync_keep_theirs", _("Keep their value"))
        self.table.itemSelectionChanged.connect(self.update_buttons)
        column = QVBoxLayout(self)
        hint = QLabel(_("Both sides changed the same field. Until you choose, the newer value "
                        "is shown. Double-click a line to open the record."))
        hint.setWordWrap(True)
        column.addWidget(hint)
        column.addWidget(self.table)
        row = QHBoxLayout()
        row.addWidget(self.keep_mine)
        row.addWidget(self.keep_theirs)
        row.addStretch(1)
        column.addLayout(row)

    def _record_title(self, conflict: dict[str, Any]) -> str:
        label = _(SPECS[conflict["type"]].label) if conflict["type"] in SPECS else ""
        try:
            title = shown_title(self.session.get_any(conflict["record_id"]))
        except CasefileError:
            title = _("(deleted record)")
        return f"{label}: {title}" if label else title

    def show_conflicts(self) -> int:
        """Show the vault's open conflicts; how many there are."""
        self.conflicts = bundles.conflicts(self.session)
        rows = []
        for c in self.conflicts:
            mine = [v for v in c["values"] if v["mine"]]
            theirs = [v for v in c["values"] if not v["mine"]]
            rows.append([
                self._record_title(c), field_label(c["type"], c["field"]),
                " / ".join(shown_value(c["type"], c["field"], v["value"]) for v in mine) or "—",
                " / ".join(shown_value(c["type"], c["field"], v["value"]) for v in theirs)
                or "—"])
        fill(self.table, rows)
        return len(rows)

    def current(self) -> dict[str, Any] | None:
        """The conflict chosen in the table, if any."""
        rows = [i.row() for i in self.table.selectionModel().selectedRows()]
        return self.conflicts[rows[0]] if rows and rows[0] < len(self.conflicts) else None

    def update_buttons(self) -> None:
        chosen = self.current() is not None
        self.keep_mine.setEnabled(chosen)
        self.keep_theirs.setEnabled(chosen)
