"""Reminders: hearings and measure deadlines within N days, one list for the dashboard and
the tray, and the tray's words, which name no one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from casefile.i18n import document_language
from casefile.services.records.session import Session
from casefile.services.views.reminders import days_words, due_items, due_summary

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # a Friday


@pytest.fixture
def case(session: Session) -> dict:
    person = session.add("person", {"full_name": "Галимов Ринат"})
    return session.add("case", {"title": "Дело Галимова", "person_ids": [person["id"]],
                                "measure": "detention", "measure_until": "2026-11-30"})


def test_hearings_and_deadlines_within_n_days(session: Session, case: dict) -> None:
    def hearing(starts_at: str, zone: str = "Asia/Yekaterinburg") -> str:
        return session.add("hearing", {"case_id": case["id"], "starts_at": starts_at,
                                       "timezone": zone})["id"]

    begun = hearing("2026-11-27T10:00")  # 05:00 UTC: over already
    later_today = hearing("2026-11-27T17:00")
    in_two = hearing("2026-11-29T10:00")
    # 23:30 on the 30th in Yekaterinburg is the 30th there, though already December in Tokyo.
    late = hearing("2026-11-30T23:30")
    too_far = hearing("2026-12-01T00:30")
    session.add("case", {"title": "Далёкое", "measure": "detention",
                         "measure_until": "2026-12-20"})
    session.add("case", {"title": "Без меры", "measure": "none", "measure_until": "2026-11-28"})
    items = due_items(session, 3, NOW)
    assert [(i.kind, i.record["id"], i.days) for i in items] == [
        ("hearing", later_today, 0), ("hearing", in_two, 2), ("measure", case["id"], 3),
        ("hearing", late, 3)]
    assert begun not in {i.record["id"] for i in items}
    assert too_far not in {i.record["id"] for i in items}
    assert items[1].when == "29 Nov 2026 10:00, Yekaterinburg (UTC+5)"
    assert items[1].case["title"] == "Дело Галимова"
    assert items[2].target == ("case", case["id"])
    assert [i.record["id"] for i in due_items(session, 1, NOW)] == [later_today]
    assert [i.record["id"] for i in due_items(session, 0, NOW)] == [later_today]


def test_the_trays_words_name_no_one(session: Session, case: dict) -> None:
    session.add("hearing", {"case_id": case["id"], "starts_at": "2026-11-28T10:00+03:00",
                            "court": "Кировский суд"})
    session.add("hearing", {"case_id": case["id"], "starts_at": "2026-11-29T10:00+03:00"})
    items = due_items(session, 3, NOW)
    text = due_summary(items, 3)
    assert text == "2 hearings and 1 measure deadline in the next 3 days"
    for secret in ("Галимов", "Дело", "Кировский", "detention"):
        assert secret not in text
    with document_language("ru"):
        assert due_summary(items, 3) == "2 заседания и 1 срок меры пресечения в ближайшие 3 дня"
        assert due_summary(items[:1], 1) == "1 заседание сегодня или завтра"
        assert due_summary(items[:1], 5) == "1 заседание в ближайшие 5 дней"
    assert due_summary([], 3) == ""
    assert due_summary(items[2:], 0) == "1 measure deadline today"


def test_days_in_words() -> None:
    assert [days_words(d) for d in (0, 1, 3, -1, -4)] == [
        "today", "tomorrow", "in 3 days", "yesterday", "4 days ago"]
    with document_language("ru"):
        assert [days_words(d) for d in (0, 1, 2, 5, 21, -3)] == [
            "сегодня", "завтра", "через 2 дня", "через 5 дней", "через 21 день",
            "3 дня назад"]
