"""A case's course on a time axis, drawn with QPainter: one lane per kind of record.

The marks come from ``casefile.services.views.timeline.case_timeline``, the same list the printed
summary draws. Clicking a mark (or choosing it with the arrow keys and pressing Enter) emits
``open_requested(type, id)``; the main window opens that record. Ctrl+wheel or +/- zoom, the
scroll bar moves along the axis.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.timeline import LANES
from casefile.i18n import _, format_date, format_moment, format_month
from casefile.services.records.session import Session
from casefile.services.views.timeline import Mark, case_timeline
from casefile.ui.widgets import named

LANE_H = 48
TOP = 6
AXIS_H = 34
PAD = 14
RADIUS = 5.0
ROWS = (0, -13, 13)  # marks closer than a mark's width step aside, up or down
MAX_ZOOM = 16.0


def month_starts(first: date, last: date) -> list[date]:
    day = first.replace(day=1)
    out = []
    while day <= last:
        out.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return out


class TimelineCanvas(QWidget):
    """The lanes and marks; lives in a scroll area so it can be wider than the view."""

    open_requested = Signal(str, str)
    selection_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline_canvas")
        self.setAccessibleName(_("Timeline"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.marks: list[Mark] = []
        self.centres: list[QPointF] = []
        self.selected = -1
        self.today = date.today()
        self.first = self.last = self.today
        self.setFixedHeight(TOP + LANE_H * len(LANES) + AXIS_H)

    def set_marks(self, marks: list[Mark], today: date | None = None) -> None:
        self.marks = list(marks)
        self.today = today or date.today()
        days = [date.fromisoformat(m.on) for m in self.marks] or [self.today]
        self.first = min(days).replace(day=1)
        self.last = (max(days).replace(day=1) + timedelta(days=32)).replace(day=1)
        self.selected = -1
        self._layout()
        self.update()

    # -- geometry ---------------------------------------------------------------------------

    def x_of(self, day: date) -> float:
        span = max(1, (self.last - self.first).days)
        return PAD + (day - self.first).days / span * (self.width() - 2 * PAD)

    @staticmethod
    def lane_top(index: int) -> float:
        return TOP + index * LANE_H

    def _layout(self) -> None:
        """Each mark's centre; a mark too close to the last one in its row takes another row."""
        lanes = {lane.key: n for n, lane in enumerate(LANES)}
        last_x: dict[tuple[str, int], float] = {}
        self.centres = []
        for mark in self.marks:
            x = self.x_of(date.fromisoformat(mark.on))
            row = next((r for r in range(len(ROWS))
                        if x - last_x.get((mark.lane, r), -1e9) >= 2 * RADIUS + 1), None)
            if row is None:  # all rows busy: the row that was used longest ago
                row = min(range(len(ROWS)), key=lambda r: last_x.get((mark.lane, r), -1e9))
            last_x[(mark.lane, row)] = x
            y = self.lane_top(lanes[mark.lane]) + LANE_H / 2 + ROWS[row]
            self.centres.append(QPointF(x, y))

    def mark_centre(self, index: int) -> QPointF:
        return self.centres[index]

    def mark_at(self, pos: QPointF) -> int:
        """The index of the mark under pos (the nearest within its size), or -1."""
        best, best_d = -1, (RADIUS + 3) ** 2
        for i, c in enumerate(self.centres):
            d = (c.x() - pos.x()) ** 2 + (c.y() - pos.y()) ** 2
            if d <= best_d:
                best, best_d = i, d
        return best

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        self._layout()
        super().resizeEvent(event)

    # -- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        bottom = self.lane_top(len(LANES))
        for n in range(len(LANES)):
            if n % 2:
                p.fillRect(QRectF(0, self.lane_top(n), self.width(), LANE_H), QColor("#f6f6f6"))
        self._axis(p, bottom)
        if self.first <= self.today <= self.last:
            x = self.x_of(self.today)
            p.setPen(QPen(QColor("#c62828"), 1, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x, TOP), QPointF(x, bottom))
        for i, (mark, centre) in enumerate(zip(self.marks, self.centres, strict=True)):
            self._mark(p, mark, centre, i == self.selected)
        if not self.marks:
            p.setPen(QColor("#555555"))
            p.drawText(QRectF(0, TOP, self.width(), bottom - TOP), Qt.AlignmentFlag.AlignCenter,
                       _("Nothing in this case has a date yet."))

    def _axis(self, p: QPainter, bottom: float) -> None:
        fm = QFontMetrics(self.font())
        p.setPen(QPen(QColor("#555555"), 1))
        p.drawLine(QPointF(0, bottom), QPointF(self.width(), bottom))
        starts = month_starts(self.first, self.last)
        widest = max(fm.horizontalAdvance(format_month(d.isoformat())) for d in starts) + 8
        step = max(1.0, self.x_of(starts[1]) - self.x_of(starts[0])) if len(starts) > 1 \
            else float(self.width())
        # Label every month that fits; Januaries (with the year) come first when crowded.
        every = max(1, -(-int(widest) // int(step)))
        for n, day in enumerate(starts):
            x = self.x_of(day)
            p.setPen(QPen(QColor("#e0e0e0"), 1))
            p.drawLine(QPointF(x, TOP), QPointF(x, bottom))
            p.setPen(QPen(QColor("#555555"), 1))
            p.drawLine(QPointF(x, bottom), QPointF(x, bottom + 4))
            labelled = n % every == 0 if every < 12 else day.month == 1
            if labelled and x + 2 + fm.horizontalAdvance(format_month(day.isoformat())) \
                    <= self.width():
                with_year = day.month == 1 or n == 0 or every > 1
                p.drawText(QPointF(x + 2, bottom + 6 + fm.ascent()),
                           format_month(day.isoformat(), year=with_year))

    @staticmethod
    def _mark(p: QPainter, mark: Mark, c: QPointF, selected: bool) -> None:
        colour = QColor(next(lane.colour for lane in LANES if lane.key == mark.lane))
        p.setPen(QPen(colour.darker(130), 1.2))
        p.setBrush(colour)
        r = RADIUS
        if mark.lane == "hearing":
            p.drawRect(QRectF(c.x() - r + 1, c.y() - r + 1, 2 * r - 2, 2 * r - 2))
        elif mark.lane == "deadline":
            path = QPainterPath()
            path.moveTo(c.x(), c.y() - r - 2)
            path.lineTo(c.x() + r + 1, c.y())
            path.lineTo(c.x(), c.y() + r + 2)
            path.lineTo(c.x() - r - 1, c.y())
            path.closeSubpath()
            p.drawPath(path)
        elif mark.lane == "letter" and mark.kind == "in":
            p.setBrush(QColor("white"))  # incoming: hollow, outgoing: filled
            p.drawEllipse(c, r - 1, r - 1)
        else:
            p.drawEllipse(c, r - 1 if mark.lane == "letter" else r,
                          r - 1 if mark.lane == "letter" else r)
        if selected:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(QColor("#000000"), 2))
            p.drawEllipse(c, r + 4, r + 4)

    # -- interaction ------------------------------------------------------------------------

    def describe(self, index: int) -> str:
        mark = self.marks[index]
        when = format_moment(mark.moment) if mark.moment else format_date(mark.on)
        return f"{when} — {mark.label}"

    def select(self, index: int) -> None:
        if not self.marks:
            return
        self.selected = max(0, min(index, len(self.marks) - 1))
        self.selection_changed.emit(self.selected)
        self.update()

    def activate(self, index: int) -> None:
        if 0 <= index < len(self.marks):
            self.select(index)
            mark = self.marks[index]
            self.open_requested.emit(mark.record_type, mark.id)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus()
            self.activate(self.mark_at(event.position()))
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key = event.key()
        moves = {Qt.Key.Key_Right: self.selected + 1, Qt.Key.Key_Left: self.selected - 1,
                 Qt.Key.Key_Home: 0, Qt.Key.Key_End: len(self.marks) - 1}
        if key in moves and self.marks:
            self.select(moves[Qt.Key(key)] if self.selected >= 0 or key != Qt.Key.Key_Left
                        else 0)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) \
                and self.selected >= 0:
            self.activate(self.selected)
        else:
            super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.mark_at(QPointF(event.pos()))
            if index >= 0:
                QToolTip.showText(event.globalPos(), self.describe(index), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


class LaneNames(QWidget):
    """The lane names, beside the scrolling canvas so they stay in view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fm = QFontMetrics(self.font())
        self.setFixedWidth(max(fm.horizontalAdvance(_(lane.label)) for lane in LANES) + 16)
        self.setFixedHeight(TOP + LANE_H * len(LANES) + AXIS_H)
        self.top = 0  # the scroll area's frame above the canvas

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        for n, lane in enumerate(LANES):
            rect = QRectF(0, self.top + TOP + n * LANE_H, self.width(), LANE_H)
            if n % 2:
                p.fillRect(rect, QColor("#f6f6f6"))
            p.setPen(QColor(lane.colour).darker(120))
            p.drawText(rect.adjusted(6, 0, -4, 0),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, _(lane.label))


class TimelineView(QWidget):
    """The case's timeline with lane names, zoom buttons and a line describing the choice."""

    open_requested = Signal(str, str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("timeline")
        self.zoom = 1.0
        self.canvas = TimelineCanvas()
        self.canvas.open_requested.connect(self.open_requested)
        self.canvas.selection_changed.connect(self._selected)
        self.scroll_area = named(QScrollArea(), "timeline_scroll")
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFixedHeight(self.canvas.height() + 20)
        self.scroll_area.viewport().installEventFilter(self)
        # Tab goes to the canvas, which says what it is ("Timeline"), not to a nameless frame.
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.zoom_in = named(QPushButton("+"), "zoom_in")
        self.zoom_in.setToolTip(_("Zoom in"))
        self.zoom_in.setAccessibleName(_("Zoom in"))
        self.zoom_out = named(QPushButton("−"), "zoom_out")
        self.zoom_out.setToolTip(_("Zoom out"))
        self.zoom_out.setAccessibleName(_("Zoom out"))
        for button in (self.zoom_in, self.zoom_out):
            button.setFixedWidth(32)
        self.zoom_in.clicked.connect(lambda: self.set_zoom(self.zoom * 2))
        self.zoom_out.clicked.connect(lambda: self.set_zoom(self.zoom / 2))
        # Record data, not interface text: its name says so to the translation check.
        self.detail = named(QLabel(), "field_timeline_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = named(QLabel(_("Click a mark to open its record. Arrow keys choose a "
                                   "mark, Enter opens it; + and − zoom.")), "timeline_hint")
        self.hint.setWordWrap(True)
        self.canvas.setAccessibleDescription(self.hint.text())
        self.hint.setStyleSheet("color: #555555;")
        self._lay_out()
        self.marks: list[Mark] = []

    def _lay_out(self) -> None:
        row = QHBoxLayout()
        row.setSpacing(0)
        names = LaneNames()
        names.setContentsMargins(0, 0, 0, 0)
        row.addWidget(names, 0, Qt.AlignmentFlag.AlignTop)
        # The names stand level with the lanes inside the scroll area's frame.
        row.setContentsMargins(0, 0, 0, 0)
        self.names_gap = self.scroll_area.frameWidth()
        names.setFixedHeight(names.height() + self.names_gap)
        names.top = self.names_gap
        row.addWidget(self.scroll_area, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hint, 1)
        buttons.addWidget(self.zoom_out)
        buttons.addWidget(self.zoom_in)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addLayout(row)
        layout.addLayout(buttons)
        layout.addWidget(self.detail)
        layout.addStretch(1)
        # The lanes have a fixed height (about 300 px): on a short screen the tab scrolls
        # rather than making the whole window taller than the screen.
        page = named(QScrollArea(), "timeline_page")
        page.setWidget(inner)
        page.setWidgetResizable(True)
        page.setFrameShape(QFrame.Shape.NoFrame)
        page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # it scrolls to what has the focus
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(page)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(700, self.canvas.height() + 120)

    def show_case(self, case_id: str | None, today: date | None = None) -> None:
        self.marks = case_timeline(self.session, case_id) if case_id else []
        self.canvas.set_marks(self.marks, today)
        self.detail.clear()
        self.set_zoom(1.0)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = max(1.0, min(MAX_ZOOM, zoom))
        self.zoom_out.setEnabled(self.zoom > 1.0)
        self.zoom_in.setEnabled(self.zoom < MAX_ZOOM)
        self.canvas.setMinimumWidth(int(self.scroll_area.viewport().width() * self.zoom))
        self.canvas.adjustSize()

    def _selected(self, index: int) -> None:
        self.detail.setText(self.canvas.describe(index))
        centre = self.canvas.mark_centre(index)
        self.scroll_area.ensureVisible(int(centre.x()), int(centre.y()), 40, 0)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.set_zoom(self.zoom * 2)
        elif event.key() == Qt.Key.Key_Minus:
            self.set_zoom(self.zoom / 2)
        else:
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if isinstance(event, QWheelEvent) and \
                event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.set_zoom(self.zoom * (2 if event.angleDelta().y() > 0 else 0.5))
            return True
        if event.type() == QEvent.Type.Resize and watched is self.scroll_area.viewport():
            self.canvas.setMinimumWidth(int(self.scroll_area.viewport().width() * self.zoom))
        return super().eventFilter(watched, event)
