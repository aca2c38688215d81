"""Search everything (Ctrl+K): the field in the toolbar and the list of hits below it.

Hits are grouped under their record type's heading; the first is highlighted (what Enter
opens), and Down and Up in the field move the highlight past the headings.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem

from casefile.domain.records import SPECS
from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.ui.listitems import heading_item, item_target, target_item
from casefile.ui.sections import SECTIONS

LIMIT = 30


class SearchField(QLineEdit):
    """The search box; Down and Up move through the results below it (``step(±1)``)."""

    step = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        steps = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}
        if event.key() in steps and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.step.emit(steps[Qt.Key(event.key())])
            return
        super().keyPressEvent(event)


class SearchResults(QListWidget):
    """The hits of one search, each item pointing at its record (``listitems``)."""

    def search(self, session: Session, text: str) -> None:
        """The best hits for ``text`` in the sidebar's order of sections, or "Nothing found";
        empty for a blank ``text``. The first hit is highlighted."""
        self.clear()
        hits = session.search(text, limit=LIMIT) if text.strip() else []
        if text.strip() and not hits:
            self.addItem(target_item(_("Nothing found"), ""))
        for record_type in SECTIONS[1:]:
            group = [h for h in hits if h.type == record_type]
            if not group:
                continue
            self.addItem(heading_item(_(SPECS[record_type].plural)))
            for hit in group:
                self.addItem(target_item(f"    {hit.title} — {hit.snippet}",
                                         f"{hit.type}/{hit.id}"))
        self.step(1)

    def hit_rows(self) -> list[int]:
        return [row for row in range(self.count()) if (item := self.item(row)) is not None
                and item_target(item)]

    def step(self, step: int) -> None:
        """Highlight the next (1) or previous (-1) hit, past the headings."""
        rows = self.hit_rows()
        if not rows or not self.isVisible():
            return
        current = self.currentRow()
        if current not in rows:
            row = rows[0]
        else:
            row = rows[max(0, min(len(rows) - 1, rows.index(current) + step))]
        self.setCurrentRow(row)
        self.scrollToItem(self.item(row))

    def chosen(self) -> QListWidgetItem | None:
        """The highlighted hit, or the first; None if there are no hits."""
        rows = self.hit_rows()
        if not rows:
            return None
        current = self.currentRow()
        return self.item(current if current in rows else rows[0])
