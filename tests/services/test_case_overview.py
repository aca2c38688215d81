"""A case's page: facts, defendants, lawyers, hearings to come and past on the court's clock,
the measure deadline with the days left, and the case's files."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from casefile.i18n import document_language
from casefile.services.records.session import Session
from casefile.services.views.caseoverview import case_overview
from casefile.services.views.hearingtime import court_day, when_text, your_time

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # 12:00 in Moscow, 14:00 in Yekaterinburg


@pytest.fixture
def case(session: Session) -> dict:
    person = session.add("person", {"full_name": "Галимов Ринат"})
    lawyer = session.add("contact", {"full_name": "Адвокат Петрова", "role": "lawyer"})
    return session.add("case", {
        "title": "Дело Галимова", "articles": ["ст. 205.2 ч. 2 УК РФ"], "stage": "trial",
        "person_ids": [person["id"]], "lawyer_ids": [lawyer["id"]],
        "measure": "detention", "measure_until": "2026-12-10"})


def test_the_overview_gathers_what_a_lawyer_looks_for(session: Session, case: dict) -> None:
    soon = session.add("hearing", {"case_id": case["id"], "starts_at": "2026-12-01T10:00",
                                   "timezone": "Asia/Yekaterinburg", "court": "Кировский суд"})
    later = session.add("hearing", {"case_id": case["id"],
                                    "starts_at": "2027-01-12T10:00+03:00"})
    old = session.add("hearing", {"case_id": case["id"], "starts_at": "2026-10-01T10:00+05:00",
                                  "timezone": "Asia/Yekaterinburg"})
    older = session.add("hearing", {"case_id": case["id"], "starts_at": "2026-09-01T10:00+05:00",
                                    "timezone": "Asia/Yekaterinburg"})
    # Earlier today on the court's clock (10:00 in Yekaterinburg is 05:00 UTC): past already.
    today = session.add("hearing", {"case_id": case["id"], "starts_at": "2026-11-27T10:00",
                                    "timezone": "Asia/Yekaterinburg"})
    session.add("hearing", {"case_id": session.add("case", {"title": "Другое"})["id"],
                            "starts_at": "2026-12-02T10:00+03:00"})
    session.attach_bytes(case["id"], "обвинительное.pdf", b"%PDF-1.4")
    o = case_overview(session, case["id"], NOW)
    assert [p["full_name"] for p in o.defendants] == ["Галимов Ринат"]
    assert [c["full_name"] for c in o.lawyers] == ["Адвокат Петрова"]
    assert [h.hearing["id"] for h in o.upcoming] == [soon["id"], later["id"]]
    assert [h.hearing["id"] for h in o.past] == [today["id"], old["id"], older["id"]]
    assert o.upcoming[0].when == "1 Dec 2026 10:00, Yekaterinburg (UTC+5)"
    assert o.upcoming[1].when == "12 Jan 2027 10:00 (+03:00)"  # no zone: its stored offset
    assert o.measure == "detention" and str(o.measure_until) == "2026-12-10"
    assert o.measure_days == 13
    assert [f.filename for f in o.files] == ["обвинительное.pdf"]


def test_no_measure_no_deadline(session: Session) -> None:
    case = session.add("case", {"title": "Без меры", "measure": "none",
                                "measure_until": "2026-12-10"})
    o = case_overview(session, case["id"], NOW)
    assert o.measure_until is None and o.measure_days is None
    assert o.upcoming == o.past == [] and o.defendants == o.lawyers == []


def test_the_time_is_the_courts_in_russian_too() -> None:
    hearing = {"starts_at": "2026-12-01T05:00:00+00:00", "timezone": "Asia/Yekaterinburg"}
    assert str(court_day(hearing)) == "2026-12-01"
    with document_language("ru"):
        assert when_text(hearing) == "01.12.2026 10:00, Екатеринбург (UTC+5)"
    moscow = datetime(2026, 11, 27, 12, 0).astimezone(
        __import__("zoneinfo").ZoneInfo("Europe/Moscow"))
    assert your_time(hearing, moscow) == "08:00 your time"
    assert your_time({**hearing, "timezone": "Europe/Moscow"}, moscow) == ""
    assert when_text({"starts_at": ""}) == "no time set"
