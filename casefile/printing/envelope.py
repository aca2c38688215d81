"""Envelopes, DL (220 × 110 mm) and C5 (229 × 162 mm), laid out as Russian Post expects.

"От кого / Откуда" upper left with the sender's index boxes, "Кому / Куда" lower right with
the recipient's index boxes at the bottom left of the block, and the destination index once
more in the machine-read stencil digits in the envelope's lower left corner. Empty fields
are printed as ruled lines to fill in by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from casefile.i18n import _
from casefile.printing.fonts import BOLD, REGULAR
from casefile.printing.layout import GREY, MM, canvas_document, person_line

SIZES: dict[str, tuple[float, float]] = {"DL": (220 * MM, 110 * MM), "C5": (229 * MM, 162 * MM)}

# The postal-code stencil: a cell 1 wide and 2 high, nine strokes; each digit uses some.
_POINTS = {"tl": (0, 2), "tr": (1, 2), "ml": (0, 1), "mr": (1, 1), "bl": (0, 0), "br": (1, 0)}
_STROKES = {
    "top": ("tl", "tr"), "ul": ("tl", "ml"), "ur": ("tr", "mr"), "mid": ("ml", "mr"),
    "ll": ("ml", "bl"), "lr": ("mr", "br"), "bot": ("bl", "br"),
    "d1": ("tr", "ml"), "d2": ("mr", "bl"),
}
DIGITS: dict[str, tuple[str, ...]] = {
    "0": ("top", "ur", "lr", "bot", "ll", "ul"),
    "1": ("d1", "ur", "lr"),
    "2": ("top", "ur", "d2", "bot"),
    "3": ("top", "d1", "mid", "lr", "bot"),
    "4": ("ul", "mid", "ur", "lr"),
    "5": ("top", "ul", "mid", "lr", "bot"),
    "6": ("d1", "ll", "bot", "lr", "mid"),
    "7": ("top", "d1", "ll"),
    "8": ("top", "ul", "ur", "mid", "ll", "lr", "bot"),
    "9": ("top", "ul", "ur", "mid", "d2"),
}


@dataclass(frozen=True)
class Geometry:
    width: float
    height: float
    line: float  # distance between ruled lines
    font: float
    sender_w: float
    recipient_w: float
    stamp: tuple[float, float]  # width, height


def geometry(size: str) -> Geometry:
    if size not in SIZES:
        raise ValueError(size)
    width, height = SIZES[size]
    if size == "DL":
        return Geometry(width, height, 6.6 * MM, 9.5, 88 * MM, 108 * MM, (26 * MM, 30 * MM))
    return Geometry(width, height, 8 * MM, 10.5, 95 * MM, 115 * MM, (28 * MM, 34 * MM))


def _fit(text: str, first_width: float, width: float, lines: int,
         size: float) -> tuple[list[str], float]:
    """Split text over ruled lines (the first one shorter, after its label), shrinking to fit."""
    while True:
        parts: list[str] = []
        rest = text.strip()
        for n in range(lines):
            if not rest:
                break
            avail = first_width if n == 0 else width
            head = simpleSplit(rest, REGULAR, size, avail)
            if not head:
                break
            parts.append(head[0])
            rest = rest[len(head[0]):].strip()
        if not rest or size <= 6.5:
            return parts, size
        size -= 0.5


def _field(c: Canvas, g: Geometry, at: tuple[float, float, float], label: str,
           text: tuple[Sequence[str], int]) -> float:
    """A label, then ruled lines with the text written on them; returns the next y.

    ``at``: (x, y of the first line, width); ``text``: (its pieces, how many lines).
    """
    x, y, width = at
    chunks, lines = text
    c.setFont(BOLD, g.font - 0.5)
    c.setFillColorRGB(0, 0, 0)
    c.drawString(x, y + 1.2 * MM, label)
    label_w = c.stringWidth(label, BOLD, g.font - 0.5) + 2 * MM
    joined = ", ".join(chunk for chunk in chunks if chunk)
    parts, size = _fit(joined, width - label_w, width, lines, g.font)
    c.setStrokeColorRGB(*GREY)
    c.setLineWidth(0.5)
    for n in range(lines):
        start = x + (label_w if n == 0 else 0)
        line_y = y - n * g.line
        c.line(start, line_y, x + width, line_y)
        if n < len(parts):
            c.setFont(REGULAR, size)
            c.drawString(start + 1 * MM, line_y + 1.2 * MM, parts[n])
    return y - lines * g.line


def _index_boxes(c: Canvas, x: float, y: float, code: str, size: float) -> None:
    """'Индекс' and six boxes, the postal code written in them (or left empty)."""
    label = _("Postal code")
    c.setFont(BOLD, size - 0.5)
    c.setFillColorRGB(0, 0, 0)
    c.drawString(x, y + 1.5 * MM, label)
    box_w, box_h = 4.6 * MM, 6.2 * MM
    left = x + c.stringWidth(label, BOLD, size - 0.5) + 2 * MM
    digits = "".join(ch for ch in code if ch.isdigit())[:6] if code else ""
    c.setStrokeColorRGB(0, 0, 0)
    c.setLineWidth(0.6)
    for n in range(6):
        bx = left + n * box_w
        c.rect(bx, y, box_w, box_h)
        if n < len(digits):
            c.setFont(REGULAR, size + 1)
            c.drawCentredString(bx + box_w / 2, y + 1.6 * MM, digits[n])


def _stencil(c: Canvas, x: float, y: float, code: str) -> None:
    """The destination index in Russian Post's stencil digits, lower left."""
    cell_w, cell_h, gap = 5.5 * MM, 11 * MM, 3.2 * MM
    digits = "".join(ch for ch in code if ch.isdigit())[:6] if code else ""
    unit = cell_w, cell_h / 2
    for n in range(6):
        left = x + n * (cell_w + gap)
        # the pale template every cell shows
        c.setStrokeColorRGB(0.72, 0.72, 0.72)
        c.setLineWidth(0.5)
        c.setDash(1.2, 1.4)
        for a, b in _STROKES.values():
            (ax, ay), (bx, by) = _POINTS[a], _POINTS[b]
            c.line(left + ax * unit[0], y + ay * unit[1], left + bx * unit[0], y + by * unit[1])
        c.setDash()
        if n < len(digits):
            c.setStrokeColorRGB(0, 0, 0)
            c.setLineWidth(2.2)
            c.setLineCap(1)
            for stroke in DIGITS[digits[n]]:
                a, b = _STROKES[stroke]
                (ax, ay), (bx, by) = _POINTS[a], _POINTS[b]
                c.line(left + ax * unit[0], y + ay * unit[1],
                       left + bx * unit[0], y + by * unit[1])
            c.setLineCap(0)


def _stamp(c: Canvas, g: Geometry) -> None:
    w, h = g.stamp
    x, y = g.width - 10 * MM - w, g.height - 8 * MM - h
    c.setStrokeColorRGB(0.72, 0.72, 0.72)
    c.setLineWidth(0.5)
    c.setDash(2, 2)
    c.rect(x, y, w, h)
    c.setDash()
    c.setFont(REGULAR, 7.5)
    c.setFillColorRGB(0.6, 0.6, 0.6)
    c.drawCentredString(x + w / 2, y + h / 2 - 1 * MM, _("Stamp"))
    c.setFillColorRGB(0, 0, 0)


def render_envelope(person: dict[str, Any], facility: dict[str, Any] | None,
                    sender: dict[str, Any] | None = None, size: str = "DL") -> bytes:
    """One envelope page of the given size (landscape)."""
    return render_envelopes([(person, facility)], sender, size)


def render_envelopes(addressees: list[tuple[dict[str, Any], dict[str, Any] | None]],
                     sender: dict[str, Any] | None = None, size: str = "DL") -> bytes:
    """An envelope page for each (person, facility), all from one sender, in one PDF."""
    g = geometry(size)
    c, out = canvas_document((g.width, g.height), title=_("Envelope"))
    for person, facility in addressees:
        _draw(c, g, person, facility or {}, sender or {})
        c.showPage()
    c.save()
    return out.getvalue()


def _draw(c: Canvas, g: Geometry, person: dict[str, Any], facility: dict[str, Any],
          sender: dict[str, Any]) -> None:
    _stamp(c, g)

    # От кого / Откуда: upper left
    x, y = 10 * MM, g.height - 14 * MM
    y = _field(c, g, (x, y, g.sender_w), _("From (whom)"),
               ([str(sender.get("name") or "")], 2))
    y = _field(c, g, (x, y - 1 * MM, g.sender_w), _("From (where)"),
               ([str(sender.get("address") or "")], 3))
    _index_boxes(c, x, y - 1 * MM, str(sender.get("postal_code") or ""), g.font)

    # Кому / Куда: lower right, the index boxes at the block's bottom left
    rx = g.width - 10 * MM - g.recipient_w
    ry = 10 * MM + 8.5 * MM + 6 * g.line
    ry = _field(c, g, (rx, ry, g.recipient_w), _("To (whom)"),
                ([person_line(person)], 2))
    where = [str(facility.get("name") or ""), str(facility.get("address") or "")]
    _field(c, g, (rx, ry - 1 * MM, g.recipient_w), _("To (where)"), (where, 4))
    code = str(facility.get("postal_code") or "")
    _index_boxes(c, rx, 10 * MM, code, g.font)

    # the machine-read destination index, lower left
    _stencil(c, 12 * MM, 10 * MM, code)
