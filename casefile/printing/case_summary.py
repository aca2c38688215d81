"""A case summary for a lawyer: parties, charges, measure, hearings and the timeline.

Every page carries "КОНФИДЕНЦИАЛЬНО / CONFIDENTIAL" in both languages at its head (whatever
language the rest is printed in, so anyone who picks up a page knows), and "page N of M".
Hearing times are shown on the court's own clock, with its zone as the window names it:
"12.01.2027 10:00" over "Екатеринбург (UTC+5)".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, Spacer

from casefile.domain.zones import zone_label, zone_offset
from casefile.i18n import _, format_date, format_moment
from casefile.printing.fonts import BOLD, REGULAR
from casefile.printing.layout import (
    A4,
    FRAME_WIDTH,
    GREY,
    LEFT,
    MM,
    RIGHT,
    TOP,
    WARN,
    choice,
    facts,
    label,
    para,
    render,
    styles,
    table,
    widths,
)
from casefile.printing.timeline import timeline_drawing

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus.doctemplate import BaseDocTemplate

CONFIDENTIAL = "КОНФИДЕНЦИАЛЬНО / CONFIDENTIAL"


def _moment(value: object) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def split_hearings(hearings: Sequence[dict[str, Any]],
                   now: datetime) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(past, upcoming), each in date order; a hearing without a time counts as upcoming."""
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    far = datetime.max.replace(tzinfo=UTC)
    ordered = sorted(hearings, key=lambda h: _moment(h.get("starts_at")) or far)
    past = [h for h in ordered if (_moment(h.get("starts_at")) or far) < now]
    upcoming = [h for h in ordered if (_moment(h.get("starts_at")) or far) >= now]
    return past, upcoming


def _when(hearing: dict[str, Any]) -> str:
    """The date and time on the court's clock, and under them its zone named as the window
    names it, with the offset of that day: "12.01.2027 10:00" / "Екатеринбург (UTC+5)".
    Without a zone, the time with the offset it was stored with."""
    value = hearing.get("starts_at")
    zone = str(hearing.get("timezone") or "")
    if not zone or zone_offset(zone) is None:
        shown = format_moment(value)
        return f"{shown}\n{zone}" if zone else shown
    try:
        moment = datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        moment = None
    if moment is None:
        return "\n".join(p for p in (str(value or ""), zone_label(zone)) if p)
    court = ZoneInfo(zone)  # a time without an offset is a wall time on the court's clock
    local = moment.astimezone(court) if moment.tzinfo else moment.replace(tzinfo=court)
    return (f"{format_date(local.date().isoformat())} {local:%H:%M}\n"
            f"{zone_label(zone, local)}")


def _where(hearing: dict[str, Any]) -> str:
    return ", ".join(str(p) for p in (hearing.get("court"), hearing.get("courtroom")) if p)


def _confidential(canvas: Canvas, doc: BaseDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont(BOLD, 9.5)
    canvas.setFillColorRGB(*WARN)
    y = A4[1] - TOP / 2 - 1 * MM
    canvas.drawCentredString(A4[0] / 2, y, CONFIDENTIAL)
    canvas.setStrokeColorRGB(*WARN)
    canvas.setLineWidth(0.6)
    canvas.line(LEFT, y - 2 * MM, A4[0] - RIGHT, y - 2 * MM)
    canvas.setFont(REGULAR, 7.5)
    canvas.setFillColorRGB(*GREY)
    canvas.drawString(LEFT, 10 * MM, CONFIDENTIAL)
    canvas.restoreState()


def _timeline(events: Sequence[dict[str, Any]], marks: Sequence[Mapping[str, str]], *,
              several: bool, people: dict[str, str], now: datetime) -> list[Flowable]:
    """The timeline picture (when there are marks), then the case's events as a list."""
    st = styles()
    flow: list[Flowable] = []
    flow.append(para(_("Timeline"), st.heading))
    if marks:
        flow.append(timeline_drawing(marks, FRAME_WIDTH, now.date()))
        flow.append(para(_("Hearings are squares, deadlines diamonds; a hollow letter is one "
                           "received. The dashed line is the day of printing."), st.note))
    ordered = sorted(events, key=lambda e: str(e.get("on") or ""))
    if ordered:
        rows = [[label("event", "on"), label("event", "kind"), label("event", "description")]]
        for event in ordered:
            text = str(event.get("description") or "")
            who = people.get(str(event.get("person_id") or ""))
            if several and who:
                text = f"{who}: {text}"
            rows.append([format_date(event.get("on")), choice("event", "kind", event.get("kind")),
                         text])
        flow.append(table(rows, widths(24, 32, None)))
    else:
        flow.append(para("—", st.small))
    return flow


def _case_facts(case: dict[str, Any]) -> Flowable:
    """The case's number, articles, stage, court, judge, measure and sentence."""
    measure = case.get("measure")
    return facts([
        (label("case", "case_number"), case.get("case_number")),
        (label("case", "articles"), "; ".join(case.get("articles") or [])),
        (label("case", "stage"), choice("case", "stage", case.get("stage"))),
        (label("case", "investigating_body"), case.get("investigating_body")),
        (label("case", "court"), case.get("court")),
        (label("case", "judge"), case.get("judge")),
        (label("case", "measure"), choice("case", "measure", measure)),
        (label("case", "measure_until"),
         format_date(case.get("measure_until")) if measure not in (None, "", "none") else ""),
        (label("case", "sentence"), case.get("sentence")),
    ], label_mm=48)


def _defendants(defendants: Sequence[tuple[dict[str, Any], dict[str, Any] | None]]
                ) -> list[Flowable]:
    """The defendants, each with the facility where they are held."""
    flow: list[Flowable] = [para(label("case", "person_ids"), styles().heading)]
    rows: list[list[object]] = [[label("person", "full_name"), label("person", "birth_year"),
                                 label("person", "status"), label("person", "facility_id")]]
    for person, facility in defendants:
        rows.append([person.get("full_name") or "", str(person.get("birth_year") or ""),
                     choice("person", "status", person.get("status")),
                     (facility or {}).get("name") or ""])
    if len(rows) == 1:
        rows.append(["—", "", "", ""])
    flow.append(table(rows, widths(None, 22, 35, 55)))
    return flow


def _lawyers(lawyers: Sequence[dict[str, Any]]) -> list[Flowable]:
    """The case's lawyers and how to reach them."""
    flow: list[Flowable] = [para(label("case", "lawyer_ids"), styles().heading)]
    rows: list[list[object]] = [[label("contact", "full_name"),
                                 label("contact", "organization"), label("contact", "phone")]]
    for lawyer in lawyers:
        rows.append([lawyer.get("full_name") or "", lawyer.get("organization") or "",
                     lawyer.get("phone") or ""])
    if len(rows) == 1:
        rows.append(["—", "", ""])
    flow.append(table(rows, widths(55, None, 38)))
    return flow


def _hearings(hearings: Sequence[dict[str, Any]], now: datetime) -> list[Flowable]:
    """Upcoming hearings, highlighted, then past ones with their outcome."""
    st = styles()
    flow: list[Flowable] = []
    past, upcoming = split_hearings(hearings, now)
    flow.append(para(_("Upcoming hearings"), st.heading))
    if upcoming:
        rows = [[_("Date and time (court's zone)"), label("hearing", "kind"),
                 label("hearing", "court"), label("hearing", "judge")]]
        rows += [[_when(h), choice("hearing", "kind", h.get("kind")), _where(h),
                  h.get("judge") or ""] for h in upcoming]
        flow.append(table(rows, widths(42, 32, None, 32),
                          extra=[("BACKGROUND", (0, 1), (0, -1), Color(1, 0.97, 0.85))]))
    else:
        flow.append(para("—", st.small))
    flow.append(para(_("Past hearings"), st.heading))
    if past:
        rows = [[_("Date and time (court's zone)"), label("hearing", "kind"),
                 label("hearing", "court"), label("hearing", "outcome")]]
        rows += [[_when(h), choice("hearing", "kind", h.get("kind")), _where(h),
                  h.get("outcome") or ""] for h in past]
        flow.append(table(rows, widths(42, 28, 45, None)))
    else:
        flow.append(para("—", st.small))
    return flow


def story(case: dict[str, Any], *,
          defendants: Sequence[tuple[dict[str, Any], dict[str, Any] | None]],
          lawyers: Sequence[dict[str, Any]], hearings: Sequence[dict[str, Any]],
          events: Sequence[dict[str, Any]], people: dict[str, str],
          now: datetime, marks: Sequence[Mapping[str, str]] = ()) -> list[Flowable]:
    """``people`` maps person ids to names, for events that concern one defendant.

    ``marks`` are the case's timeline marks as plain dicts (see casefile.services.views.timeline):
    drawn as a picture above the list of events.
    """
    st = styles()
    flow: list[Flowable] = [
        para(case.get("title") or "", st.title),
        para(_("Case summary for the defence, printed {0}.").format(
            format_date(now.date().isoformat())), st.note),
        Spacer(1, 2 * MM),
        _case_facts(case),
        *_defendants(defendants),
        *_lawyers(lawyers),
        *_hearings(hearings, now),
    ]
    flow += _timeline(events, marks, several=len(defendants) > 1, people=people, now=now)
    return flow


def render_case_summary(case: dict[str, Any], *,
                        defendants: Sequence[tuple[dict[str, Any], dict[str, Any] | None]],
                        lawyers: Sequence[dict[str, Any]], hearings: Sequence[dict[str, Any]],
                        events: Sequence[dict[str, Any]], people: dict[str, str],
                        now: datetime, marks: Sequence[Mapping[str, str]] = ()) -> bytes:
    flow = story(case, defendants=defendants, lawyers=lawyers, hearings=hearings,
                 events=events, people=people, now=now, marks=marks)
    return render(flow, title=_("Case summary"), on_page=_confidential, page_numbers=True)
