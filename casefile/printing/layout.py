"""What every printed page shares: A4 geometry, paragraph styles, tables, and rendering.

Text from records always goes through ``para`` (escaped for reportlab's mini-markup, line
breaks kept), tables always get explicit column widths that add up to the frame's width and
Paragraphs in their cells, so long Cyrillic names wrap instead of running past the margin.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from casefile.domain.describe import choice_label
from casefile.domain.records import SPECS
from casefile.i18n import _, format_number
from casefile.printing.fonts import BOLD, ITALIC, REGULAR, register_fonts

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable, Paragraph, Table
    from reportlab.platypus.doctemplate import BaseDocTemplate

MM = 72 / 25.4  # points in a millimetre
A4 = (210 * MM, 297 * MM)
LEFT, RIGHT, TOP, BOTTOM = 25 * MM, 15 * MM, 20 * MM, 20 * MM
FRAME_WIDTH = A4[0] - LEFT - RIGHT
FRAME_HEIGHT = A4[1] - TOP - BOTTOM

BLANK = "_" * 22  # a line to write on by hand
NBSP = "\u00a0"
GREY = (0.35, 0.35, 0.35)
LIGHT = (0.9, 0.9, 0.9)
WARN = (0.75, 0.0, 0.0)
FLAG = "⚠"  # items a facility does not accept

PageHook = Callable[["Canvas", "BaseDocTemplate"], None]


@dataclass(frozen=True)
class Styles:
    body: Any
    small: Any
    note: Any
    title: Any
    heading: Any
    cell: Any
    cell_bold: Any
    cell_right: Any
    warning: Any
    block: Any


_styles: Styles | None = None


def styles() -> Styles:
    """The paragraph styles, made once (after the fonts are registered)."""
    global _styles  # noqa: PLW0603 - built once, read-only afterwards
    if _styles is None:
        register_fonts()
        from reportlab.lib.enums import TA_CENTER, TA_RIGHT  # noqa: PLC0415
        from reportlab.lib.styles import ParagraphStyle  # noqa: PLC0415

        base = ParagraphStyle("cf-body", fontName=REGULAR, fontSize=11, leading=15,
                              spaceAfter=6, splitLongWords=True,
                              hyphenationLang=hyphenator() or "")
        cell = ParagraphStyle("cf-cell", base, fontSize=9, leading=11.5, spaceAfter=0)
        _styles = Styles(
            body=base,
            small=ParagraphStyle("cf-small", base, fontSize=8.5, leading=11, spaceAfter=2),
            note=ParagraphStyle("cf-note", base, fontName=ITALIC, fontSize=8.5, leading=11,
                                textColor=GREY, spaceAfter=2),
            title=ParagraphStyle("cf-title", base, fontName=BOLD, fontSize=14, leading=18,
                                 alignment=TA_CENTER, spaceBefore=4, spaceAfter=10),
            heading=ParagraphStyle("cf-heading", base, fontName=BOLD, fontSize=11.5,
                                   leading=15, spaceBefore=10, spaceAfter=4,
                                   keepWithNext=True),
            cell=cell,
            cell_bold=ParagraphStyle("cf-cell-bold", cell, fontName=BOLD),
            cell_right=ParagraphStyle("cf-cell-right", cell, alignment=TA_RIGHT),
            warning=ParagraphStyle("cf-warning", base, fontName=BOLD, fontSize=11, leading=14,
                                   textColor=WARN, spaceBefore=2, spaceAfter=4),
            block=ParagraphStyle("cf-block", base, fontSize=10.5, leading=13.5, spaceAfter=2),
        )
    return _styles


# -- text --------------------------------------------------------------------------------------

_CYRILLIC = re.compile("[\u0400-\u04ff]")


def hyphenator() -> Callable[[str], Iterable[tuple[str, str]]] | None:
    """Where a word may break, with a hyphen: pyphen's Russian patterns for Cyrillic words
    ("предвари-тельного"), English ones for Latin words; None without pyphen (then reportlab
    only splits a word longer than its line, without a hyphen)."""
    try:
        import pyphen  # noqa: PLC0415
    except ImportError:
        return None
    russian, english = pyphen.Pyphen(lang="ru_RU"), pyphen.Pyphen(lang="en_US")

    def pairs(word: str) -> Iterable[tuple[str, str]]:
        return (russian if _CYRILLIC.search(word) else english).iterate(word)

    return pairs


def markup(text: object) -> str:
    """Plain text as reportlab mini-markup: escaped, line breaks kept."""
    value = "" if text is None else str(text)
    return escape(value).replace("\r\n", "\n").replace("\n", "<br/>")


def para(text: object, style: Any = None, *, bold: bool = False) -> Paragraph:
    from reportlab.platypus import Paragraph  # noqa: PLC0415

    content = markup(text)
    if bold:
        content = f"<b>{content}</b>"
    return Paragraph(content, style if style is not None else styles().body)


def rich(content: str, style: Any = None) -> Paragraph:
    """A Paragraph from markup the caller built (record text already through ``markup``)."""
    from reportlab.platypus import Paragraph  # noqa: PLC0415

    return Paragraph(content, style if style is not None else styles().body)


def paragraphs(text: str, style: Any = None) -> list[Flowable]:
    """A letter body: blank lines separate paragraphs, single line breaks stay."""
    blocks = [b.strip("\n") for b in text.replace("\r\n", "\n").split("\n\n")]
    return [para(b, style) for b in blocks if b.strip()]


def kg(grams: float) -> str:
    """Grams as kilograms in the chosen language: 3560 → '3,56' / '3.56'."""
    return format_number(round(grams / 1000, 3))


def grams(value: float) -> str:
    return format_number(value)


def label(record_type: str, field: str) -> str:
    """A field's label, translated (the record specs' msgids)."""
    spec = SPECS[record_type].field(field)
    return _(spec.label) if spec is not None else field


def choice(record_type: str, field: str, value: object) -> str:
    return choice_label(record_type, field, value) if value else ""


def person_line(person: dict[str, Any]) -> str:
    """'Кагарлицкий Борис Юльевич, 1958 г. р.': how a letter to a facility names a prisoner."""
    name = str(person.get("full_name") or "")
    year = person.get("birth_year") or (str(person.get("birth_date") or "")[:4] or None)
    if not year:
        return name
    # "1958 г. р." never breaks across lines: non-breaking spaces after the name's comma.
    head, _sep, tail = _("{0}, born {1}").format("\0", year).partition("\0")
    tail = tail.replace(" ", NBSP).replace("," + NBSP, ", ", 1)
    return head + name + tail


def address_line(postal_code: object, address: object) -> str:
    return ", ".join(str(p) for p in (postal_code, address) if p)


# -- tables ------------------------------------------------------------------------------------

def widths(*fixed_mm: float | None) -> list[float]:
    """Column widths in points: the one ``None`` takes what the fixed columns leave."""
    fixed = sum(w for w in fixed_mm if w is not None) * MM
    flexible = [w for w in fixed_mm if w is None]
    rest = (FRAME_WIDTH - fixed) / max(len(flexible), 1)
    return [rest if w is None else w * MM for w in fixed_mm]


class Plain(str):
    """A table cell drawn as one line in the table's font: numbers, short labels.

    A Paragraph parses markup and breaks lines for every cell, which made a manifest's
    items table most of its rendering time; a number needs neither.
    """


CELL_PADDING = 3  # left and right, in every table


def fits_one_line(text: str, width: float, style: Any) -> bool:
    """Whether ``text`` is one line no wider than ``width`` in ``style``'s font and size,
    so a ``Plain`` cell shows it as the Paragraph would (tables use the cell style's font)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth  # noqa: PLC0415

    return ("\n" not in text and "\r" not in text
            and stringWidth(text, style.fontName, style.fontSize) <= width)


def table(rows: Sequence[Sequence[object]], col_widths: Sequence[float], *,
          header: bool = True, extra: Iterable[tuple[Any, ...]] = (),
          grid: bool = True) -> Table:
    """A table whose cells are Paragraphs (strings are wrapped in the cell style), except
    ``Plain`` ones, drawn as they are."""
    from reportlab.lib.colors import Color  # noqa: PLC0415
    from reportlab.platypus import Table, TableStyle  # noqa: PLC0415

    st = styles()
    cells = [[c if not isinstance(c, str) or isinstance(c, Plain)
              else para(c, st.cell_bold if header and r == 0 else st.cell) for c in row]
             for r, row in enumerate(rows)]
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if grid:
        commands.append(("GRID", (0, 0), (-1, -1), 0.4, Color(*GREY)))
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), Color(*LIGHT)))
    commands.extend(extra)
    result = Table(cells, colWidths=list(col_widths), repeatRows=1 if header else 0,
                   hAlign="LEFT")
    result.setStyle(TableStyle(commands))
    return result


def facts(rows: Sequence[tuple[str, object]], label_mm: float = 45) -> Table:
    """Label / value pairs without a grid; empty values are left out."""
    st = styles()
    col_widths = widths(label_mm, None)
    label_width, value_width = (w - 2 * CELL_PADDING for w in col_widths)
    shown: list[tuple[object, object]] = []
    bold: list[tuple[Any, ...]] = []
    for key, value in rows:
        if value in (None, "", []):
            continue
        k, v = str(key), str(value)
        # One-line labels and values are Plain cells: they print the same, without a
        # Paragraph's markup parsing and line breaking (most facts are one line).
        if fits_one_line(k, label_width, st.cell_bold):
            bold.append(("FONTNAME", (0, len(shown)), (0, len(shown)), BOLD))
            label_cell: object = Plain(k)
        else:
            label_cell = para(k, st.cell_bold)
        value_cell = Plain(v) if fits_one_line(v, value_width, st.cell) else para(v, st.cell)
        shown.append((label_cell, value_cell))
    # Plain rows as tall as one-line Paragraph rows in the cell style.
    bold.append(("LEADING", (0, 0), (-1, -1), st.cell.leading))
    return table(shown or [("", "")], col_widths, header=False, grid=False, extra=bold)


def tables_in(story: Iterable[Flowable]) -> Iterator[Table]:
    """Every Table in a story, also inside KeepTogether and nested tables (for checks)."""
    from reportlab.platypus import Table  # noqa: PLC0415

    for flowable in story:
        if isinstance(flowable, Table):
            yield flowable
            for row in flowable._cellvalues:  # reportlab keeps the cells here
                for cell in row:
                    if isinstance(cell, list | tuple):
                        yield from tables_in(cell)
                    elif hasattr(cell, "wrap"):
                        yield from tables_in([cell])
        inner = getattr(flowable, "_content", None)
        if isinstance(inner, list):
            yield from tables_in(inner)


# -- rendering ---------------------------------------------------------------------------------

def numbered_canvas(draw: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas class that knows the page count when the last page is done.

    Pages are kept until ``save`` so ``draw(canvas, page, total)`` can write "page N of M".
    """
    from reportlab.pdfgen.canvas import Canvas  # noqa: PLC0415

    class _NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                draw(self, self._pageNumber, total)
                super().showPage()
            super().save()

    return _NumberedCanvas


def page_number_footer(*, only_if_several: bool) -> Callable[[Canvas, int, int], None]:
    def draw(canvas: Canvas, page: int, total: int) -> None:
        if only_if_several and total < 2:
            return
        canvas.saveState()
        canvas.setFont(REGULAR, 8.5)
        canvas.setFillColorRGB(*GREY)
        canvas.drawCentredString(A4[0] / 2, BOTTOM / 2, _("page {0} of {1}").format(page, total))
        canvas.restoreState()

    return draw


def render(story: list[Flowable], *, title: str, on_page: PageHook | None = None,
           page_numbers: bool | None = None) -> bytes:
    """Lay out an A4 story in memory and return the PDF.

    ``page_numbers``: True on every page, None only when there is more than one page,
    False never.
    """
    register_fonts()
    from reportlab.platypus import SimpleDocTemplate  # noqa: PLC0415

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT,
                            topMargin=TOP, bottomMargin=BOTTOM, title=title, author="",
                            subject="", creator="casefile", invariant=True,
                            lang=_language_tag(), initialFontName=REGULAR)
    hook: PageHook = on_page or (lambda canvas, doc: None)
    kwargs: dict[str, Any] = {}
    if page_numbers is not False:
        kwargs["canvasmaker"] = numbered_canvas(
            page_number_footer(only_if_several=page_numbers is None))
    doc.build(story, onFirstPage=hook, onLaterPages=hook, **kwargs)
    return out.getvalue()


def canvas_document(pagesize: tuple[float, float], *, title: str) -> tuple[Canvas, io.BytesIO]:
    """A bare canvas for drawn documents (envelopes), writing to memory."""
    register_fonts()
    from reportlab.pdfgen.canvas import Canvas  # noqa: PLC0415

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=pagesize, invariant=True, lang=_language_tag(),
                    initialFontName=REGULAR)
    canvas.setTitle(title)
    canvas.setAuthor("")
    canvas.setCreator("casefile")
    return canvas, out


def _language_tag() -> str:
    from casefile.i18n import language  # noqa: PLC0415

    return language()
