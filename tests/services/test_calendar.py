"""Hearings and measure deadlines as iCalendar, read back by the icalendar parser."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject

from casefile.domain.errors import NotFoundError
from casefile.services.interop.calendar import Scope, initials, lawyers, write_calendar
from casefile.services.records.session import Session

NAME = "Кагарлицкий Борис Юльевич"


@pytest.fixture
def case(session: Session) -> dict[str, Any]:
    person = session.add("person", {"full_name": NAME})
    return session.add("case", {
        "title": "Дело Кагарлицкого", "case_number": "1-12/2026", "court": "Кировский суд",
        "judge": "Судья Иванова", "person_ids": [person["id"]], "measure": "detention",
        "measure_until": "2027-01-15"})


def _events(path: Path) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_a_hearing_at_10_in_yekaterinburg_reads_back_at_10_plus_5(
        session: Session, case: dict[str, Any], tmp_path: Path) -> None:
    hearing = session.add("hearing", {
        "case_id": case["id"], "starts_at": "2026-12-01T10:00", "timezone": "Asia/Yekaterinburg",
        "court": "Кировский районный суд г. Екатеринбурга", "courtroom": "зал 5",
        "kind": "trial", "notes": "секретная заметка", "attendees": "Маша, Денис"})
    out = tmp_path / "court.ics"
    report = write_calendar(session, out)
    assert report.hearings == 1 and report.utc_only == 0
    event = _events(out)[f"{hearing['id']}@casefile"]
    start = event.decoded("dtstart")
    assert start.isoformat() == "2026-12-01T10:00:00+05:00"
    assert str(start.tzinfo) == "Asia/Yekaterinburg"
    assert event["dtstart"].params["TZID"] == "Asia/Yekaterinburg"
    assert (start.hour, start.utcoffset()) == (10, timedelta(hours=5))
    assert str(event["summary"]) == f"Trial session: {NAME}"
    assert str(event["location"]) == "Кировский районный суд г. Екатеринбурга, зал 5"
    assert "Судья Иванова" in str(event["description"])
    text = out.read_text(encoding="utf-8")
    assert "BEGIN:VTIMEZONE" in text and "TZID:Asia/Yekaterinburg" in text
    assert "секретная" not in text and "Маша" not in text
    # vobject reads the same file with its own VTIMEZONE handling: the same clock and offset.
    other = vobject.readOne(text).vevent.dtstart.value
    assert (other.hour, other.minute, other.utcoffset()) == (10, 0, timedelta(hours=5))


def test_the_stored_moment_is_shown_in_the_court_zone(session: Session, case: dict[str, Any],
                                                      tmp_path: Path) -> None:
    # Entered with the Moscow offset, but the court is in Novosibirsk: same moment, its clock.
    hearing = session.add("hearing", {"case_id": case["id"],
                                      "starts_at": "2026-12-01T10:00+03:00",
                                      "timezone": "Asia/Novosibirsk"})
    out = tmp_path / "court.ics"
    write_calendar(session, out)
    event = _events(out)[f"{hearing['id']}@casefile"]
    assert event.decoded("dtstart").isoformat() == "2026-12-01T14:00:00+07:00"


def test_offsets_follow_the_zone_history(session: Session, case: dict[str, Any],
                                         tmp_path: Path) -> None:
    # Yekaterinburg was on +06:00 from 2011 to October 2014.
    old = session.add("hearing", {"case_id": case["id"], "starts_at": "2013-07-01T10:00",
                                  "timezone": "Asia/Yekaterinburg"})
    new = session.add("hearing", {"case_id": case["id"], "starts_at": "2026-07-01T10:00",
                                  "timezone": "Asia/Yekaterinburg"})
    out = tmp_path / "court.ics"
    write_calendar(session, out)
    events = _events(out)
    assert events[f"{old['id']}@casefile"].decoded("dtstart").isoformat() == \
        "2013-07-01T10:00:00+06:00"
    assert events[f"{new['id']}@casefile"].decoded("dtstart").isoformat() == \
        "2026-07-01T10:00:00+05:00"


def test_a_hearing_without_a_zone_keeps_its_moment_in_utc(session: Session,
                                                          case: dict[str, Any],
                                                          tmp_path: Path) -> None:
    session.add("hearing", {"case_id": case["id"], "starts_at": "2026-12-01T10:00+05:00"})
    session.add("hearing", {"case_id": case["id"]})  # no time yet: left out
    out = tmp_path / "court.ics"
    report = write_calendar(session, out)
    assert report.as_dict() == {"hearings": 1, "deadlines": 1, "utc_only": 1,
                                "without_time": 1}
    hearing = next(e for e in _events(out).values() if not str(e["uid"]).startswith("measure"))
    assert hearing.decoded("dtstart") == datetime(2026, 12, 1, 5, 0, tzinfo=UTC)


def test_measure_deadline_is_an_all_day_event(session: Session, case: dict[str, Any],
                                              tmp_path: Path) -> None:
    session.add("case", {"title": "Без меры", "measure": "none", "measure_until": "2027-02-01"})
    out = tmp_path / "court.ics"
    assert write_calendar(session, out).deadlines == 1
    event = _events(out)[f"measure-{case['id']}@casefile"]
    assert event.decoded("dtstart") == date(2027, 1, 15)
    assert event["dtstart"].params["VALUE"] == "DATE"
    assert str(event["summary"]) == f"Measure runs out: detention — {NAME}"


def test_initials_name_no_one(session: Session, case: dict[str, Any], tmp_path: Path) -> None:
    session.add("hearing", {"case_id": case["id"], "starts_at": "2026-12-01T10:00+05:00",
                            "timezone": "Asia/Yekaterinburg", "court": "Кировский суд",
                            "judge": "Судья Петрова", "kind": "measure"})
    out = tmp_path / "court.ics"
    write_calendar(session, out, use_initials=True)
    text = out.read_text(encoding="utf-8")
    for secret in ("Кагарлицкий", "Борис", "Дело", "Петрова", "Иванова", "1-12/2026"):
        assert secret not in text
    summaries = sorted(str(e["summary"]) for e in _events(out).values())
    assert summaries == ["Measure (extension): К. Б. Ю.",
                         "Measure runs out: detention — К. Б. Ю."]
    assert {str(e["location"]) for e in _events(out).values()} == {"Кировский суд"}


def test_initials() -> None:
    assert initials("Кагарлицкий Борис Юльевич") == "К. Б. Ю."
    assert initials("Римский-Корсаков  Николай") == "Р. К. Н."
    assert initials("") == ""


def test_one_cases_or_one_lawyers_hearings(session: Session, case: dict[str, Any],
                                           tmp_path: Path) -> None:
    """Per case and per lawyer: only their cases' hearings and deadlines, read back."""
    lawyer = session.add("contact", {"full_name": "Адвокат Петрова", "role": "lawyer"})
    other_lawyer = session.add("contact", {"full_name": "Адвокат Сидоров", "role": "lawyer"})
    session.edit("case", case["id"], {"lawyer_ids": [lawyer["id"]]})
    other = session.add("case", {"title": "Дело Орлова", "lawyer_ids": [other_lawyer["id"]],
                                 "measure": "house_arrest", "measure_until": "2027-03-01"})
    ours = session.add("hearing", {"case_id": case["id"], "starts_at": "2026-12-01T10:00",
                                   "timezone": "Asia/Yekaterinburg"})
    theirs = session.add("hearing", {"case_id": other["id"], "starts_at": "2026-12-02T10:00",
                                     "timezone": "Europe/Moscow"})

    def uids(**scope: str) -> tuple[set[str], str]:
        out = tmp_path / "scoped.ics"
        write_calendar(session, out, scope=Scope(**scope))
        cal = icalendar.Calendar.from_ical(out.read_bytes())
        return set(_events(out)), str(cal["x-wr-calname"])

    everything = {f"{ours['id']}@casefile", f"{theirs['id']}@casefile",
                  f"measure-{case['id']}@casefile", f"measure-{other['id']}@casefile"}
    assert uids()[0] == everything
    assert uids(case_id=case["id"]) == (
        {f"{ours['id']}@casefile", f"measure-{case['id']}@casefile"},
        "Hearings and deadlines: Дело Кагарлицкого")
    assert uids(lawyer_id=other_lawyer["id"]) == (
        {f"{theirs['id']}@casefile", f"measure-{other['id']}@casefile"},
        "Hearings and deadlines: Адвокат Сидоров")
    out = tmp_path / "initials.ics"
    report = write_calendar(session, out, use_initials=True, scope=Scope(lawyer_id=lawyer["id"]))
    assert (report.hearings, report.deadlines) == (1, 1)
    assert "Петрова" not in out.read_text(encoding="utf-8")
    start = _events(out)[f"{ours['id']}@casefile"].decoded("dtstart")
    assert start.isoformat() == "2026-12-01T10:00:00+05:00"
    assert [c["id"] for c in lawyers(session)] == [lawyer["id"], other_lawyer["id"]]
    with pytest.raises(NotFoundError):
        write_calendar(session, out, scope=Scope(case_id=ours["id"]))
