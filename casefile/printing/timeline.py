"""A case's timeline on paper: the same lanes and marks as the window's, as a vector drawing.

The marks arrive as plain dicts (``on``, ``kind``, ``lane``, ``label``, ...) from
``casefile.services.views.timeline`` through ``services.printing.print_case``; this module does not
know where they came from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.colors import Color, HexColor, white

from casefile.domain.timeline import LANES
from casefile.i18n import _, format_month
from casefile.printing.fonts import REGULAR, register_fonts
from casefile.printing.layout import MM

LANE_H = 8 * MM
AXIS_H = 7 * MM
NAMES_W = 30 * MM
RADIUS = 1.3 * MM
ROWS = (0.0, 2.6 * MM, -2.6 * MM)  # marks closer than a mark's width step aside
FONT_SIZE = 7.5
GRID = Color(0.85, 0.85, 0.85)
STRIPE = Color(0.96, 0.96, 0.96)
AXIS = Color(0.35, 0.35, 0.35)
TODAY = Color(0.75, 0.0, 0.0)

MarkDict = Mapping[str, str]


def isListOfDicts(value: object) -> bool:  # noqa: N802 - reportlab's validator style
    return isinstance(value, list) and all(isinstance(v, Mapping) for v in value)


def _months(first: date, last: date) -> list[date]:
    day, out = first.replace(day=1), []
    while day <= last:
        out.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return out


class TimelineDrawing(Drawing):
    """A Drawing that remembers the marks it drew (the tests read them back)."""

    _attrMap = AttrMap(BASE=Drawing, marks=AttrMapValue(isListOfDicts,  # noqa: N815
                                                        desc="the marks drawn"))
    marks: list[MarkDict]


def timeline_drawing(marks: Sequence[MarkDict], width: float,
                     today: date | None = None) -> TimelineDrawing:
    register_fonts()
    height = LANE_H * len(LANES) + AXIS_H
    d = TimelineDrawing(width, height)
    d.initialFontName, d.initialFontSize = REGULAR, FONT_SIZE  # or reportlab sets Helvetica
    d.marks = list(marks)
    days = [date.fromisoformat(str(m["on"])) for m in marks] or [today or date.today()]
    first = min(days).replace(day=1)
    last = (max(days).replace(day=1) + timedelta(days=32)).replace(day=1)
    left, right = NAMES_W + 2 * MM, width - 2 * MM
    span = max(1, (last - first).days)

    def x_of(day: date) -> float:
        return left + (day - first).days / span * (right - left)

    def lane_mid(n: int) -> float:
        return height - (n + 0.5) * LANE_H

    for n, lane in enumerate(LANES):
        if n % 2:
            d.add(Rect(0, height - (n + 1) * LANE_H, width, LANE_H, fillColor=STRIPE,
                       strokeColor=None))
        d.add(String(2, lane_mid(n) - FONT_SIZE / 3, _(lane.label), fontName=REGULAR,
                     fontSize=FONT_SIZE, fillColor=HexColor(lane.colour)))
    _axis(d, first, last, x_of, right)
    if today and first <= today <= last:
        d.add(Line(x_of(today), AXIS_H, x_of(today), height, strokeColor=TODAY,
                   strokeWidth=0.6, strokeDashArray=[2, 2]))
    lanes = {lane.key: n for n, lane in enumerate(LANES)}
    last_x: dict[tuple[str, int], float] = {}
    for mark in sorted(marks, key=lambda m: str(m["on"])):
        x = x_of(date.fromisoformat(str(mark["on"])))
        key = str(mark["lane"])
        row = next((r for r in range(len(ROWS))
                    if x - last_x.get((key, r), -1e9) >= 2 * RADIUS + 0.5),
                   min(range(len(ROWS)), key=lambda r: last_x.get((key, r), -1e9)))
        last_x[(key, row)] = x
        _mark(d, mark, x, lane_mid(lanes[key]) + ROWS[row])
    return d


def _axis(d: Drawing, first: date, last: date, x_of: Callable[[date], float],
          right: float) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth  # noqa: PLC0415

    d.add(Line(NAMES_W, AXIS_H, right, AXIS_H, strokeColor=AXIS, strokeWidth=0.6))
    starts = _months(first, last)
    widest = max(stringWidth(format_month(s.isoformat()), REGULAR, FONT_SIZE) for s in starts)
    step = (x_of(starts[1]) - x_of(starts[0])) if len(starts) > 1 else right
    every = max(1, -(-int(widest + 4) // max(1, int(step))))
    for n, day in enumerate(starts):
        x = x_of(day)
        d.add(Line(x, AXIS_H, x, d.height, strokeColor=GRID, strokeWidth=0.3))
        d.add(Line(x, AXIS_H - 1.2 * MM, x, AXIS_H, strokeColor=AXIS, strokeWidth=0.6))
        text = format_month(day.isoformat())
        if n % every == 0 and x + stringWidth(text, REGULAR, FONT_SIZE) <= right + 2 * MM:
            d.add(String(x + 1, AXIS_H - 4.5 * MM, text, fontName=REGULAR,
                         fontSize=FONT_SIZE, fillColor=AXIS))


def _mark(d: Drawing, mark: MarkDict, x: float, y: float) -> None:
    lane = str(mark["lane"])
    colour = HexColor(next(la.colour for la in LANES if la.key == lane))
    r = RADIUS
    if lane == "hearing":
        d.add(Rect(x - r * 0.85, y - r * 0.85, 1.7 * r, 1.7 * r, fillColor=colour,
                   strokeColor=colour, strokeWidth=0.4))
    elif lane == "deadline":
        d.add(Polygon([x, y + 1.5 * r, x + 1.2 * r, y, x, y - 1.5 * r, x - 1.2 * r, y],
                      fillColor=colour, strokeColor=colour, strokeWidth=0.4))
    elif lane == "letter":
        hollow = mark.get("kind") == "in"
        d.add(Circle(x, y, r * 0.8, fillColor=white if hollow else colour,
                     strokeColor=colour, strokeWidth=0.5))
    else:
        d.add(Circle(x, y, r, fillColor=colour, strokeColor=colour, strokeWidth=0.4))
