"""Small charts drawn with QPainter: grouped bars by month, and horizontal "used of" bars.

QtCharts lives in the PySide6-Addons wheel, which we do not ship (docs/adr/0004). These draw
from plain numbers handed to them, never read the vault, and never write an image: the
screenshot script is the only thing that grabs them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from casefile.i18n import _, format_number

AXIS = QColor("#555555")
GRID = QColor("#e3e3e3")
TRACK = QColor("#eeeeee")


@dataclass(frozen=True)
class Series:
    label: str  # shown in the legend and tooltips (already translated)
    colour: str  # "#rrggbb"
    values: tuple[float, ...]  # one per category


def nice_ceiling(value: float) -> float:
    """The round number (1, 2, 2.5, 5 × 10^n) at or above value, for the top of an axis."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


class BarChart(QWidget):
    """Grouped vertical bars: categories (months) along x, one bar per series in each."""

    TICKS = 4

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setAccessibleName(title)
        self.categories: list[str] = []
        self.series: list[Series] = []
        self.axis_text: Callable[[float], str] = lambda v: format_number(round(v))
        self.value_text: Callable[[float], str] = format_number
        self.empty_text = _("No data yet")  # shown instead of axes when no bar has a height
        self.setMinimumSize(260, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(480, 220)

    def set_data(self, categories: Sequence[str], series: Sequence[Series], *,
                 axis_text: Callable[[float], str] | None = None,
                 value_text: Callable[[float], str] | None = None,
                 empty_text: str | None = None) -> None:
        """``categories`` are the x labels; each series has one value per category. With
        every value 0 there is nothing to draw: ``empty_text`` says so instead."""
        self.categories = list(categories)
        self.series = [s for s in series if len(s.values) == len(self.categories)]
        if axis_text is not None:
            self.axis_text = axis_text
        if value_text is not None:
            self.value_text = value_text
        if empty_text is not None:
            self.empty_text = empty_text
        self.setAccessibleDescription("; ".join(
            f"{c}: " + ", ".join(f"{s.label} {self.value_text(s.values[i])}"
                                 for s in self.series)
            for i, c in enumerate(self.categories)) if self.has_bars() else self.empty_text)
        self.update()

    def has_bars(self) -> bool:
        """Some value is not 0: there are bars, and axes worth reading."""
        return any(v for s in self.series for v in s.values)

    # -- geometry ---------------------------------------------------------------------------

    def top_value(self) -> float:
        return nice_ceiling(max((v for s in self.series for v in s.values), default=0.0))

    def plot_rect(self) -> QRectF:
        fm = QFontMetrics(self.font())
        widest = max(fm.horizontalAdvance(self.axis_text(self.top_value() * i / self.TICKS))
                     for i in range(self.TICKS + 1))
        top = fm.height() * 2.5 + 10  # title, legend, and room for the top axis label
        return QRectF(widest + 10, top, max(10, self.width() - widest - 18),
                      max(10, self.height() - top - fm.height() - 10))

    def bar_rects(self) -> list[tuple[QRectF, int, int]]:
        """(rectangle, category index, series index) of every bar, for painting and tips."""
        if not self.categories or not self.has_bars():
            return []
        plot = self.plot_rect()
        slot = plot.width() / len(self.categories)
        group = slot * 0.8
        bar = group / len(self.series)
        top = self.top_value()
        out = []
        for c in range(len(self.categories)):
            for s, series in enumerate(self.series):
                h = plot.height() * max(0.0, series.values[c]) / top
                x = plot.left() + c * slot + (slot - group) / 2 + s * bar
                out.append((QRectF(x, plot.bottom() - h, max(1.0, bar - 1), h), c, s))
        return out

    # -- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        p.fillRect(self.rect(), QColor("white"))
        bold = self.font()
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(QColor("#222222"))
        p.drawText(QRectF(4, 2, self.width() - 8, fm.height()),
                   Qt.AlignmentFlag.AlignLeft, self.title)
        p.setFont(self.font())
        if not self.categories or not self.has_bars():
            p.setPen(AXIS)
            # Where GaugeBars says it has no data, so that the two beside each other agree.
            p.drawText(QRectF(8, fm.height() + 6, self.width() - 16, GaugeBars.ROW * 2),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)
            return
        self._legend(p, fm)
        plot = self.plot_rect()
        top = self.top_value()
        for i in range(self.TICKS + 1):
            y = plot.bottom() - plot.height() * i / self.TICKS
            p.setPen(QPen(GRID if i else AXIS, 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(AXIS)
            p.drawText(QRectF(0, y - fm.height() / 2, plot.left() - 6, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       self.axis_text(top * i / self.TICKS))
        for rect, _c, s in self.bar_rects():
            p.fillRect(rect, QColor(self.series[s].colour))
        self._x_labels(p, fm, plot)

    def _legend(self, p: QPainter, fm: QFontMetrics) -> None:
        x, y = 6.0, fm.height() + 6.0
        for series in self.series:
            p.fillRect(QRectF(x, y + 2, 10, fm.height() - 4), QColor(series.colour))
            p.setPen(QColor("#222222"))
            p.drawText(QPointF(x + 14, y + fm.ascent()), series.label)
            x += 14 + fm.horizontalAdvance(series.label) + 16

    def _x_labels(self, p: QPainter, fm: QFontMetrics, plot: QRectF) -> None:
        slot = plot.width() / len(self.categories)
        widest = max(fm.horizontalAdvance(c) for c in self.categories) + 8
        every = max(1, math.ceil(widest / slot))  # skip labels rather than overlap them
        p.setPen(AXIS)
        for c, text in enumerate(self.categories):
            if c % every:
                continue
            centre = plot.left() + (c + 0.5) * slot
            p.drawText(QRectF(centre - widest / 2, plot.bottom() + 3, widest, fm.height()),
                       Qt.AlignmentFlag.AlignHCenter, text)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.tip_at(QPointF(event.pos()))
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def tip_at(self, pos: QPointF) -> str:
        for rect, c, s in self.bar_rects():
            hit = QRectF(rect.left(), self.plot_rect().top(), rect.width(),
                         self.plot_rect().height())
            if hit.contains(pos):
                series = self.series[s]
                return f"{self.categories[c]}: {series.label} {self.value_text(series.values[c])}"
        return ""


@dataclass(frozen=True)
class Gauge:
    label: str  # whose (left of the bar)
    fraction: float  # 0..1 (more than 1 when over the limit)
    text: str  # right of the bar, e.g. "3,3 из 30 кг"
    tip: str = ""


class GaugeBars(QWidget):
    """One horizontal bar per row: how much of something is used (green, amber, red)."""

    ROW = 22

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setAccessibleName(title)
        self.rows: list[Gauge] = []
        self.setMinimumSize(260, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(480, 220)

    def set_rows(self, rows: Sequence[Gauge]) -> None:
        self.rows = list(rows)
        self.setAccessibleDescription("; ".join(f"{r.label}: {r.text}" for r in self.rows))
        fm = QFontMetrics(self.font())
        self.setMinimumHeight(fm.height() + 12 + self.ROW * max(1, len(self.rows)) + 4)
        self.update()

    @staticmethod
    def colour(fraction: float) -> QColor:
        return QColor("#c62828" if fraction >= 1 else "#ef6c00" if fraction >= 0.75
                      else "#2e7d32")

    def row_rects(self) -> list[tuple[QRectF, QRectF, QRectF]]:
        """(label, bar track, value text) rectangles of every row."""
        fm = QFontMetrics(self.font())
        top = fm.height() + 10
        label_w = min(self.width() * 0.38, max((fm.horizontalAdvance(r.label)
                                                for r in self.rows), default=0) + 8)
        text_w = max((fm.horizontalAdvance(r.text) for r in self.rows), default=0) + 10
        bar_w = max(20, self.width() - label_w - text_w - 12)
        out = []
        for i in range(len(self.rows)):
            y = top + i * self.ROW
            out.append((QRectF(4, y, label_w - 6, self.ROW),
                        QRectF(label_w, y + 4, bar_w, self.ROW - 8),
                        QRectF(label_w + bar_w + 6, y, text_w, self.ROW)))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        fm = QFontMetrics(self.font())
        p.fillRect(self.rect(), QColor("white"))
        bold = self.font()
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(QColor("#222222"))
        p.drawText(QRectF(4, 2, self.width() - 8, fm.height()), Qt.AlignmentFlag.AlignLeft,
                   self.title)
        p.setFont(self.font())
        if not self.rows:
            p.setPen(AXIS)
            p.drawText(QRectF(0, fm.height() + 6, self.width(), self.ROW * 2),
                       Qt.AlignmentFlag.AlignCenter, _("No data yet"))
            return
        middle = Qt.AlignmentFlag.AlignVCenter
        for row, (label, track, value) in zip(self.rows, self.row_rects(), strict=True):
            p.setPen(QColor("#222222"))
            p.drawText(label, Qt.AlignmentFlag.AlignLeft | middle,
                       fm.elidedText(row.label, Qt.TextElideMode.ElideRight,
                                     int(label.width())))
            p.fillRect(track, TRACK)
            filled = QRectF(track)
            filled.setWidth(track.width() * min(1.0, max(0.0, row.fraction)))
            p.fillRect(filled, self.colour(row.fraction))
            p.drawText(value, Qt.AlignmentFlag.AlignLeft | middle, row.text)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            for row, rects in zip(self.rows, self.row_rects(), strict=True):
                if any(r.contains(QPointF(event.pos())) for r in rects):
                    QToolTip.showText(event.globalPos(), row.tip or f"{row.label}: {row.text}",
                                      self)
                    return True
            QToolTip.hideText()
            return True
        return super().event(event)
