"""The printed case summary draws the same timeline as the window, from the same marks."""

from __future__ import annotations

from datetime import UTC, datetime

from casefile.domain.timeline import LANES
from casefile.i18n import _, format_month
from casefile.printing import case_summary
from casefile.printing.layout import FRAME_WIDTH
from casefile.printing.timeline import TimelineDrawing
from casefile.services.demo.data import demo_id
from casefile.services.documents import printing
from casefile.services.records.session import Session
from casefile.services.views.timeline import case_timeline
from tests.printing.conftest import TODAY
from tests.printing.pdfcheck import assert_document, has, pages

UFA = demo_id("case:ufa")
NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 12, 0, tzinfo=UTC)


def drawings(flow: list[object]) -> list[TimelineDrawing]:
    return [f for f in flow if isinstance(f, TimelineDrawing)]


def summary_story(demo: Session, case_id: str) -> list[object]:
    case = demo.get("case", case_id)
    return case_summary.story(
        case, defendants=[], lawyers=[], hearings=[], events=[], people={}, now=NOW,
        marks=[m.as_dict() for m in case_timeline(demo, case_id)])


def test_the_pdf_has_the_timeline_with_its_lanes_and_months(demo: Session, russian) -> None:
    data = printing.print_case(demo, UFA, now=NOW)
    text = assert_document(data, [_("Timeline"), *(_(lane.label) for lane in LANES)])
    page = next(p for p in pages(data) if has(p, "Хронология"))
    assert has(page, "События") and has(page, "Сроки") and has(page, "Заседания")
    marks = case_timeline(demo, UFA)
    first = min(m.on for m in marks)
    assert has(page, format_month(first))  # the axis starts at the first mark's month
    # The events the picture shows are listed under it by name.
    for mark in marks:
        if mark.lane == "event":
            assert has(text, mark.label.split(" — ", 1)[1])


def test_the_drawing_holds_every_mark_of_the_case(demo: Session, english) -> None:
    flow = summary_story(demo, UFA)
    [drawing] = drawings(flow)
    assert drawing.marks == [m.as_dict() for m in case_timeline(demo, UFA)]
    assert drawing.width == FRAME_WIDTH  # within the margins
    data = printing.print_case(demo, UFA, now=NOW)
    assert_document(data, ["Timeline", "Events", "Deadlines", "Hearings", "Letters",
                           "Parcels"])


def test_a_case_with_nothing_dated_prints_no_picture(session: Session) -> None:
    case = session.add("case", {"title": "Пустое дело"})
    flow = summary_story(session, case["id"])
    assert drawings(flow) == []
    assert has("\n".join(pages(printing.print_case(session, case["id"], now=NOW))),
               "Пустое дело")
