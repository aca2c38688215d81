"""A lawyer's case summary: parties, charges, measure, hearings, timeline; confidential."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from casefile.domain.errors import NotFoundError
from casefile.i18n import document_language, format_date, format_moment
from casefile.printing import case_summary
from casefile.printing.case_summary import CONFIDENTIAL, split_hearings
from casefile.services.demo.data import demo_id
from casefile.services.documents import printing
from casefile.services.records.session import Session
from tests.printing.conftest import TODAY
from tests.printing.pdfcheck import assert_document, assert_tables_fit, has, pages

UFA = demo_id("case:ufa")
NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 12, 0, tzinfo=UTC)


def test_the_summary_has_parties_charges_measure_hearings_and_timeline(demo: Session) -> None:
    case = demo.get("case", UFA)
    people = [demo.get("person", i) for i in case["person_ids"]]
    lawyers = [demo.get("contact", i) for i in case["lawyer_ids"]]
    hearings = demo.list("hearing", {"case_id": UFA})
    events = demo.list("event", {"case_id": UFA})
    data = printing.print_case(demo, UFA, now=NOW)
    upcoming = [h for h in hearings if datetime.fromisoformat(h["starts_at"]) >= NOW]
    assert upcoming
    assert_document(data, [
        case["title"], case["case_number"], *case["articles"], case["investigating_body"],
        case["court"], case["judge"],
        *(p["full_name"] for p in people), *(str(p["birth_year"]) for p in people),
        *(c["full_name"] for c in lawyers), *(c["phone"] for c in lawyers),
        *(c["organization"] for c in lawyers),
        *(on_the_courts_clock(h) for h in hearings), "Yekaterinburg (UTC+5)",
        *(e["description"] for e in events),
    ])
    assert "Asia/Yekaterinburg" not in "".join(pages(data))


def on_the_courts_clock(hearing: dict) -> str:
    local = datetime.fromisoformat(hearing["starts_at"]).astimezone(ZoneInfo(hearing["timezone"]))
    return f"{format_date(local.date().isoformat())} {local:%H:%M}"


@pytest.mark.parametrize(("lang", "label"), [("ru", "Екатеринбург (UTC+5)"),
                                              ("en", "Yekaterinburg (UTC+5)")])
def test_hearing_times_carry_the_zone_as_the_window_names_it(
        demo: Session, lang: str, label: str) -> None:
    hearings = demo.list("hearing", {"case_id": UFA})
    assert {h["timezone"] for h in hearings} == {"Asia/Yekaterinburg"}
    text = "\n".join(pages(printing.print_case(demo, UFA, now=NOW, lang=lang)))
    with document_language(lang):
        times = [on_the_courts_clock(h) for h in hearings]
    for shown in times:
        assert has(text, f"{shown} {label}"), (shown, text)


def test_the_zone_follows_the_court_whatever_offset_was_stored(english: None) -> None:
    when = case_summary._when
    # Stored in UTC (an import, the command line): shown on the court's clock all the same.
    assert when({"starts_at": "2027-01-12T05:00+00:00", "timezone": "Asia/Yekaterinburg"}) \
        == "12 Jan 2027 10:00\nYekaterinburg (UTC+5)"
    # Summer time is the offset of that day; a zone outside the table is named by its city.
    assert when({"starts_at": "2027-07-01T10:00", "timezone": "America/Argentina/Buenos_Aires"}) \
        == "1 Jul 2027 10:00\nBuenos Aires (UTC\u22123)"
    assert when({"starts_at": "2027-07-01T10:00", "timezone": "Europe/London"}) \
        == "1 Jul 2027 10:00\nLondon (UTC+1)"
    # Without a zone: the time with the offset it has, as before.
    assert when({"starts_at": "2027-01-12T10:00+05:00"}) == format_moment("2027-01-12T10:00+05:00")
    assert when({"starts_at": None, "timezone": "Europe/Moscow"}) == "Moscow (UTC+3)"


def test_every_page_is_marked_confidential(demo: Session) -> None:
    texts = pages(printing.print_case(demo, UFA, now=NOW))
    assert len(texts) >= 2
    for text in texts:
        assert "КОНФИДЕНЦИАЛЬНО" in text
        assert has(text, CONFIDENTIAL)


def test_hearings_split_into_past_and_upcoming_on_the_courts_clock() -> None:
    hearings = [{"starts_at": "2026-03-10T16:30+05:00"},  # 11:30 UTC: past at noon UTC
                {"starts_at": "2026-03-10T17:30+05:00"},  # 12:30 UTC: upcoming
                {"starts_at": None}]
    past, upcoming = split_hearings(hearings, NOW)
    assert past == [hearings[0]]
    assert upcoming == [hearings[1], hearings[2]]


def test_the_case_story_keeps_its_tables_within_the_margins(demo: Session) -> None:
    case = demo.get("case", UFA)
    people = [demo.get("person", i) for i in case["person_ids"]]
    defendants = [(p, demo.get("facility", p["facility_id"]) if p["facility_id"] else None)
                  for p in people]
    lawyers = [demo.get("contact", i) for i in case["lawyer_ids"]]
    flow = case_summary.story(case, defendants=defendants, lawyers=lawyers,
                              hearings=demo.list("hearing", {"case_id": UFA}),
                              events=demo.list("event", {"case_id": UFA}),
                              people={p["id"]: p["full_name"] for p in people}, now=NOW)
    assert assert_tables_fit(flow) >= 6


def test_a_missing_case_is_a_user_error(demo: Session) -> None:
    with pytest.raises(NotFoundError):
        printing.print_case(demo, "00000000-0000-4000-8000-000000000000")
