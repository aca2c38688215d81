"""A record list's columns, sized to what they show.

Each column needs the width of its header and of its widest cell among the first rows
(``SAMPLE_ROWS``, never the whole table: a list may hold 100,000 letters). When the columns do
not all fit, the ones on the left — what a row is: its date, its person, its title — keep what
they need, and the later ones give way, down to a few characters (their text then ends in
"…", its start shown; the tooltip has all of it). The last column takes what is left over.
The widths are made again when the list is resized, and when rows come into an empty list,
until the person drags a column's border: from then on the widths are theirs.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView

SAMPLE_ROWS = 50  # rows measured for a column's width: the top of the first page
FLOOR_CHARS = 7  # a column giving way keeps about this many characters


def share(needs: Sequence[int], floors: Sequence[int], width: int) -> list[int]:
    """Widths for columns needing ``needs`` in ``width``: from the left, each column gets
    what it needs as long as every column after it keeps its floor, and never less than its
    own floor. The sum may exceed ``width`` only when the floors alone do."""
    sizes = []
    left = width
    for index, need in enumerate(needs):
        room = left - sum(floors[index + 1:])
        sizes.append(max(floors[index], min(need, room)))
        left -= sizes[-1]
    return sizes


class ColumnFitter(QObject):
    """Sizes ``view``'s columns (see the module docstring); ``fit()`` does it now."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.by_hand = False  # a border was dragged: the widths are the person's
        self._needs: list[int] = []
        self._width = 0  # the list's width the columns were last fitted to
        self._fitting = False
        self._dragging = False
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # A header cut short ends in "…" (Qt's default cuts a centred one at both ends).
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setResizeContentsPrecision(SAMPLE_ROWS)
        header.sectionResized.connect(self._resized)
        # Kept, so that the filter compares objects and calls nothing for other events.
        self._rows_area = view.viewport()
        self._header_area = header.viewport()
        self._header_area.installEventFilter(self)
        self._rows_area.installEventFilter(self)
        model = view.model()
        model.modelReset.connect(self._rows_changed)
        model.rowsInserted.connect(self._rows_inserted)

    def needs(self) -> list[int]:
        """What each column needs: its header, and its widest cell in the first rows."""
        header = self.view.horizontalHeader()
        count = self.view.model().columnCount()
        measured = [max(header.sectionSizeHint(c), self.view.sizeHintForColumn(c))
                    for c in range(count)]
        # Never narrower than before: a filter showing other rows does not shake the columns.
        if len(self._needs) == count:
            measured = [max(a, b) for a, b in zip(measured, self._needs, strict=True)]
        self._needs = measured
        return measured

    def fit(self, *, measure: bool = True) -> None:
        """Size the columns to what they show, in the width the list has now (measured
        again, unless ``measure`` is False and they were measured before)."""
        if self.by_hand:
            return
        header = self.view.horizontalHeader()
        count = self.view.model().columnCount()
        needs = self.needs() if measure or len(self._needs) != count else self._needs
        floor = self.view.fontMetrics().horizontalAdvance("0" * FLOOR_CHARS)
        floors = [min(need, floor) for need in needs]
        if self._fitting:
            return  # the list's width changed under the sizes being set: the loop below sees it
        self._fitting = True
        try:
            # Setting the widths may show or hide a scroll bar, which changes the width.
            for _attempt in range(3):
                width = self.view.viewport().width()
                for column, size in enumerate(share(needs, floors, width)):
                    header.resizeSection(column, size)
                if self.view.viewport().width() == width:
                    break
        finally:
            self._fitting = False
        self._width = width
        # When a list is first shown, its scroll bars settle after this without a resize
        # the filter sees: look again once they have.
        QTimer.singleShot(0, self, self._settled)

    def _settled(self) -> None:
        if self.view.viewport().width() != self._width:
            self.fit(measure=False)

    # -- when ----------------------------------------------------------------------------

    def _rows_changed(self) -> None:
        if self.view.model().rowCount() and not self.by_hand:
            self.fit()

    def _rows_inserted(self) -> None:
        if self.view.model().rowCount() <= SAMPLE_ROWS:  # the first rows of an empty list
            self._rows_changed()

    def _resized(self, column: int, _old: int, _new: int) -> None:
        # The last column follows the others (it stretches): only a border dragged counts.
        last = self.view.model().columnCount() - 1
        if self._dragging and not self._fitting and column != last:
            self.by_hand = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind == QEvent.Type.Resize and watched is self._rows_area:
            self.fit(measure=False)
        elif kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease) and \
                watched is self._header_area:
            self._dragging = kind == QEvent.Type.MouseButtonPress
        return False
